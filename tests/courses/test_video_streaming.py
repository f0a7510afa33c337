"""A live course's trailer is public, by URLs signed for anyone, once the video is processed;
videos are never reached by id or under MEDIA_URL. (Byte ranges: tests/home/test_private_files.py.)"""

from urllib.parse import unquote, urlsplit

import pytest

from courses.access import trailer_media
from home.private.signing import verify
from tests.factories.courses import make_course
from tests.factories.media import ready_video

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_live_courses_trailer_is_signed_for_anyone(client, seller_company):
    video = ready_video("Trailer", seller_company)
    page = make_course(seller_company, "Alfa", trailer=video)

    trailer = trailer_media(page)

    assert verify(*unquote(urlsplit(trailer.mp4_url).path).split("/", 3)[2:]).user_id == 0
    mp4 = client.get(trailer.mp4_url, headers={"range": "bytes=0-9"})
    assert mp4.status_code == 206 and body(mp4) == video.files["video.mp4"][:10]
    assert body(client.get(trailer.hls_url)) == video.files["hls/master.m3u8"]
    assert body(client.get(trailer.poster_url)) == video.files["poster.jpg"]
    assert trailer.captions == [] and trailer.documents == []


def test_the_course_page_plays_the_trailer_from_signed_urls(client, seller_company):
    video = ready_video("Trailer", seller_company)
    page = make_course(seller_company, "Alfa", trailer=video)

    response = client.get(page.url)

    trailer = response.context["trailer"]
    assert trailer.hls_url.startswith("/private/") and trailer.hls_url in response.text
    assert trailer.mp4_url in response.text


def test_a_trailer_not_processed_yet_is_not_offered(client, seller_company):
    page = make_course(seller_company, "Alfa", trailer=ready_video("Trailer", seller_company, ready=False))

    assert trailer_media(page) is None
    assert client.get(page.url).context["trailer"] is None


def test_an_unpublished_courses_trailer_is_not_offered(seller_company):
    page = make_course(
        seller_company, "Utkast", trailer=ready_video("Trailer", seller_company), publish=False
    )

    assert trailer_media(page) is None


def test_a_course_without_a_trailer_has_none(seller_company):
    assert trailer_media(make_course(seller_company, "Alfa")) is None


def test_videos_are_no_longer_served_by_id(client, seller_company):
    video = ready_video("Trailer", seller_company)
    make_course(seller_company, "Alfa", trailer=video)

    assert client.get(f"/video/{video.pk}/", follow=True).status_code == 404


def test_no_public_media_url_leads_to_a_video(lesson_video, settings):
    with pytest.raises(ValueError, match="no URL"):
        _ = lesson_video.file.url
    assert not str(lesson_video.file.path).startswith(str(settings.MEDIA_ROOT))
