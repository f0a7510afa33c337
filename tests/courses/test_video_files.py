"""A deleted video leaves nothing behind: its upload and its processed files go with it."""

from io import BytesIO

import pytest

from courses.models import LessonVideo
from home.private.storage import private_storage

pytestmark = pytest.mark.django_db


def test_deleting_a_video_removes_its_files_after_commit(lesson_video, django_capture_on_commit_callbacks):
    storage = private_storage()
    output_dir = "videos/" + "ab" * 16 + "/"
    storage.save(output_dir + "hls/master.m3u8", BytesIO(b"#EXTM3U\n"))
    LessonVideo.objects.filter(pk=lesson_video.pk).update(output_dir=output_dir)
    video = LessonVideo.objects.get(pk=lesson_video.pk)
    upload = video.file.name

    with django_capture_on_commit_callbacks(execute=True):
        video.delete()

    assert not storage.exists(upload)
    assert not storage.exists(output_dir + "hls/master.m3u8")
