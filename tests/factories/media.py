"""Processed videos, captions and documents for tests, written straight to the storages.

A video's output is written here as the processing task lays it out (courses/
video_processing.py), without ffmpeg: small files whose bytes tests can compare.
"""

import uuid

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from courses.models import LessonCaption, LessonDocument, LessonVideo, VideoStatus
from home.private.storage import private_storage

MASTER = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n"
VARIANT = (
    "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n"
    "#EXTINF:2.000000,\nseg_000.ts\n#EXT-X-ENDLIST\n"
)
CAPTION = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHej\n"


def mp4_bytes(size: int = 100_000) -> bytes:
    """Bytes that differ at every offset of a 256-byte period, so a misplaced range shows."""
    return bytes((n * 7 + n // 256) % 256 for n in range(size))


def video_output(output_dir: str, mp4_size: int = 100_000) -> dict[str, bytes]:
    """Write what processing makes of a video into `output_dir` of the private storage."""
    files = {
        "video.mp4": mp4_bytes(mp4_size),
        "poster.jpg": b"\xff\xd8\xff\xe0 poster " + output_dir.encode(),
        "hls/master.m3u8": MASTER.encode(),
        "hls/360p/index.m3u8": VARIANT.encode(),
        "hls/360p/seg_000.ts": b"G" + bytes(187) + output_dir.encode(),
    }
    storage = private_storage()
    for name, data in files.items():
        storage.save(f"{output_dir}{name}", ContentFile(data))
    return files


def ready_video(title: str = "Lektionsvideo", seller=None, ready: bool = True) -> LessonVideo:
    """A video with its processed output on disk and (unless `ready` is False) marked READY.

    Made with bulk_create: saving would probe the upload with ffprobe and queue processing.
    """
    output_dir = f"videos/{uuid.uuid4().hex}/"
    (video,) = LessonVideo.objects.bulk_create(
        [LessonVideo(title=title, seller=seller, file=f"videos/{uuid.uuid4().hex}.mp4")]
    )
    video.files = video_output(output_dir)
    if ready:
        LessonVideo.objects.filter(pk=video.pk).update(status=VideoStatus.READY, output_dir=output_dir)
        video.status, video.output_dir = VideoStatus.READY, output_dir
    return video


def add_caption(lesson, language: str, text: str = CAPTION) -> LessonCaption:
    """A caption track, its file written to the private storage as an upload would be."""
    name = private_storage().save(f"captions/{uuid.uuid4().hex}.vtt", ContentFile(text.encode()))
    return LessonCaption.objects.create(page=lesson, language=language, file=name)


def make_document(title: str, content: bytes = b"%PDF-1.4 test", uploaded_by=None, name=None):
    Document = get_document_model()
    document = Document(title=title, uploaded_by_user=uploaded_by)
    document.file.save(name or f"{title.lower()}.pdf", ContentFile(content), save=False)
    document.save()
    return document


def link_document(lesson, document) -> LessonDocument:
    return LessonDocument.objects.create(page=lesson, document=document)
