"""One language-neutral Course behind every language's page."""

import pytest

from courses.models import Course, CoursePage
from home.translation import translate_page
from tests.factories.courses import make_course

pytestmark = pytest.mark.django_db


def test_creating_a_swedish_course_page_creates_its_course(seller_company):
    page = make_course(seller_company, title="Dataskydd i praktiken")

    course = Course.objects.get(pk=page.course_id)
    assert course.code == "dataskydd-i-praktiken"
    assert course.seller == seller_company
    assert course.is_published


def test_a_translation_points_at_the_same_course(seller_company, django_capture_on_commit_callbacks):
    page = make_course(seller_company, title="Ledarskap")
    with django_capture_on_commit_callbacks(execute=True):
        english = translate_page(
            page,
            "en",
            {
                "Ledarskap": "Leadership",
                page.slug: "leadership",
                "Om Ledarskap": "About",
                "Beskrivning": "Text",
            },
        )

    assert english.course_id == page.course_id
    assert Course.objects.count() == 1


def test_course_codes_stay_unique(seller_company, other_seller_company):
    first = make_course(seller_company, title="Samma namn")
    second = make_course(other_seller_company, title="Samma namn")

    assert first.course.code != second.course.code


def test_publishing_copies_the_completion_rule_to_the_course(seller_company):
    page = make_course(seller_company, title="Kurs")
    page.completion_rule, page.completion_percentage, page.issues_certificate = "percentage", 75, False

    page.save_revision().publish()

    course = Course.objects.get(pk=page.course_id)
    assert (course.completion_rule, course.completion_percentage, course.issues_certificate) == (
        "percentage",
        75,
        False,
    )


def test_a_draft_change_does_not_reach_the_course(seller_company):
    page = make_course(seller_company, title="Kurs")
    page.issues_certificate = False

    page.save_revision()  # saved, not published

    assert Course.objects.get(pk=page.course_id).issues_certificate is True


def test_unpublishing_every_page_withdraws_the_course(seller_company):
    page = make_course(seller_company, title="Kurs")

    CoursePage.objects.get(pk=page.pk).unpublish()

    assert not Course.objects.get(pk=page.course_id).is_published


def test_deleting_the_only_live_page_withdraws_the_course(seller_company):
    page = make_course(seller_company, "Kurs")

    CoursePage.objects.get(pk=page.pk).delete()

    assert not Course.objects.get(pk=page.course_id).is_published


def test_a_copy_in_the_same_language_is_a_new_course(seller_company):
    page = make_course(seller_company, "Kurs")

    copy = page.copy(update_attrs={"slug": "kurs-kopia", "title": "Kurs (kopia)"})

    assert copy.specific.course_id != page.course_id


def test_a_lesson_in_an_unpublished_module_does_not_break_the_course_page(client, seller_company):
    from tests.factories.courses import make_lessons

    page = make_course(seller_company, "Kurs")
    lessons = make_lessons(page)
    lessons[0].get_parent().unpublish()

    response = client.get(page.url)

    assert response.status_code == 200
    # Counted as listed, and as a learner's syllabus has them: the unpublished module's
    # lessons are not part of the course.
    assert response.context["lesson_count"] == 2
    assert [len(module.lessons) for module in response.context["modules"]] == [2]
