"""Progress: the player's reports, lessons done, a course completed once, impossible reports refused."""

from datetime import timedelta

from django.utils import timezone

import pytest
import time_machine

from courses.models import CourseCompletion, Enrolment, GrantSource, LessonProgress, LessonVideo, VideoStatus
from courses.progress import mark_done, report_token
from courses.signals import course_completed
from tests.factories.courses import make_course, make_lessons

pytestmark = pytest.mark.django_db

LENGTH = 100.0  # seconds: the test video's length as far as progress is concerned


@pytest.fixture
def video(lesson_video):
    LessonVideo.objects.filter(pk=lesson_video.pk).update(
        status=VideoStatus.READY, output_dir="videos/test/", duration_seconds=LENGTH
    )
    return LessonVideo.objects.get(pk=lesson_video.pk)


@pytest.fixture
def lessons(seller_company, video):
    course = make_course(seller_company, "Alfa")
    return make_lessons(course, modules=1, lessons_per_module=2, free_preview_first=False, video=video)


@pytest.fixture
def enrolled(learner, lessons):
    Enrolment.objects.create(user=learner, course=lessons[0].course_page.course, source=GrantSource.STAFF)
    return learner


def post(client, lesson, token, *, position="10", watched="0-10", when=None):
    return client.post(
        f"/learning/lessons/{lesson.pk}/progress/",
        {"position": position, "watched": watched, "token": token},
    )


def later(seconds):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


def test_a_report_stores_position_and_what_was_watched(client, enrolled, lessons):
    lesson = lessons[0]
    token = report_token(enrolled, lesson)
    client.force_login(enrolled)

    with later(30):
        response = post(client, lesson, token, position="25.5", watched="0-25.5")

    assert response.status_code == 200
    assert response.json()["lesson_done"] is False
    progress = LessonProgress.objects.get(user=enrolled, lesson_key=lesson.translation_key)
    assert progress.position_seconds == 25.5
    assert progress.watched == [[0.0, 25.5]]
    assert Enrolment.objects.get(user=enrolled).started_at is not None


def test_watching_the_courses_share_completes_the_lesson_and_rewatching_counts_once(
    client, enrolled, lessons
):
    lesson = lessons[0]
    token = report_token(enrolled, lesson)
    client.force_login(enrolled)

    with later(60):
        post(client, lesson, token, position="50", watched="0-50")
    with later(120):
        post(client, lesson, token, position="50", watched="0-50")  # the same half again
    assert not LessonProgress.objects.get(lesson_key=lesson.translation_key).completed_at
    with later(200):
        response = post(client, lesson, token, position="95", watched="50-90")

    assert response.json()["lesson_done"] is True  # 90 of 100 seconds: the default 90 %
    assert LessonProgress.objects.get(lesson_key=lesson.translation_key).watched_seconds == 90


def test_the_course_completes_once_and_says_so_once(
    client, enrolled, lessons, django_capture_on_commit_callbacks
):
    received = []
    course_completed.connect(lambda **kw: received.append(kw["completion"]), weak=False, dispatch_uid="t")
    client.force_login(enrolled)
    tokens = [report_token(enrolled, lesson) for lesson in lessons]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for step, lesson in enumerate(lessons, start=1):
                with later(200 * step):
                    post(client, lesson, tokens[step - 1], position="100", watched="0-100")
            with later(1000):  # reported again after completion: nothing new
                post(client, lessons[0], tokens[0], position="5", watched="0-5")
    finally:
        course_completed.disconnect(dispatch_uid="t")

    completion = CourseCompletion.objects.get(user=enrolled)
    assert [c.pk for c in received] == [completion.pk]


