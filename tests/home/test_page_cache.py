"""The page cache (home/page_cache.py): what it serves from Redis, what it never carries
from one visitor to another, and every kind of change that must drop what it keeps."""

import re
import uuid
from decimal import Decimal

from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from courses.models import CoursePage, Instructor, Subject
from courses.products import ensure_course_product
from gdpr import cookies
from gdpr.cookie_seed import STATISTICS_COOKIE, declare_cookies
from gdpr.models import CookieDeclaration, PageViewCount
from home import page_cache
from home.models import CompanySettings
from home.page_cache import PLACEHOLDER, visitor_token
from tests.factories.courses import make_course, make_subject
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def declared(home_page):
    declare_cookies()


@pytest.fixture
def course(declared, seller_company):
    subject = make_subject("ledarskap", "Ledarskap")
    return make_course(seller_company, "Feedback som fungerar", Decimal("1490"), subject=subject)


def served_from_cache(client, url, **extra):
    """The answer, and whether it came without a single query (from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries) == 0


def consent_cookie(*categories) -> str:
    current = cookies.declarations("sv")
    return cookies.encode(cookies.Consent(uuid.uuid4().hex, frozenset(categories), True, current.version))


def visitor(**cookies_) -> Client:
    client = Client()
    for name, value in cookies_.items():
        client.cookies[name] = value
    return client


# --- What is served from the cache ---


@pytest.mark.parametrize("which", ["home", "catalogue", "course", "catalogue filtered", "policy"])
def test_a_second_anonymous_visit_is_served_without_a_query(declared, catalogue, course, policy_page, which):
    url = {
        "home": "/sv/",
        "catalogue": catalogue.url,
        "course": course.url,
        "catalogue filtered": f"{catalogue.url}?subject=ledarskap&sort=price",
        "policy": policy_page.url,
    }[which]
    first, cached_first = served_from_cache(Client(), url)
    second, cached_second = served_from_cache(Client(), url)
    assert first.status_code == second.status_code == 200
    assert not cached_first and cached_second
    assert TOKEN.sub("", first.text) == TOKEN.sub("", second.text)
    assert PLACEHOLDER not in second.text


def test_the_query_string_and_the_language_are_part_of_the_key(declared, catalogue, course):
    Client().get(catalogue.url)
    _response, cached = served_from_cache(Client(), f"{catalogue.url}?sort=price")
    assert not cached
    english = Client().get("/en/")
    assert english.status_code == 200 and 'lang="en"' in english.text


@pytest.mark.parametrize(
    "query",
    [
        "?utm_source=x",  # a parameter the page does not read
        "?subject=finns-inte",  # a subject no course has
        "?level=expert",  # a value the filter ignores
        "?page=999",  # beyond the last page: the last is shown
        "?sort=price&sort=price",  # a parameter twice
        "?&&",  # nothing said
    ],
)
def test_a_query_string_the_page_does_not_use_as_given_is_never_stored(declared, catalogue, course, query):
    """Otherwise anyone could fill the cache with made-up query strings."""
    for _ in range(2):
        response, cached = served_from_cache(Client(), f"{catalogue.url}{query}")
        assert response.status_code == 200 and not cached


def test_the_filter_forms_query_is_stored_once_in_whatever_order_or_encoding(declared, catalogue, course):
    # The form sends every field, the empty ones too.
    Client().get(f"{catalogue.url}?subject=&level=&language=&format=&sort=price&page=1")
    again = f"{catalogue.url}?page=%31&sort=price&format=&language=&level=&subject="
    assert served_from_cache(Client(), again)[1]


def test_search_errors_and_head_requests_are_not_cached(declared, catalogue, course):
    for _ in range(2):
        _response, cached = served_from_cache(Client(), "/sv/search/?q=feedback")
        assert not cached
    for _ in range(2):
        response, cached = served_from_cache(Client(), "/sv/finns-inte/")
        assert response.status_code == 404 and not cached
    Client().get(course.url)
    with CaptureQueriesContext(connection) as queries:
        assert Client().head(course.url).status_code == 200
    assert len(queries) > 0


# --- What a cached page never carries from one visitor to another ---


def test_the_consent_choice_is_part_of_the_key_and_the_consent_id_never_in_a_page(declared, course):
    accepted = visitor(cookie_consent=consent_cookie("preferences", "statistics", "marketing"))
    html = accepted.get(course.url).text
    assert "cookie-banner" not in html
    consent_id = cookies.decode(
        accepted.cookies["cookie_consent"].value, cookies.declarations("sv")
    ).consent_id

    first_visit, cached = served_from_cache(Client(), course.url)
    assert not cached and "cookie-banner" in first_visit.text

    rejected = visitor(cookie_consent=consent_cookie())
    page, cached = served_from_cache(rejected, course.url)
    assert not cached and "cookie-banner" not in page.text
    assert '["cloocast:player"]' in page.text  # their storage keys are removed, not kept

    again, cached = served_from_cache(
        visitor(cookie_consent=consent_cookie("preferences", "statistics")), course.url
    )
    assert not cached  # another choice, another page
    for response in (first_visit, page, again, accepted.get(course.url)):
        assert consent_id not in response.text
        assert str(uuid.UUID(hex=consent_id)) not in response.text


def test_a_basket_is_never_shown_to_another_visitor_nor_cached(declared, course):
    buyer = Client()
    buyer.get(course.url)
    token = TOKEN.search(buyer.get(course.url).text)[1]
    buyer.post(
        f"/sv/shop/basket/add/{course.course.product_id}/", {"quantity": 2, "csrfmiddlewaretoken": token}
    )
    mine, cached = served_from_cache(buyer, course.url)
    assert not cached and 'class="badge">2' in mine.text

    theirs, cached = served_from_cache(Client(), course.url)
    assert cached and 'class="badge"' not in theirs.text


def test_a_signed_in_person_gets_their_own_page_and_never_leaves_it_in_the_cache(declared, course):
    person = UserFactory(email="karin@example.com", first_name="Karin", last_name="Lund")
    anonymous_before = Client().get(course.url)
    signed_in = Client()
    signed_in.force_login(person)
    own, cached = served_from_cache(signed_in, course.url)
    assert not cached and "Logga ut" in own.text
    assert "Logga ut" not in anonymous_before.text

    after, cached = served_from_cache(Client(), course.url)
    assert cached and "Logga ut" not in after.text and "karin@example.com" not in after.text


def test_a_message_is_shown_to_its_visitor_only(declared, course, rf):
    # A message waiting in the visitor's cookie, as a redirect after a form leaves it.
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Din beställning är mottagen")
    response = Client().get("/sv/")  # any response to carry the cookie
    storage.update(response)
    with_message = visitor(messages=response.cookies["messages"].value)
    Client().get(course.url)  # a cached page exists

    page, cached = served_from_cache(with_message, course.url)
    assert not cached and "Din beställning är mottagen" in page.text
    assert page.cookies["messages"]["max-age"] == 0  # shown, and so gone
    other, cached = served_from_cache(Client(), course.url)
    assert cached and "Din beställning är mottagen" not in other.text


def test_a_form_on_a_cached_page_works_for_a_visitor_with_another_csrf_cookie(declared, course):
    first = Client(enforce_csrf_checks=True)
    first_token = TOKEN.search(first.get(course.url).text)[1]

    second = Client(enforce_csrf_checks=True)
    second.cookies["csrftoken"] = "a" * 32  # a CSRF cookie of their own, not the first visitor's
    page, cached = served_from_cache(second, course.url)
    assert cached
    token = TOKEN.search(page.text)[1]
    assert token != first_token
    added = second.post(
        f"/sv/shop/basket/add/{course.course.product_id}/", {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert added.status_code == 302

    # The first visitor's token does not work with another cookie.
    third = Client(enforce_csrf_checks=True)
    third.cookies["csrftoken"] = "b" * 32
    refused = third.post(
        f"/sv/shop/basket/add/{course.course.product_id}/",
        {"quantity": 1, "csrfmiddlewaretoken": first_token},
    )
    assert refused.status_code == 403


def test_a_visitor_without_a_csrf_cookie_gets_one_that_matches_the_page(declared, course):
    Client().get(course.url)
    newcomer = Client(enforce_csrf_checks=True)
    page, cached = served_from_cache(newcomer, course.url)
    assert cached and "csrftoken" in page.cookies
    token = TOKEN.search(page.text)[1]
    added = newcomer.post(
        f"/sv/shop/basket/add/{course.course.product_id}/", {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert added.status_code == 302


def test_a_visitors_token_is_djangos_masking_of_their_secret(rf):
    from django.middleware.csrf import _unmask_cipher_token

    newcomer = rf.get("/")
    token = visitor_token(newcomer)
    secret = newcomer.META["CSRF_COOKIE"]
    assert len(secret) == 32 and len(token) == 64 and newcomer.META["CSRF_COOKIE_NEEDS_UPDATE"]
    assert _unmask_cipher_token(token) == secret
    again = visitor_token(newcomer)  # masked anew, the same secret
    assert again != token and _unmask_cipher_token(again) == secret

    returning = rf.get("/")
    returning.META["CSRF_COOKIE"] = "c" * 32  # as CsrfViewMiddleware read it from the cookie
    assert _unmask_cipher_token(visitor_token(returning)) == "c" * 32


def test_a_token_draws_every_character_alike(monkeypatch):
    # 62 characters: a byte from 248 up would favour the first eight, so it is drawn again.
    draws = iter([bytes([255, 250, 248] * 22), bytes([0, 61, 62, 247] * 16)])
    monkeypatch.setattr(page_cache.os, "urandom", lambda n: next(draws))
    assert page_cache._random_chars(32) == "a9a9" * 8  # 0, 61, 62 % 62 and 247 % 62; none of the first


def test_the_cookie_banner_on_a_cached_page_records_a_choice(declared, course):
    Client().get("/en/")
    newcomer = Client(enforce_csrf_checks=True)
    page, cached = served_from_cache(newcomer, "/en/")
    assert cached and "cookie-banner" in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    chosen = newcomer.post(
        "/en/cookies/",
        {
            "action": "reject_all",
            "next": "/en/",
            "version": cookies.declarations("en").version,
            "csrfmiddlewaretoken": token,
        },
    )
    assert chosen.status_code == 302 and "cookie_consent" in chosen.cookies


# --- Headers ---


def test_a_page_with_a_visitors_token_is_private_and_one_without_is_public(declared, policy_page):
    with_banner = Client().get(policy_page.url)
    assert "private" in with_banner["Cache-Control"] and "Cookie" in with_banner["Vary"]

    chosen = visitor(cookie_consent=consent_cookie())
    chosen.get(policy_page.url)
    public = chosen.get(policy_page.url)
    assert PLACEHOLDER not in public.text and "csrfmiddlewaretoken" not in public.text
    assert "public" in public["Cache-Control"] and "s-maxage=" in public["Cache-Control"]
    assert "Cookie" in public["Vary"]
    assert not public.cookies


def test_a_page_that_deletes_a_refused_cookie_is_not_public(declared, policy_page):
    visitor(cookie_consent=consent_cookie()).get(policy_page.url)  # cached, and public
    holder = visitor(cookie_consent=consent_cookie(), **{STATISTICS_COOKIE: "20261129:1"})
    response = holder.get(policy_page.url)
    assert response.cookies[STATISTICS_COOKIE]["max-age"] == 0
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_pages_rendered_for_a_person_are_not_marked_public(declared, course, learner):
    client = Client()
    client.force_login(learner)
    response = client.get(course.url)
    assert "public" not in response.get("Cache-Control", "")


# --- Statistics ---


def test_course_page_views_are_counted_from_the_cache_too(declared, course):
    statistics_allowed = consent_cookie("statistics")
    visitor(cookie_consent=statistics_allowed).get(course.url)
    reader = visitor(cookie_consent=statistics_allowed)
    response, cached = served_from_cache(reader, course.url)
    assert response.status_code == 200
    assert STATISTICS_COOKIE in response.cookies  # a new visitor of the day
    assert PageViewCount.objects.get(page=course).views == 2
    assert PageViewCount.objects.get(page=course).visitors == 2
    # The cookie the count set is not in the entry: the next visitor is counted afresh.
    third = visitor(cookie_consent=statistics_allowed).get(course.url)
    assert STATISTICS_COOKIE in third.cookies


# --- Every kind of change drops what it must ---


def cached_then(url, change):
    """The page after `change`, having been cached before it."""
    Client().get(url)
    assert served_from_cache(Client(), url)[1]
    change()
    return Client().get(url)


def test_publishing_a_page_drops_it(declared, course):
    def republish():
        course.title = "Feedback som fungerar, andra upplagan"
        course.save_revision().publish()

    assert "andra upplagan" in cached_then(course.url, republish).text


def test_unpublishing_a_page_drops_it(declared, course):
    assert cached_then(course.url, course.unpublish).status_code == 404


def test_moving_a_page_drops_it(declared, catalogue, course, seller_company):
    from tests.factories.courses import make_seller

    other = make_seller(catalogue, "Säljare Tre").pages.get(locale__language_code="sv")
    old_url = course.url
    response = cached_then(old_url, lambda: course.move(other, pos="last-child"))
    # Wagtail leaves a redirect to where it went: the old page is not served from the cache.
    assert response.status_code == 301 and response.url == CoursePage.objects.get(pk=course.pk).url


def test_a_price_change_drops_the_course_page_and_the_catalogue(declared, catalogue, course):
    Client().get(catalogue.url)
    response = cached_then(
        course.url, lambda: ensure_course_product(course.course, course.title, Decimal("990"))
    )
    assert "990,00" in response.text and "1\xa0490,00" not in response.text
    assert "990,00" in Client().get(catalogue.url).text


def test_a_stock_record_change_drops_the_course_page(declared, course):
    def new_price():
        record = course.course.product.stockrecords.get()
        record.price = Decimal("1290")
        record.save()

    assert "1\xa0290,00" in cached_then(course.url, new_price).text


def test_renaming_a_subject_drops_the_catalogue(declared, catalogue, course):
    def rename():
        subject = Subject.objects.get(slug="ledarskap")
        subject.name = "Ledarskap och coachning"
        subject.save()

    assert "Ledarskap och coachning" in cached_then(catalogue.url, rename).text


def test_renaming_an_instructor_drops_their_course_pages(declared, course):
    from courses.models import CourseInstructor

    instructor = Instructor.objects.create(name="Eva Berg", locale=course.locale)
    CourseInstructor.objects.create(page=course, instructor=instructor)
    course.save_revision().publish()

    def rename():
        instructor.name = "Eva Berg-Lind"
        instructor.save()

    assert "Eva Berg-Lind" in cached_then(course.url, rename).text


def test_a_trailer_finishing_processing_drops_the_course_page(declared, course):
    from courses import video_processing
    from courses.models import LessonVideo, VideoStatus

    trailer = LessonVideo.objects.create(title="Trailer")
    # Uploaded and being processed (the worker writes these without save()).
    LessonVideo.objects.filter(pk=trailer.pk).update(
        file="videos/upload/trailer.mp4", status=VideoStatus.PROCESSING
    )
    trailer.refresh_from_db()
    course.trailer = trailer
    course.save_revision().publish()
    output_dir = f"videos/{uuid.uuid4().hex}/"

    response = cached_then(
        course.url, lambda: video_processing._finish(trailer, trailer.file.name, output_dir)
    )
    assert 'id="trailer-heading"' in response.text and output_dir in response.text


def test_a_site_setting_drops_every_page(declared, course):
    def rename():
        company = CompanySettings.for_site(Site.objects.get(is_default_site=True))
        company.name = "Cloocast Utbildning"
        company.save()

    assert "Cloocast Utbildning" in cached_then(course.url, rename).text


def test_a_new_policy_version_drops_the_policy_page(declared, policy_page):
    def new_version():
        policy_page.version = "3.1"
        policy_page.save_revision().publish()

    assert "3.1" in cached_then(policy_page.url, new_version).text


def test_a_new_cookie_declaration_asks_again_on_a_cached_page(declared, course):
    chosen = visitor(cookie_consent=consent_cookie())
    chosen.get(course.url)
    assert "cookie-banner" not in chosen.get(course.url).text
    category = cookies.declarations("sv").optional[0]
    from gdpr.models import CookieCategory

    CookieDeclaration.objects.create(
        category=CookieCategory.objects.get(key=category.key, locale__language_code="sv"),
        name="ny_kaka",
        purpose="Prov",
        lifetime="1 dag",
    )
    assert "cookie-banner" in chosen.get(course.url).text


def test_the_view_of_a_path_is_remembered_per_process_but_not_for_a_long_path(rf):
    page_cache._policy_for_path.cache_clear()

    assert page_cache.cacheable_view(rf.get("/sv/" + "a" * 500 + "/")) is page_cache.WAGTAIL_PAGES
    assert page_cache._policy_for_path.cache_info().currsize == 0
    assert page_cache.cacheable_view(rf.get("/sv/kurser/")) is page_cache.WAGTAIL_PAGES
    assert page_cache.cacheable_view(rf.get("/healthz")) is None
    assert page_cache._policy_for_path.cache_info().currsize == 2
