"""Private files go out only by signed URL: checked without the database, refused when
expired, changed or outside what was signed, and streamed with byte ranges."""

import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.core.management import call_command

import pytest
import time_machine

from home.private.signing import BadSignature, SignatureExpired, signed_url, verify
from home.private.storage import MediaStorage, private_storage
from home.private.views import serve_public_media
from tests.factories.home import UserFactory
from tests.factories.media import make_document, video_output

VIDEO_DIR = "videos/0123456789abcdef0123456789abcdef/"
OTHER_DIR = "videos/fedcba9876543210fedcba9876543210/"


@pytest.fixture
def files():
    """Two videos' processed output in the private storage, and a document."""
    output = video_output(VIDEO_DIR)
    video_output(OTHER_DIR)
    private_storage().save("documents/handbok.pdf", ContentFile(b"%PDF-1.4 handbok"))
    return output


def directory_url(user=None, **kwargs) -> str:
    return signed_url(VIDEO_DIR, user, directory=True, **kwargs)


def mp4_url(user=None, **kwargs) -> str:
    return directory_url(user, **kwargs) + "video.mp4"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def token_and_name(url: str) -> tuple[str, str]:
    _, _, token, name = unquote(urlsplit(url).path).split("/", 3)
    return token, name


# --- Serving -----------------------------------------------------------------------------


def test_a_signed_url_serves_the_file_without_a_database_query(client, db, files, django_assert_num_queries):
    url = mp4_url()

    with django_assert_num_queries(0):
        response = client.get(url)

    assert response.status_code == 200
    assert body(response) == files["video.mp4"]
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"].startswith("private, max-age=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Disposition" not in response


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("hls/master.m3u8", "application/vnd.apple.mpegurl"),
        ("hls/360p/index.m3u8", "application/vnd.apple.mpegurl"),
        ("hls/360p/seg_000.ts", "video/mp2t"),
        ("poster.jpg", "image/jpeg"),
    ],
)
def test_each_kind_of_file_has_its_type(client, files, name, content_type):
    response = client.get(directory_url() + name)

    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert body(response) == files[name]


def test_a_caption_is_utf8_webvtt(client):
    private_storage().save("captions/abc.vtt", ContentFile("WEBVTT\n\nÅ".encode()))

    response = client.get(signed_url("captions/abc.vtt", None))

    assert response["Content-Type"] == "text/vtt; charset=utf-8" and body(response) == "WEBVTT\n\nÅ".encode()


def test_a_document_is_a_download_under_its_signed_name(client, files):
    response = client.get(signed_url("documents/handbok.pdf", None, filename="Handbok för dig.pdf"))

    assert response.status_code == 200 and body(response) == b"%PDF-1.4 handbok"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Handbok%20f%C3%B6r%20dig.pdf" in response["Content-Disposition"]


def test_a_file_the_browser_should_not_show_is_a_download(client):
    private_storage().save("documents/sida.html", ContentFile(b"<script>alert(1)</script>"))

    response = client.get(signed_url("documents/sida.html", None))

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- Byte ranges, byte-exact against the file ----------------------------------------------


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),  # the first bytes
        ("bytes=40000-40999", 40000, 40999),  # a middle range
        ("bytes=99000-", 99000, 99999),  # open-ended
        ("bytes=-500", 99500, 99999),  # a suffix
        ("bytes=99990-200000", 99990, 99999),  # an end past the file is cut to it
    ],
)
def test_a_range_gets_206_with_exactly_those_bytes(client, files, header, start, end):
    whole = files["video.mp4"]

    response = client.get(mp4_url(), headers={"range": header})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(whole)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == whole[start : end + 1]


@pytest.mark.parametrize("header", ["bytes=100000-", "bytes=200000-300000", "bytes=-0"])
def test_a_range_past_the_end_gets_416_with_the_size(client, files, header):
    response = client.get(mp4_url(), headers={"range": header})

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */100000"


@pytest.mark.parametrize(
    "header",
    ["bytes=500-100", "bytes=1-2,5-6", "bytes=" + "9" * 4000 + "-", "items=1-2", "bytes=a-b", "bytes=-"],
)
def test_a_malformed_range_gets_the_whole_file(client, files, header):
    response = client.get(mp4_url(), headers={"range": header})

    assert response.status_code == 200 and body(response) == files["video.mp4"]


def test_the_range_view_streams_in_chunks_not_the_whole_file(client, files):
    response = client.get(mp4_url(), headers={"range": "bytes=0-"})

    chunks = list(response.streaming_content)
    assert len(chunks) > 1 and max(len(chunk) for chunk in chunks) <= 64 * 1024


# --- Behind nginx -----------------------------------------------------------------------


