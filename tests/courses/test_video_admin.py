"""The video admin: each video's state and why it failed, a way to try again, and no view
of one video that another seller can open by its id."""

import re
import uuid
from unittest import mock

from django.test import Client

import pytest

from courses.models import LessonVideo, VideoStatus
from courses.tasks import process_video

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/courses/lessonvideo"


def make_video(seller=None, status=VideoStatus.WAITING, reason="", title="Lektionsvideo") -> LessonVideo:
    """A stored video row. Made with bulk_create: save() would probe a real file and queue
    processing, and these views never read the file."""
    output_dir = f"videos/{uuid.uuid4().hex}/" if status == VideoStatus.READY else ""
    (video,) = LessonVideo.objects.bulk_create(
        [
            LessonVideo(
                title=title,
                seller=seller,
                file=f"videos/{uuid.uuid4().hex}.mp4",
                status=status,
                failure_reason=reason,
                output_dir=output_dir,
            )
        ]
    )
    return video


@pytest.fixture
def own_video(seller_company):
    return make_video(seller_company, title="Egen video")


@pytest.fixture
def others_video(other_seller_company):
    return make_video(
        other_seller_company, status=VideoStatus.FAILED, reason="Hemlig orsak", title="Annans video"
    )


# Each of Wagtail's views of one video; the copy and inspect views are off.
PER_OBJECT_VIEWS = ["edit", "delete", "usage", "history", "history-results"]


def test_a_seller_cannot_open_another_sellers_video_by_its_id(client, seller, others_video):
    client.force_login(seller)

    for view in PER_OBJECT_VIEWS:
        response = client.get(f"{ADMIN}/{view}/{others_video.pk}/")
        assert response.status_code in (302, 403), view
        assert "Annans video" not in response.content.decode(), view


def test_a_seller_opens_its_own_videos_views(client, seller, own_video):
    client.force_login(seller)

    for view in ["edit", "usage", "history", "history-results"]:  # sellers delete nothing
        assert client.get(f"{ADMIN}/{view}/{own_video.pk}/").status_code == 200, view


def test_an_editor_opens_every_sellers_video(client, editor, others_video):
    client.force_login(editor)

    for view in PER_OBJECT_VIEWS:
        assert client.get(f"{ADMIN}/{view}/{others_video.pk}/").status_code == 200, view


def test_the_chooser_does_not_hand_out_another_sellers_video(client, seller, own_video, others_video):
    client.force_login(seller)
    chooser = "/admin/snippets/choose/courses/lessonvideo"

    assert client.get(f"{chooser}/chosen/{others_video.pk}/").status_code in (302, 403)
    assert client.get(f"{chooser}/chosen/{own_video.pk}/").status_code == 200
    both = client.get(f"{chooser}/chosen-multiple/?id={own_video.pk}&id={others_video.pk}").content.decode()
    assert "Egen video" in both and "Annans video" not in both


def test_videos_are_not_copied(client, editor):
    video = make_video()
    client.force_login(editor)

    assert client.get(f"{ADMIN}/copy/{video.pk}/", follow=True).status_code == 404


def test_the_listing_shows_each_videos_state_and_why_it_failed(client, editor):
    make_video(title="Ny video")
    make_video(status=VideoStatus.FAILED, reason="Hemlig orsak")
    make_video(status=VideoStatus.READY, title="Klar video")
    client.force_login(editor)

    page = client.get(f"{ADMIN}/").content.decode()

    assert "Väntar på bearbetning" in page or "Waiting to be processed" in page
    assert "Hemlig orsak" in page
    forms = re.findall(
        rf'action="{ADMIN}/process/\d+/" method="post">\s*<input [^>]*csrfmiddlewaretoken', page
    )
    assert len(forms) == 2  # the ready video has no button


def test_a_seller_lists_only_its_own_videos(client, seller, own_video, others_video):
    client.force_login(seller)

    page = client.get(f"{ADMIN}/").content.decode()

    assert "Egen video" in page and "Annans video" not in page and "Hemlig orsak" not in page


def test_the_edit_page_shows_the_state_the_reason_and_a_form_to_try_again(client, editor):
    video = make_video(status=VideoStatus.FAILED, reason="Hemlig orsak")
    client.force_login(editor)

    page = client.get(f"{ADMIN}/edit/{video.pk}/").content.decode()

    assert "Hemlig orsak" in page
    assert f'action="{ADMIN}/process/{video.pk}/" method="post"' in page


def test_trying_again_queues_the_video_after_commit(
    client, seller, seller_company, django_capture_on_commit_callbacks
):
    video = make_video(seller_company, status=VideoStatus.FAILED, reason="ffmpeg: boom")
    client.force_login(seller)

    with mock.patch.object(process_video, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN}/process/{video.pk}/")

    assert response.status_code == 302 and response["Location"] == f"{ADMIN}/edit/{video.pk}/"
    delay.assert_called_once_with(video.pk)
    video.refresh_from_db()
    assert (video.status, video.failure_reason) == (VideoStatus.WAITING, "")


def test_a_video_being_processed_is_not_processed_a_second_time(
    client, seller, seller_company, django_capture_on_commit_callbacks
):
    video = make_video(seller_company, status=VideoStatus.PROCESSING)
    client.force_login(seller)

    page = client.get(f"{ADMIN}/edit/{video.pk}/").content.decode()
    with mock.patch.object(process_video, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADMIN}/process/{video.pk}/")

    assert f'action="{ADMIN}/process/{video.pk}/"' not in page
    delay.assert_not_called()
    video.refresh_from_db()
    assert video.status == VideoStatus.PROCESSING


def test_trying_again_is_post_only(client, seller, own_video):
    client.force_login(seller)

    assert client.get(f"{ADMIN}/process/{own_video.pk}/").status_code == 405


def test_a_seller_cannot_process_another_sellers_video(
    client, seller, others_video, django_capture_on_commit_callbacks
):
    client.force_login(seller)

    with mock.patch.object(process_video, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN}/process/{others_video.pk}/")

    assert response.status_code in (302, 403)
    delay.assert_not_called()
    others_video.refresh_from_db()
    assert (others_video.status, others_video.failure_reason) == (VideoStatus.FAILED, "Hemlig orsak")


def test_a_ready_video_is_left_alone(client, editor, django_capture_on_commit_callbacks):
    video = make_video(status=VideoStatus.READY)
    client.force_login(editor)

    with mock.patch.object(process_video, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADMIN}/process/{video.pk}/", {"next": f"{ADMIN}/"})

    delay.assert_not_called()
    video.refresh_from_db()
    assert video.is_ready


def test_the_listings_button_works_with_csrf_checks_on(editor, django_capture_on_commit_callbacks):
    video = make_video(status=VideoStatus.FAILED, reason="ffmpeg: boom")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    page = browser.get(f"{ADMIN}/").content.decode()
    form = re.search(
        rf'action="{ADMIN}/process/{video.pk}/" method="post">\s*<input [^>]*value="([^"]+)"', page
    )

    with mock.patch.object(process_video, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            f"{ADMIN}/process/{video.pk}/", {"csrfmiddlewaretoken": form[1], "next": f"{ADMIN}/"}
        )

    assert response.status_code == 302 and response["Location"] == f"{ADMIN}/"
    delay.assert_called_once_with(video.pk)
