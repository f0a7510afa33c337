"""Bad uploads are refused with a clear message in the editor's language, and nothing is kept."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest

from courses.models import LessonVideo

pytestmark = pytest.mark.django_db

VIDEO_ADD = "/admin/snippets/courses/lessonvideo/add/"


def stored_files(settings):
    root = settings.STORAGES["private"]["OPTIONS"]["location"]
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def swedish_editor(client, editor):
    client.force_login(editor)
    client.cookies["django_language"] = "sv"
    return client


def post_video(client, name, content, content_type="video/mp4"):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(VIDEO_ADD, {"title": "Lektion", "file": upload}, headers={"accept-language": "sv"})


def test_editor_uploads_a_real_video(swedish_editor, demo_video_file, settings):
    response = post_video(swedish_editor, "lektion.mp4", demo_video_file.read())

    assert response.status_code == 302
    video = LessonVideo.objects.get()
    assert video.duration_seconds == pytest.approx(2, abs=0.2)
    assert (video.width, video.height, video.mime_type) == (640, 360, "video/mp4")
    # Stored outside MEDIA_ROOT under a random name, so no public URL reaches it.
    path = stored_files(settings)[0]
    assert str(settings.MEDIA_ROOT) not in str(path) and "lektion" not in path.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("falsk.mp4", b"Detta ar inte en video, bara text." * 10, "inte en MP4- eller WebM-video"),
        ("trasig.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500, "ingen video som vi kan läsa"),
    ],
)
def test_a_file_that_is_not_a_video_is_refused(swedish_editor, settings, name, content, message):
    response = post_video(swedish_editor, name, content)

    assert response.status_code == 200
    assert message in response.text
    assert LessonVideo.objects.count() == 0
    assert stored_files(settings) == []


def test_an_oversized_video_is_refused(swedish_editor, demo_video_file, settings):
    settings.COURSE_VIDEO_MAX_UPLOAD_SIZE = 1000

    response = post_video(swedish_editor, "stor.mp4", demo_video_file.read())

    assert "största tillåtna" in response.text
    assert LessonVideo.objects.count() == 0


def test_a_broken_image_is_refused(swedish_editor):
    upload = SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n" + b"broken" * 50, content_type="image/png")

    response = swedish_editor.post("/admin/images/add/", {"title": "Bild", "file": upload, "collection": 1})

    assert get_image_model().objects.count() == 0
    assert response.status_code == 200


def test_a_document_pretending_to_be_a_pdf_is_refused(swedish_editor):
    upload = SimpleUploadedFile(
        "avtal.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf"
    )

    response = swedish_editor.post(
        "/admin/documents/add/", {"title": "Avtal", "file": upload, "collection": 1}
    )

    assert response.status_code == 200
    assert "inte en riktig .pdf-fil" in response.text
    assert get_document_model().objects.count() == 0


def test_a_real_pdf_is_accepted(swedish_editor):
    upload = SimpleUploadedFile(
        "avtal.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf"
    )

    response = swedish_editor.post(
        "/admin/documents/add/", {"title": "Avtal", "file": upload, "collection": 1}
    )

    assert response.status_code == 302
    assert get_document_model().objects.count() == 1
