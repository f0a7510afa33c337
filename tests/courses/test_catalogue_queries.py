"""The catalogue, a course page and the home page use as many queries for 10 courses as for 1,000."""

import pytest

from courses.models import Instructor
from tests.conftest import queries_for
from tests.factories.courses import bulk_courses, make_course, make_lessons, make_subject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_page_cache")]

# Once a page has been found, Wagtail's routing reads it in one query (home/routing.py),
# and no view restriction is read where there is none. Which courses a page of the
# catalogue shows, and their cards, are cached until a page or a price changes; the first
# visitor of a page of it has them read (its courses, their cards and prices: 3 more).
# PERFORMANCE.md: ≤ 10.
CATALOGUE_QUERIES = 4
CATALOGUE_QUERIES_UNCACHED = 7
# A course page's outline and facts come from the cache (courses/catalogue.py): what is
# left is finding the page and its subject and cover. Without the cache, as many queries
# for 48 lessons as for one.
COURSE_PAGE_QUERIES = 4
COURSE_PAGE_QUERIES_COLD = 26  # every cache empty: menus, the route and the rest built again


def test_catalogue_queries_do_not_grow_with_the_catalogue(
    client, catalogue, seller_company, settings, django_assert_max_num_queries
):
    # Indexing 1,000 pages for search would only slow the test down.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
    }
    subject = make_subject()
    bulk_courses(seller_company, 10, subject)
    with_ten = queries_for(client, catalogue.url)

    bulk_courses(seller_company, 290, subject, start=10)  # thirty times as many (1,000 in make bench)
    with_three_hundred = queries_for(client, catalogue.url)
    filtered = queries_for(client, f"{catalogue.url}?subject=dataskydd&sort=price&page=7")

    assert 0 < with_ten == with_three_hundred == filtered  # rendered, not from the page cache
    assert queries_for(client, catalogue.url, cold=True) == queries_for(
        client, f"{catalogue.url}?page=20", cold=True
    )
    assert queries_for(client, catalogue.url) <= CATALOGUE_QUERIES
    with django_assert_max_num_queries(CATALOGUE_QUERIES_UNCACHED):
        client.get(f"{catalogue.url}?page=3")  # which courses, and their cards, read again


def test_course_page_queries_do_not_grow_with_lessons(client, seller_company, lesson_video):
    small = make_course(seller_company, "Liten")
    make_lessons(small, modules=1, lessons_per_module=1, video=lesson_video)
    large = make_course(seller_company, "Stor")
    make_lessons(large, modules=6, lessons_per_module=8, video=lesson_video)
    for page, count in ((small, 1), (large, 4)):
        for n in range(count):
            page.instructors.create(instructor=Instructor.objects.create(name=f"Lärare {n}"))

    assert 0 < queries_for(client, small.url) == queries_for(client, large.url) <= COURSE_PAGE_QUERIES
    cold = queries_for(client, small.url, cold=True)
    assert cold == queries_for(client, large.url, cold=True) <= COURSE_PAGE_QUERIES_COLD


def test_home_page_with_featured_courses_uses_a_fixed_number_of_queries(client, home_page, seller_company):
    courses = [make_course(seller_company, f"Kurs {n}", subject=make_subject()) for n in range(6)]
    home_page.featured_courses.create(course_page=courses[0])
    home_page.save_revision().publish()
    one = queries_for(client, "/sv/", cold=True)
    for course in courses[1:]:
        home_page.featured_courses.create(course_page=course)
    home_page.save_revision().publish()

    six = queries_for(client, "/sv/", cold=True)

    assert six == one
