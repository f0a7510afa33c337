"""My learning, the enrolled learner's syllabus and the lesson page: what each person sees."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from courses.models import Enrolment, GrantSource, LessonVideo, VideoStatus
from courses.progress import mark_done
from tests.factories.courses import make_course, make_lessons

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def ready_video(lesson_video):
    LessonVideo.objects.filter(pk=lesson_video.pk).update(
        status=VideoStatus.READY, output_dir="videos/ready/", duration_seconds=100
    )
    return LessonVideo.objects.get(pk=lesson_video.pk)


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "Alfa")


@pytest.fixture
def lessons(course, ready_video):
    return make_lessons(course, modules=2, lessons_per_module=2, video=ready_video)


def enrol(user, course_page):
    return Enrolment.objects.create(user=user, course=course_page.course, source=GrantSource.STAFF)


def test_my_learning_shows_progress_and_the_next_lesson(client, learner, course, lessons):
    enrol(learner, course)
    mark_done(learner, lessons[0])
    client.force_login(learner)

    response = client.get("/en/shop/accounts/courses/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Alfa" in html and 'value="25"' in html  # 1 of 4 lessons
    assert f'href="{lessons[1].url}"' in html  # continue with the next one
    assert "Continue" in html


def test_finished_courses_are_listed_apart(client, learner, seller_company, ready_video):
    done = make_course(seller_company, "Klar")
    (lesson,) = make_lessons(done, modules=1, lessons_per_module=1, video=ready_video)
    enrol(learner, done)
    mark_done(learner, lesson)
    client.force_login(learner)

    html = client.get("/en/shop/accounts/courses/").content.decode()

    assert "Finished courses" in html and "Completed on" in html


def test_my_learning_needs_a_login_and_shows_only_ones_own(client, learner, buyer, course, lessons):
    enrol(buyer, course)

    assert client.get("/en/shop/accounts/courses/").status_code == 302
    client.force_login(learner)
    assert "Alfa" not in client.get("/en/shop/accounts/courses/").content.decode()


def test_my_learning_queries_stay_flat(
    client, learner, seller_company, ready_video, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            page = make_course(seller_company, f"Kurs {timezone.now().timestamp()}-{i}")
            make_lessons(page, modules=1, lessons_per_module=2, video=ready_video)
            enrol(learner, page)

    def count():
        client.get("/sv/shop/accounts/courses/")  # Wagtail's per-process caches warmed
        with CaptureQueriesContext(connection) as queries:
            client.get("/sv/shop/accounts/courses/")
        # The site's, the basket's and Wagtail's cached lookups vary with caches, not courses.
        return [q["sql"][:90] for q in queries if '"courses_' in q["sql"]]

    add(2)
    client.force_login(learner)
    few = count()
    add(6)
    many = count()

    assert len(many) == len(few), "\n".join(many)


def test_an_enrolled_learner_sees_the_syllabus_not_the_sales_page(client, learner, course, lessons):
    enrol(learner, course)
    mark_done(learner, lessons[0])
    client.force_login(learner)

    html = client.get(course.url).content.decode()

    assert "Add to basket" not in html and "Lägg i varukorgen" not in html
    for lesson in lessons:
        assert f'href="{lesson.url}"' in html  # every lesson is a link
    assert "tag--done" in html
    assert "1:40" in html  # the video's length


def test_a_visitor_sees_the_sales_page(client, course, lessons):
    html = client.get(course.url).content.decode()

    assert "basket" in html
    assert f'href="{lessons[1].url}"' not in html  # only the free preview is a link


def test_the_lesson_page_plays_signed_media_and_resumes(client, learner, course, lessons):
    enrol(learner, course)
    client.force_login(learner)
    from courses.models import LessonProgress

    LessonProgress.objects.create(
        user=learner, course=course.course, lesson_key=lessons[1].translation_key, position_seconds=42.5
    )

    html = client.get(lessons[1].url).content.decode()

    assert "data-player" in html and 'data-position="42.50"' in html
    assert "/private/" in html and 'data-report-token="' in html
    assert f'href="{lessons[0].url}"' in html and f'href="{lessons[2].url}"' in html  # previous and next


def test_a_paid_lesson_shows_no_media_to_those_without_access(client, buyer, course, lessons):
    for who in (None, buyer):
        if who:
            client.force_login(who)
        html = client.get(lessons[1].url).content.decode()
        assert "/private/" not in html and "data-player" not in html


def test_a_video_not_ready_is_never_offered(client, learner, course, lessons, ready_video):
    LessonVideo.objects.filter(pk=ready_video.pk).update(status=VideoStatus.PROCESSING)
    enrol(learner, course)
    client.force_login(learner)

    html = client.get(lessons[1].url).content.decode()

    assert "data-player" not in html and "/private/" not in html


def test_learning_pages_write_nothing_on_get(client, learner, course, lessons):
    enrol(learner, course)
    client.force_login(learner)
    paths = ["/sv/shop/accounts/courses/", course.url, lessons[1].url]
    for path in paths:
        client.get(path)

    with CaptureQueriesContext(connection) as queries:
        for path in paths:
            assert client.get(path).status_code == 200

    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)] == []
    assert Enrolment.objects.get(user=learner).started_at is None  # opening is not starting


def test_the_course_page_of_a_finished_course_says_when(client, learner, seller_company, ready_video):
    page = make_course(seller_company, "Beta")
    (lesson,) = make_lessons(page, modules=1, lessons_per_module=1, video=ready_video)
    enrol(learner, page)
    mark_done(learner, lesson, at=timezone.now() - timedelta(days=1))
    client.force_login(learner)

    html = client.get(page.url).content.decode()

    assert 'value="100"' in html and "Lägg i varukorgen" not in html
