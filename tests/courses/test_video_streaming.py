"""Videos are served only to those who may watch them, with byte ranges for seeking."""

import pytest

from tests.factories.courses import make_course, make_lessons

pytestmark = pytest.mark.django_db


def url(video):
    return f"/video/{video.pk}/"


def test_a_live_courses_trailer_is_public(client, seller_company, lesson_video):
    make_course(seller_company, "Alfa", trailer=lesson_video)

    response = client.get(url(lesson_video))

    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert b"".join(response.streaming_content) == lesson_video.file.open("rb").read()


def test_a_range_request_gets_206_with_just_those_bytes(client, seller_company, lesson_video):
    make_course(seller_company, "Alfa", trailer=lesson_video)
    whole = lesson_video.file.open("rb").read()

    response = client.get(url(lesson_video), headers={"range": "bytes=100-199"})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert b"".join(response.streaming_content) == whole[100:200]


def test_a_suffix_range_and_an_unsatisfiable_range(client, seller_company, lesson_video):
    make_course(seller_company, "Alfa", trailer=lesson_video)
    size = lesson_video.file.size

    tail = client.get(url(lesson_video), headers={"range": "bytes=-10"})
    beyond = client.get(url(lesson_video), headers={"range": f"bytes={size + 10}-"})

    assert tail.status_code == 206 and len(b"".join(tail.streaming_content)) == 10
    assert beyond.status_code == 416


def test_a_free_preview_lessons_video_is_public(client, seller_company, lesson_video):
    make_lessons(make_course(seller_company, "Alfa"), video=lesson_video)  # the first lesson is a preview

    assert client.get(url(lesson_video)).status_code == 200


def test_a_paid_lessons_video_is_refused_to_visitors_and_buyers(client, seller_company, lesson_video, buyer):
    make_lessons(make_course(seller_company, "Alfa"), free_preview_first=False, video=lesson_video)

    assert client.get(url(lesson_video)).status_code == 403
    client.force_login(buyer)
    assert client.get(url(lesson_video)).status_code == 403


def test_an_unpublished_courses_trailer_is_not_public(client, seller_company, lesson_video):
    make_course(seller_company, "Utkast", trailer=lesson_video, publish=False)

    assert client.get(url(lesson_video)).status_code == 403


def test_editors_may_watch_any_video(client, editor, lesson_video):
    client.force_login(editor)

    assert client.get(url(lesson_video)).status_code == 200


def test_no_public_media_url_leads_to_a_video(client, lesson_video, settings):
    with pytest.raises(ValueError, match="no URL"):
        _ = lesson_video.file.url
    assert not str(lesson_video.file.path).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    "header", ["bytes=500-100", "bytes=1-2,5-6", "bytes=" + "9" * 4000 + "-", "items=1-2"]
)
def test_invalid_or_unsupported_ranges_get_the_whole_file(client, seller_company, lesson_video, header):
    make_course(seller_company, "Alfa", trailer=lesson_video)

    response = client.get(url(lesson_video), headers={"range": header})

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == lesson_video.file.open("rb").read()


def test_behind_nginx_the_file_is_handed_over_with_x_accel_redirect(
    client, seller_company, lesson_video, settings
):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    make_course(seller_company, "Alfa", trailer=lesson_video)

    response = client.get(url(lesson_video))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{lesson_video.file.name}"
    assert response.content == b""


def test_x_accel_redirect_comes_only_after_the_access_check(client, seller_company, lesson_video, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"

    response = client.get(url(lesson_video))

    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response


def test_a_video_missing_on_disk_is_404_not_500(client, seller_company, lesson_video):
    make_course(seller_company, "Alfa", trailer=lesson_video)
    lesson_video.file.storage.delete(lesson_video.file.name)

    # LocaleMiddleware sends an unprefixed 404 on to /sv/..., which is 404 too.
    assert client.get(url(lesson_video), follow=True).status_code == 404


def test_a_free_preview_of_an_unpublished_course_is_not_public(client, seller_company, lesson_video):
    course = make_course(seller_company, "Alfa")
    make_lessons(course, video=lesson_video)
    course.unpublish()  # the lessons stay live, as the admin allows

    assert client.get(url(lesson_video)).status_code == 403