def test_behind_nginx_the_file_is_handed_over_after_the_check(client, files, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    url = mp4_url()

    response = client.get(url)
    forged = client.get(url.replace("video.mp4", "../" + OTHER_DIR.split("/")[1] + "/video.mp4"))

    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected/{VIDEO_DIR}video.mp4"
    assert response["Content-Type"] == "video/mp4" and response["Cache-Control"].startswith("private")
    assert forged.status_code == 403 and "X-Accel-Redirect" not in forged


def test_behind_nginx_a_document_name_is_percent_encoded(client, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    private_storage().save("documents/året.pdf", ContentFile(b"%PDF"))

    response = client.get(signed_url("documents/året.pdf", None, filename="Året.pdf"))

    assert response["X-Accel-Redirect"] == "/protected/documents/%C3%A5ret.pdf"


# --- Refused: expired, changed, outside what was signed ---------------------------------------


def test_a_url_works_until_it_expires_then_answers_410(client, files, settings):
    with time_machine.travel(time.time(), tick=False) as traveller:
        url = mp4_url(ttl=3600)
        expires = verify(*token_and_name(url)).expires
        assert 3600 <= expires - time.time() <= 3600 + 900

        traveller.move_to(expires - 1)
        assert client.get(url).status_code == 200
        traveller.move_to(expires + 1)
        response = client.get(url)

    assert response.status_code == 410 and response.content == b""
    assert response["Cache-Control"] == "no-store"


def test_the_default_lifetime_is_the_setting(settings):
    settings.PRIVATE_URL_TTL = 7200
    with time_machine.travel(1_800_000_000, tick=False):
        expires = verify(*token_and_name(mp4_url())).expires

    assert 1_800_007_200 <= expires <= 1_800_007_200 + 600


def changed(text: str, position: int) -> str:
    character = text[position]
    replacement = "b" if character == "a" else "a"
    if character.isdigit():
        replacement = "1" if character == "0" else "0"
    return text[:position] + replacement + text[position + 1 :]


def test_one_character_changed_anywhere_in_the_token_is_refused(client, files):
    url = mp4_url()
    token, name = token_and_name(url)
    refused = set()
    for position in range(len(token)):
        if token[position] == ".":
            continue
        response = client.get(f"/private/{changed(token, position)}/{name}")
        refused.add(response.status_code)

    assert refused == {403}


def test_one_character_changed_in_the_path_is_refused(client, files):
    url = signed_url("documents/handbok.pdf", None)
    token, name = token_and_name(url)

    assert client.get(url).status_code == 200
    assert client.get(f"/private/{token}/documents/handboK.pdf").status_code == 403
    assert client.get(f"/private/{token}/documents/handbok.pdF").status_code == 403


def test_a_download_name_cannot_be_changed_or_added(client, files):
    url = signed_url("documents/handbok.pdf", None, filename="Handbok.pdf")
    plain = signed_url("documents/handbok.pdf", None)

    assert client.get(url).status_code == 200
    assert client.get(url.replace("Handbok", "Virus")).status_code == 403
    assert client.get(plain + "?filename=evil.exe").status_code == 403


def test_a_directory_token_does_not_reach_another_videos_directory(client, files):
    token, _ = token_and_name(directory_url())

    assert client.get(f"/private/{token}/{VIDEO_DIR}video.mp4").status_code == 200
    assert client.get(f"/private/{token}/{OTHER_DIR}video.mp4").status_code == 403
    assert client.get(f"/private/{token}/{VIDEO_DIR.rstrip('/')}").status_code == 403


def test_a_file_token_does_not_reach_another_file(client, files):
    token, _ = token_and_name(signed_url(f"{VIDEO_DIR}poster.jpg", None))

    assert client.get(f"/private/{token}/{VIDEO_DIR}poster.jpg").status_code == 200
    assert client.get(f"/private/{token}/{VIDEO_DIR}video.mp4").status_code == 403


@pytest.mark.parametrize(
    "suffix",
    [
        "../fedcba9876543210fedcba9876543210/video.mp4",
        "%2e%2e/fedcba9876543210fedcba9876543210/video.mp4",
        "hls/../../fedcba9876543210fedcba9876543210/video.mp4",
        "./video.mp4",
        "hls//master.m3u8",
        "hls\\master.m3u8",
        "video.mp4%00.jpg",
    ],
)
def test_path_tricks_under_a_directory_token_are_refused(client, files, suffix):
    token, _ = token_and_name(directory_url())

    assert client.get(f"/private/{token}/{VIDEO_DIR}{suffix}").status_code == 403


def test_an_absolute_or_climbing_name_cannot_be_signed_or_served(client, files):
    for name in ["/etc/passwd", "../settings.py", "documents/../../x", "a\\b", "a\x00b", ""]:
        with pytest.raises(ValueError):
            signed_url(name, None)
        with pytest.raises(BadSignature):
            verify("1.0.f." + "A" * 43, name)
    assert client.get("/private/1.0.f." + "A" * 43 + "//etc/passwd").status_code == 403


@pytest.mark.parametrize(
    "token", ["", "x", "1.0.f", "1.0.x." + "A" * 43, "01.0.f." + "A" * 43, "1.0.d0." + "A" * 43]
)
def test_malformed_tokens_are_refused(client, token):
    with pytest.raises(BadSignature):
        verify(token, "documents/handbok.pdf")
    assert client.get(f"/private/{token or 'x'}/documents/handbok.pdf").status_code == 403


def test_a_token_signed_with_another_secret_is_refused_but_an_old_secret_still_works(files, settings):
    url = mp4_url()
    old_secret, settings.SECRET_KEY = settings.SECRET_KEY, "a-new-secret-" * 4

    with pytest.raises(BadSignature):
        verify(*token_and_name(url))
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert verify(*token_and_name(url)).covers == VIDEO_DIR


def test_expiry_is_checked_only_after_the_signature(files):
    token, name = token_and_name(mp4_url(ttl=60))

    with time_machine.travel(time.time() + 10 * 86400):
        with pytest.raises(SignatureExpired):
            verify(token, name)
        with pytest.raises(BadSignature):
            verify(changed(token, len(token) - 1), name)


def test_the_token_carries_the_persons_id(db, files):
    person = UserFactory()

    assert verify(*token_and_name(mp4_url(person))).user_id == person.pk
    assert verify(*token_and_name(mp4_url(None))).user_id == 0


def test_only_get_and_head(client, files):
    url = mp4_url()

    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_a_signed_file_gone_from_the_disk_is_404_not_500(client, db, files):
    url = signed_url("documents/finns-inte.pdf", None)

    assert client.get(url, follow=True).status_code == 404


# --- Documents live outside MEDIA_ROOT ----------------------------------------------------


def test_the_default_storage_keeps_documents_out_of_media_root(settings):
    assert settings.STORAGES["default"]["BACKEND"] == "home.private.storage.MediaStorage"


def test_a_documents_file_is_stored_outside_media_root_and_has_no_media_url(db, settings):
    document = make_document("Handbok")

    path = Path(document.file.path).resolve()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.is_relative_to(Path(private_storage().location).resolve())
    assert path.read_bytes() == b"%PDF-1.4 test"
    with pytest.raises(NotImplementedError):
        _ = document.file.url


def test_a_public_document_still_downloads_through_wagtails_view(client, db):
    document = make_document("Nyhetsbrev")  # linked from no lesson and sold by nobody

    response = client.get(document.url)

    assert response.status_code == 200 and body(response) == b"%PDF-1.4 test"


def test_wagtails_document_view_hands_over_to_nginx_in_production(client, db, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    document = make_document("Nyhetsbrev")

    response = client.get(document.url)

    assert response.status_code == 200 and response["X-Accel-Redirect"] == f"/protected/{document.file.name}"
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "path",
    ["documents/handbok.pdf", "./documents/handbok.pdf", "images/../documents/handbok.pdf", "documents"],
)
def test_in_development_media_url_never_serves_a_document(rf, settings, path):
    old = Path(settings.MEDIA_ROOT) / "documents" / "handbok.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF left over")  # a file from before documents moved

    from django.http import Http404

    with pytest.raises(Http404):
        serve_public_media(rf.get(f"/media/{path}"), path)


def test_in_development_media_url_serves_public_images(rf, settings):
    image = Path(settings.MEDIA_ROOT) / "images" / "bild.jpg"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\xff\xd8 bild")

    response = serve_public_media(rf.get("/media/images/bild.jpg"), "images/bild.jpg")

    assert response.status_code == 200 and body(response) == b"\xff\xd8 bild"


def test_media_storage_routes_only_documents():
    assert MediaStorage.is_private("documents/a.pdf") and MediaStorage.is_private("documents")
    assert MediaStorage.is_private("images/../documents/a.pdf")
    assert not MediaStorage.is_private("images/a.jpg") and not MediaStorage.is_private("documentsx/a")


def test_older_documents_are_moved_out_of_media_root_once(settings, capsys):
    old = Path(settings.MEDIA_ROOT) / "documents" / "gammal.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF gammal")

    call_command("move_documents_private")
    call_command("move_documents_private")

    assert not old.exists()
    assert private_storage().open("documents/gammal.pdf").read() == b"%PDF gammal"
    assert "moved to" in capsys.readouterr().out
