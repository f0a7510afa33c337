"""Uploads are judged by their content, whatever else the process has imported: images
(even after WeasyPrint relaxed Pillow), WebVTT captions and videos."""

import subprocess
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from wagtail.images import get_image_model

import pytest
from PIL import Image, ImageFile

from courses.captions import MAX_CAPTION_BYTES, parse_webvtt, validate_webvtt
from courses.models import LessonCaption, LessonVideo
from home.images import CheckedImageField
from tests.conftest import require


def damaged_message() -> str:
    """The refusal as a Swedish editor reads it."""
    with translation.override("sv"):
        return str(CheckedImageField.default_error_messages["damaged_image"])


def image_bytes(format: str) -> bytes:
    image = Image.effect_noise((240, 160), 80).convert("RGB")  # noise: no run of bytes to spare
    buffer = BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()


@pytest.fixture
def weasyprint_imported():
    import weasyprint  # noqa: F401 - imported for its side effect on Pillow

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # what this test guards against


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def post_image(client, name: str, data: bytes, content_type: str):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(
        "/admin/images/add/",
        {"title": "Bild", "file": upload, "collection": 1},
        headers={"accept-language": "sv"},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("format", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_a_truncated_image_is_refused_after_weasyprint_was_imported(
    editor_client, weasyprint_imported, format, content_type
):
    whole = image_bytes(format)

    response = post_image(editor_client, f"bild.{format.lower()}", whole[: len(whole) * 2 // 3], content_type)

    assert response.status_code == 200
    assert escape(damaged_message()) in response.content.decode()
    assert get_image_model().objects.count() == 0
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's PDFs keep their leniency


@pytest.mark.django_db
def test_a_whole_image_is_still_accepted(editor_client, weasyprint_imported):
    response = post_image(editor_client, "bild.png", image_bytes("PNG"), "image/png")

    assert response.status_code == 302
    assert get_image_model().objects.count() == 1


# --- WebVTT captions -----------------------------------------------------------------

VALID = "WEBVTT\n\n00:00.000 --> 00:02.500\nHej och välkommen\n\n00:00:02.500 --> 00:00:05.000 align:start\nTill kursen\n"


def refusal(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        parse_webvtt(data)
    return refused.value


def test_a_valid_track_gives_its_cues():
    assert parse_webvtt(VALID.encode()) == [(0.0, 2.5, "Hej och välkommen"), (2.5, 5.0, "Till kursen")]


def test_a_byte_order_mark_and_windows_line_ends_are_fine():
    data = "\ufeff" + VALID.replace("\n", "\r\n")

    assert len(parse_webvtt(data.encode())) == 2


def test_a_track_that_is_not_utf8_is_refused():
    assert refusal(VALID.encode("latin-1")).code == "encoding"
    assert refusal(VALID.encode("utf-16")).code == "encoding"


def test_a_track_without_the_webvtt_header_is_refused():
    srt = "1\n00:00:00,000 --> 00:00:02,000\nHej\n"

    assert refusal(srt.encode()).code == "signature"
    assert refusal(VALID.replace("WEBVTT", "WEBVTTX", 1).encode()).code == "signature"


@pytest.mark.parametrize("timing", ["00:00 --> 00:02.000", "00:00.000 --> 00:02", "00:61.000 --> 00:62.000"])
def test_a_timing_that_cannot_be_read_is_refused_with_its_line(timing):
    refused = refusal(f"WEBVTT\n\n{timing}\nHej\n".encode())

    assert refused.code == "timing" and refused.params == {"line": 3}


def test_a_caption_that_ends_before_it_starts_is_refused():
    refused = refusal(b"WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nBaklanges\n")

    assert refused.code == "end_before_start" and refused.params == {"line": 3}


def test_captions_out_of_order_are_refused():
    refused = refusal(b"WEBVTT\n\n00:05.000 --> 00:06.000\nSen\n\n00:01.000 --> 00:02.000\nTidig\n")

    assert refused.code == "order" and refused.params == {"line": 6}


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_an_empty_track_is_refused(data):
    assert refusal(data).code == "empty"


def test_a_track_with_no_captions_is_refused():
    assert refusal(b"WEBVTT\n\nNOTE bara en kommentar\n").code == "empty"


def test_a_track_too_large_is_refused_before_it_is_read():
    data = VALID.encode() + b"x" * MAX_CAPTION_BYTES

    assert refusal(data).code == "too_large"


def test_markup_in_a_caption_is_kept_as_plain_text():
    script = "<script>alert('x')</script><img src=x onerror=alert(1)>"

    cues = parse_webvtt(f"WEBVTT\n\n00:00.000 --> 00:01.000\n{script}\n".encode())

    assert cues == [(0.0, 1.0, script)]


@pytest.mark.django_db
def test_the_caption_field_checks_an_upload_with_a_clear_message():
    caption = LessonCaption(language="sv")
    caption.file = SimpleUploadedFile("sv.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nHej\n")

    with pytest.raises(ValidationError) as refused:
        caption.full_clean(exclude=["page"])

    assert "WEBVTT" in str(refused.value.message_dict["file"])
    caption.file = SimpleUploadedFile("sv.vtt", VALID.encode())
    validate_webvtt(caption.file)  # a good track passes


# --- Videos ----------------------------------------------------------------------------


def ffmpeg_bytes(tmp_path, *arguments: str, name: str) -> bytes:
    import shutil

    require(shutil.which("ffmpeg") is not None, "needs ffmpeg (make test installs it)")
    out = tmp_path / name
    subprocess.run(["ffmpeg", "-v", "error", "-y", *arguments, str(out)], check=True)
    return out.read_bytes()


def post_video(client, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data, content_type="video/mp4")
    return client.post(
        "/admin/snippets/courses/lessonvideo/add/",
        {"title": "Lektion", "file": upload},
        headers={"accept-language": "sv"},
    )


@pytest.mark.django_db
def test_a_picture_renamed_to_mp4_is_refused(editor_client):
    response = post_video(editor_client, "film.mp4", image_bytes("PNG"))

    assert "inte en MP4- eller WebM-video" in response.content.decode()
    assert LessonVideo.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("cover", [False, True], ids=["sound only", "sound with a cover picture"])
def test_a_file_with_only_sound_is_refused(editor_client, tmp_path, cover):
    inputs = ["-f", "lavfi", "-i", "sine=duration=1"]
    if cover:
        (tmp_path / "cover.png").write_bytes(image_bytes("PNG"))
        inputs += ["-i", str(tmp_path / "cover.png"), "-map", "0", "-map", "1"]
        inputs += ["-disposition:v", "attached_pic"]
    sound = ffmpeg_bytes(tmp_path, *inputs, "-c:a", "aac", "-c:v", "png", "-f", "mp4", name="ljud.m4a")

    response = post_video(editor_client, "ljud.mp4", sound)

    assert "ingen video som vi kan läsa" in response.content.decode()
    assert LessonVideo.objects.count() == 0
