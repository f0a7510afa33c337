"""Wagtail's routing with the pages found before cached (home/routing.py): the same page,
in one query, and never where a change has taken it from."""

from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

import pytest

from home.routing import _key
from tests.factories.courses import make_course, make_lessons


@pytest.fixture
def lesson(seller_company):
    course = make_course(seller_company, "Feedback som fungerar")
    return make_lessons(course, modules=1, lessons_per_module=1)[0]


def components(page) -> list[str]:
    return [part for part in page.url.split("/") if part][1:]  # without the language


def route(home_page, page):
    with CaptureQueriesContext(connection) as queries:
        found = home_page.route(RequestFactory().get(page.url), components(page))
    return found, len(queries)


def test_a_page_found_before_is_the_same_specific_page_in_one_query(home_page, lesson):
    first, walked = route(home_page, lesson)
    again, queries = route(home_page, lesson)

    assert walked >= 8  # two a level: the lesson is four below the home page
    assert queries == 1
    assert type(again.page) is type(first.page) and again.page.pk == lesson.pk
    assert again.page.text == lesson.text and (again.args, again.kwargs) == (first.args, first.kwargs)


def test_a_page_is_not_found_where_it_was_once_unpublished_moved_or_renamed(
    home_page, lesson, seller_company
):
    from courses.models import LessonPage

    route(home_page, lesson)
    old_url = lesson.url
    lesson.unpublish()
    with pytest.raises(Http404):
        home_page.route(RequestFactory().get(old_url), components(lesson))

    lesson.save_revision().publish()
    route(home_page, lesson)
    lesson.slug = "nytt-namn"
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.url != old_url
    assert Client().get(old_url).status_code in (301, 404)  # Wagtail may leave a redirect
    assert route(home_page, lesson)[0].page.pk == lesson.pk


def test_a_path_that_leads_nowhere_is_never_stored(home_page, lesson):
    request = RequestFactory().get("/sv/kurser/finns-inte/")
    for _ in range(2):
        with pytest.raises(Http404):
            home_page.route(request, ["kurser", "finns-inte"])
    assert cache.get(_key(home_page, ["kurser", "finns-inte"])) is None


def test_a_routable_pages_sub_route_is_walked_every_time(home_page, policy_page):
    assert Client().get(policy_page.url).status_code == 200
    found, _queries = route(home_page, policy_page)
    assert found.args  # the policy page's own view: not kept
    assert cache.get(_key(home_page, components(policy_page))) is None
    assert Client().get(policy_page.url).status_code == 200


def test_a_view_restriction_applies_from_the_moment_it_is_made(home_page, lesson):
    from wagtail.models import PageViewRestriction

    course = lesson.get_parent().get_parent()
    assert Client().get(course.url).status_code == 200  # no restriction anywhere: none read

    restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = Client().get(course.url)
    assert response.status_code == 302 and "login" in response.url

    restriction.delete()
    assert Client().get(course.url).status_code == 200


def test_with_no_restriction_anywhere_serving_reads_none(home_page, lesson):
    course = lesson.get_parent().get_parent()
    Client().get(course.url)
    client = Client()
    client.cookies["sessionid"] = "renders-the-page"  # past the page cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(course.url).status_code == 200
    assert not [query for query in queries if "wagtailcore_pageviewrestriction" in query["sql"]]


def test_a_stored_route_to_a_page_type_removed_since_is_walked_again(home_page, lesson):
    cache.set(_key(home_page, components(lesson)), (lesson.pk, "courses.RemovedPage"))

    assert route(home_page, lesson)[0].page.pk == lesson.pk
