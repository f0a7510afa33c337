"""What a course page shows of its course (courses/catalogue.py, course_detail()) comes
from the cache for people signed in too: every change it shows drops it, and an editor's
preview neither reads it nor leaves its draft in it."""

import json
import re
from decimal import Decimal

from django.test import Client

import pytest

from courses.models import CourseInstructor, CoursePage, Instructor
from tests.factories.courses import make_course

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "Feedback som fungerar", Decimal("1490"))


def structured_data(response) -> dict:
    return json.loads(LD_JSON.search(response.content.decode()).group(1))


def test_a_price_change_shows_at_once_to_someone_signed_in(client, buyer, course):
    client.force_login(buyer)
    assert "1\xa0490,00" in client.get(course.url).text

    record = course.course.product.stockrecords.get()
    record.price = Decimal("1290")
    record.save()

    assert "1\xa0290,00" in client.get(course.url).text


def test_a_renamed_instructor_shows_at_once_to_someone_signed_in(client, buyer, course):
    instructor = Instructor.objects.create(name="Eva Berg", locale=course.locale)
    CourseInstructor.objects.create(page=course, instructor=instructor)
    course.save_revision().publish()
    client.force_login(buyer)
    assert "Eva Berg" in client.get(course.url).text

    instructor.name = "Eva Berg-Lind"
    instructor.save()

    assert "Eva Berg-Lind" in client.get(course.url).text


def test_a_preview_shows_the_draft_and_leaves_the_live_page_as_it_was(buyer, course):
    client = Client(HTTP_HOST="localhost")  # the host Wagtail previews on: the same entry
    client.force_login(buyer)
    assert structured_data(client.get(course.url))["name"] == "Feedback som fungerar"

    draft = CoursePage.objects.get(pk=course.pk)
    draft.title = "Feedback som fungerar, utkast"
    preview = draft.make_preview_request()

    assert structured_data(preview)["name"] == "Feedback som fungerar, utkast"
    assert structured_data(client.get(course.url))["name"] == "Feedback som fungerar"


def test_a_course_page_being_created_has_an_empty_outline_and_takes_none_from_the_cache(course):
    from courses.catalogue import outlines

    new = CoursePage(title="Ny kurs")  # an editor's preview before the first save

    assert outlines([new, course]) == {None: [], course.pk: []}