@pytest.mark.parametrize(
    ("position", "watched", "status"),
    [
        ("101.5", "0-10", 400),  # a position past the end
        ("10", "0-150", 400),  # watched past the end
        ("10", "20-10", 400),  # backwards
        ("10", "abc", 400),
        ("nan", "", 400),
        ("-1", "", 400),
        ("10", "0-90", 400),  # 90 s watched in 30 s of wall-clock time, at most twice the speed
    ],
)
def test_impossible_reports_are_refused_and_change_nothing(
    client, enrolled, lessons, position, watched, status
):
    lesson = lessons[0]
    token = report_token(enrolled, lesson)
    client.force_login(enrolled)

    with later(30):
        response = post(client, lesson, token, position=position, watched=watched)

    assert response.status_code == status
    assert response.json()["error"]
    assert not LessonProgress.objects.exists()


def test_another_persons_token_or_lesson_is_refused(client, enrolled, lessons, buyer):
    Enrolment.objects.create(user=buyer, course=lessons[0].course_page.course, source=GrantSource.STAFF)
    client.force_login(buyer)

    with later(30):
        theirs = post(client, lessons[0], report_token(enrolled, lessons[0]))
        other_lesson = post(client, lessons[1], report_token(buyer, lessons[0]))
        tampered = post(client, lessons[0], report_token(buyer, lessons[0]) + "x")

    assert (theirs.status_code, other_lesson.status_code, tampered.status_code) == (403, 403, 403)
    assert not LessonProgress.objects.exists()


def test_an_old_page_must_be_reloaded(client, enrolled, lessons):
    token = report_token(enrolled, lessons[0])
    client.force_login(enrolled)

    with later(2 * 24 * 3600):
        response = post(client, lessons[0], token)

    assert response.status_code == 400
    assert "Ladda om" in response.json()["error"]  # in the lesson's language, Swedish


def test_only_learners_of_the_course_may_report(client, learner, lessons):
    token = report_token(learner, lessons[0])

    assert post(client, lessons[0], token).status_code == 403  # anonymous
    client.force_login(learner)
    with later(30):
        assert post(client, lessons[0], token).status_code == 403  # not enrolled
    assert client.get(f"/learning/lessons/{lessons[0].pk}/progress/").status_code == 405
    assert post(client, type("L", (), {"pk": 999999})(), token).status_code == 400
    assert not LessonProgress.objects.exists()


def test_a_taken_back_seat_stops_reports(client, enrolled, lessons):
    Enrolment.objects.filter(user=enrolled).revoke("seat taken back")
    client.force_login(enrolled)

    with later(30):
        assert post(client, lessons[0], report_token(enrolled, lessons[0])).status_code == 403


def test_a_lesson_without_video_is_done_by_its_button(client, enrolled, seller_company):
    course = make_course(seller_company, "Beta")
    (lesson,) = make_lessons(course, modules=1, lessons_per_module=1, free_preview_first=False)
    Enrolment.objects.create(user=enrolled, course=course.course, source=GrantSource.STAFF)
    client.force_login(enrolled)

    response = client.post(f"/learning/lessons/{lesson.pk}/done/")

    assert response.status_code == 302
    assert LessonProgress.objects.get(lesson_key=lesson.translation_key).completed_at
    assert CourseCompletion.objects.filter(user=enrolled, course=course.course).exists()


def test_a_video_lesson_is_not_done_by_the_button(client, enrolled, lessons):
    client.force_login(enrolled)

    client.post(f"/learning/lessons/{lessons[0].pk}/done/")

    assert not LessonProgress.objects.exists()


def test_lessons_of_an_unpublished_module_are_not_required(client, enrolled, seller_company):
    course = make_course(seller_company, "Gamma")
    first, hidden = make_lessons(course, modules=2, lessons_per_module=1, free_preview_first=False)
    Enrolment.objects.create(user=enrolled, course=course.course, source=GrantSource.STAFF)
    hidden.get_parent().specific.unpublish()  # the module only: its lesson stays live

    mark_done(enrolled, first)

    assert CourseCompletion.objects.filter(user=enrolled, course=course.course).exists()
    client.force_login(enrolled)
    html = client.get(course.url).content.decode()
    assert f'href="{hidden.url}"' not in html  # nor in the syllabus
