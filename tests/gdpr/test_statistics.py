"""First-party statistics: counted only with consent and never per person, a browser once per
course page and day; searches without results, without terms that look personal; and the
staff's report (Reports → Statistics), its access and its cost."""

import re
import threading
import uuid
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections
from django.db.models.query import QuerySet
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from wagtail.users.models import UserProfile

import pytest

from gdpr import cookies, statistics
from gdpr.cookie_seed import STATISTICS_COOKIE, declare_cookies
from gdpr.models import PageViewCount, ProcessingRestriction, SearchMissCount
from gdpr.retention import add_months
from gdpr.sweep import sweep
from tests.conftest import require
from tests.factories.courses import make_course

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/statistics/"


@pytest.fixture
def declared(home_page):
    declare_cookies()


@pytest.fixture
def course(declared, seller_company):
    return make_course(seller_company, "Dataskydd i praktiken")


def choose(client, action, categories=()):
    return client.post(
        "/en/cookies/",
        {
            "action": action,
            "categories": list(categories),
            "next": "/en/",
            "version": cookies.declarations("en").version,
        },
    )


def counts(page):
    return PageViewCount.objects.filter(page=page).values_list("views", "visitors").first()


def today_stamp():
    return f"{timezone.localdate():%Y%m%d}"


def consenting_request(rf, method="get", **attrs):
    request = getattr(rf, method)("/")
    request.consent = cookies.Consent(uuid.uuid4().hex, frozenset({"statistics"}), True, "v")
    request.user = AnonymousUser()
    for name, value in attrs.items():
        setattr(request, name, value)
    return request


# --- Course pages ---


def test_nothing_is_counted_before_a_choice(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    assert counts(course) is None and STATISTICS_COOKIE not in response.cookies


@pytest.mark.parametrize(("action", "categories"), [("reject_all", ()), ("choose", ("preferences",))])
def test_nothing_is_counted_when_statistics_are_refused(client, course, action, categories):
    choose(client, action, categories)
    response = client.get(course.url)
    assert counts(course) is None and STATISTICS_COOKIE not in response.cookies


def test_nothing_is_counted_for_a_person_who_restricted_processing(client, course, learner):
    ProcessingRestriction.objects.create(user=learner, reason="Jag bestrider uppgifterna.")
    client.force_login(learner)
    choose(client, "accept_all")
    response = client.get(course.url)
    assert response.status_code == 200
    assert counts(course) is None and STATISTICS_COOKIE not in response.cookies


def test_a_view_is_counted_with_consent_and_a_reload_is_not_a_second_visitor(client, course, learner):
    choose(client, "accept_all")
    response = client.get(course.url)
    assert counts(course) == (1, 1)
    cookie = response.cookies[STATISTICS_COOKIE]
    assert cookie.value == f"{today_stamp()}:{course.pk}"
    assert 0 < cookie["max-age"] <= 24 * 3600 and cookie["httponly"] and cookie["samesite"] == "Lax"

    response = client.get(course.url)  # a reload the same day
    assert counts(course) == (2, 1) and STATISTICS_COOKIE not in response.cookies

    client.force_login(learner)  # signed in and not restricted: counted too
    client.get(course.url)
    assert counts(course) == (3, 1)
    row = PageViewCount.objects.get()
    assert row.day == timezone.localdate()
    assert {f.name for f in PageViewCount._meta.concrete_fields} == {"id", "page", "day", "views", "visitors"}


def test_a_head_request_an_error_and_the_editors_preview_are_not_counted(client, rf, course):
    choose(client, "accept_all")
    assert client.head(course.url).status_code == 200
    assert counts(course) is None

    statistics.count_course_page_view(consenting_request(rf), HttpResponse(status=404), course)
    statistics.count_course_page_view(consenting_request(rf), HttpResponse(status=302), course)
    statistics.count_course_page_view(consenting_request(rf, is_preview=True), HttpResponse(), course)
    assert counts(course) is None

    statistics.count_course_page_view(consenting_request(rf), HttpResponse(), course)
    assert counts(course) == (1, 1)


def test_wagtails_preview_of_a_course_page_is_not_counted(client, rf, course):
    # Wagtail renders a preview without serve(); the guard above covers a caller that does not know.
    choose(client, "accept_all")
    consent = client.cookies[cookies.CONSENT_COOKIE].value
    original = rf.get("/", HTTP_COOKIE=f"{cookies.CONSENT_COOKIE}={consent}")
    response = course.make_preview_request(original_request=original)
    assert response.status_code == 200 and "Dataskydd i praktiken" in response.content.decode()
    assert counts(course) is None and STATISTICS_COOKIE not in response.cookies


def test_the_cookie_keeps_at_most_fifty_pages_the_newest_last(rf, course):
    request = consenting_request(rf)
    full = list(range(1_000_001, 1_000_001 + statistics.MAX_PAGES_PER_DAY))
    request.COOKIES[STATISTICS_COOKIE] = f"{today_stamp()}:{'.'.join(map(str, full))}"
    response = HttpResponse()
    statistics.count_course_page_view(request, response, course)
    value = response.cookies[STATISTICS_COOKIE].value
    pages = statistics.counted_pages(value, timezone.localdate())
    assert pages == [*full[1:], course.pk] and len(value) <= statistics.MAX_COOKIE_LENGTH
    assert counts(course) == (1, 1)


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "x" * 5000,
        "20261129",
        "{today}:",
        "{today}:abc",
        "{today}:1.",
        "{today}:0",
        "{today}:12345678901",  # a page id no database has
        "{today}:" + ".".join(str(n) for n in range(1, 60)),  # more than we ever write
        "{yesterday}:{page}",  # another day's
        '"{today}:{page}"',
        "{today}:{page}\x00",
    ],
)
def test_a_cookie_that_is_not_ours_counts_the_browser_as_new_without_an_error(client, course, value):
    choose(client, "accept_all")
    yesterday = f"{timezone.localdate() - timedelta(days=1):%Y%m%d}"
    client.cookies[STATISTICS_COOKIE] = value.format(today=today_stamp(), yesterday=yesterday, page=course.pk)
    response = client.get(course.url)
    assert response.status_code == 200
    assert counts(course) == (1, 1)
    assert response.cookies[STATISTICS_COOKIE].value == f"{today_stamp()}:{course.pk}"


def test_a_page_already_counted_today_is_not_a_new_visitor(client, course):
    choose(client, "accept_all")
    client.cookies[STATISTICS_COOKIE] = f"{today_stamp()}:7.{course.pk}.9"
    client.get(course.url)
    assert counts(course) == (1, 0)


def test_counting_a_view_is_one_query_once_the_days_row_exists(rf, course, django_assert_num_queries):
    statistics.count_course_page_view(consenting_request(rf), HttpResponse(), course)
    with django_assert_num_queries(1):
        statistics.count_course_page_view(consenting_request(rf), HttpResponse(), course)
    assert counts(course) == (2, 2)


def test_increments_add_to_the_stored_row(course):
    key = {"page_id": course.pk, "day": timezone.localdate()}
    statistics._add(PageViewCount, key, {"views": 1, "visitors": 1})
    statistics._add(PageViewCount, key, {"views": 1, "visitors": 0})
    statistics._add(PageViewCount, key, {"views": 1, "visitors": 1})
    assert counts(course) == (3, 2)


def test_an_insert_that_loses_the_race_adds_to_the_winners_row(course, monkeypatch):
    day = timezone.localdate()
    PageViewCount.objects.create(page=course, day=day, views=5, visitors=4)
    update = QuerySet.update
    calls = []

    def first_update_misses(self, **kwargs):
        # As if the other request inserted the row between our UPDATE and our INSERT.
        calls.append(kwargs)
        return 0 if len(calls) == 1 else update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", first_update_misses)
    statistics._add(PageViewCount, {"page_id": course.pk, "day": day}, {"views": 1, "visitors": 1})
    assert counts(course) == (6, 5) and len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_lose_nothing():
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")
    key = {"day": timezone.localdate(), "language": "sv", "term": "samtidigt"}
    start, errors = threading.Barrier(8), []

    def worker():
        try:
            start.wait()
            for _ in range(20):
                statistics._add(SearchMissCount, key, {"searches": 1})
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SearchMissCount.objects.get(**key).searches == 160


# --- Searches without results ---


def test_a_search_without_results_is_counted_with_consent_only(client, declared):
    assert client.get("/en/search/", {"q": "Kubernetes"}).status_code == 200
    assert not SearchMissCount.objects.exists()

    choose(client, "reject_all")
    client.get("/en/search/", {"q": "Kubernetes"})
    assert not SearchMissCount.objects.exists()

    choose(client, "accept_all")
    client.get("/en/search/", {"q": "  KUBERNETES "})
    client.get("/en/search/", {"q": "kubernetes"})
    client.get("/en/search/", {"q": ""})
    row = SearchMissCount.objects.get()
    assert (row.day, row.language, row.term, row.searches) == (timezone.localdate(), "en", "kubernetes", 2)


def test_a_search_that_found_something_is_not_counted(client, course):
    choose(client, "accept_all")
    response = client.get("/sv/search/", {"q": "Dataskydd"})
    assert "Dataskydd i praktiken" in response.text
    assert not SearchMissCount.objects.exists()


def test_a_restricted_person_s_searches_are_not_counted(client, declared, learner):
    ProcessingRestriction.objects.create(user=learner, reason="Jag bestrider uppgifterna.")
    client.force_login(learner)
    choose(client, "accept_all")
    client.get("/en/search/", {"q": "Kubernetes"})
    assert not SearchMissCount.objects.exists()


@pytest.mark.parametrize(
    "term",
    [
        "anna.svensson@example.com",
        "anna @ example",
        "850101-1234",
        "19850101 1234",
        "personnummer 198501011234",
        "+46 70 123 45 67",
        "070-123 45 67",
        "(08) 123 456",
        "559251-4557",
        "kurs " * 13,  # longer than 60 characters
    ],
)
def test_terms_that_look_personal_are_never_kept(client, declared, term):
    choose(client, "accept_all")
    client.get("/en/search/", {"q": term})
    assert statistics.normalise_term(term) == ""
    assert not SearchMissCount.objects.exists()


@pytest.mark.parametrize(
    ("term", "kept"),
    [
        ("  GDPR   för\tChefer ", "gdpr för chefer"),
        ("ISO 27001", "iso 27001"),
        ("Förordning 2016/679", "förordning 2016/679"),
        ("Ｅｘｃｅｌ", "excel"),  # full-width letters
        ("excel\u200b2024", "excel 2024"),  # an invisible character becomes a space
    ],
)
def test_terms_are_lower_cased_and_their_spaces_collapsed(term, kept):
    assert statistics.normalise_term(term) == kept


def test_a_flood_of_new_terms_stops_at_the_days_limit(rf, monkeypatch):
    monkeypatch.setattr(statistics, "MAX_TERMS_PER_DAY", 3)
    for n in range(5):
        statistics.count_search_without_results(consenting_request(rf), f"term {n}")
    statistics.count_search_without_results(consenting_request(rf), "term 0")  # known: still counted
    assert dict(SearchMissCount.objects.values_list("term", "searches")) == {
        "term 0": 2,
        "term 1": 1,
        "term 2": 1,
    }


# --- The report ---


def chart(html):
    start = html.index('<svg class="statistics-chart"')
    return html[start : html.index("</svg>", start)]


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("learner", False),
        ("seller", False),
        ("editor", True),
        ("staff", True),
        ("sysadmin", True),
    ],
)
def test_who_sees_the_statistics(client, request, declared, who, allowed):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(REPORT_URL)
    if allowed:
        assert response.status_code == 200 and 'role="img"' in response.text
        assert reverse("gdpr_statistics") == REPORT_URL
    else:
        # Wagtail sends those without admin access to its login, other staff to its dashboard.
        refused = reverse("wagtailadmin_home") if who == "seller" else "/admin/login/"
        assert response.status_code == 302 and response.url.startswith(refused)
        assert client.post(REPORT_URL, {"term": "x"}).status_code == 302


def test_the_reports_menu_offers_statistics_to_those_who_may_see_them(client, declared, editor, seller):
    client.force_login(editor)
    assert REPORT_URL in client.get("/admin/").text
    client.force_login(seller)
    assert REPORT_URL not in client.get("/admin/").text


def test_the_report_shows_a_chart_a_table_the_top_pages_and_the_misses(
    client, course, seller_company, locales, staff
):
    english = course.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Data protection in practice"
    english.save_revision().publish()
    other = make_course(seller_company, "Ledarskap")
    today = timezone.localdate()
    PageViewCount.objects.create(page=course, day=today, views=7, visitors=5)
    PageViewCount.objects.create(page=english, day=today, views=3, visitors=2)
    PageViewCount.objects.create(page=other, day=today - timedelta(days=2), views=4, visitors=4)
    PageViewCount.objects.create(page=other, day=today - timedelta(days=40), views=99, visitors=99)
    SearchMissCount.objects.create(day=today, language="sv", term="kubernetes", searches=6)
    SearchMissCount.objects.create(
        day=today - timedelta(days=1), language="sv", term="kubernetes", searches=2
    )
    SearchMissCount.objects.create(day=today, language="en", term="excel", searches=3)

    client.force_login(in_english(staff))
    html = client.get(REPORT_URL).text

    svg = chart(html)
    assert 'role="img"' in svg and "aria-label=" in svg
    assert "14 views in all" in svg and "The most, 10, on" in svg
    assert len(re.findall(r"<rect ", svg)) == 30
    assert 'height="200.0"' in svg  # the busiest day is the full height
    table = html[html.index("Views and visitors per day") : html.index("Most seen course pages")]
    with translation.override("en"):
        shown = {
            day: formats.date_format(day, "SHORT_DATE_FORMAT") for day in (today, today - timedelta(days=2))
        }
    assert f'<th scope="row">{shown[today]}</th><td>10</td><td>7</td>' in table
    assert f'<th scope="row">{shown[today - timedelta(days=2)]}</th><td>4</td><td>4</td>' in table
    assert table.count("<tr>") == 31  # the head and every day, those without views too
    assert "Views: 14. Visitors: 11." in html
    # The two languages of one course are one row, titled in the admin user's language.
    top = html[html.index("Most seen course pages") : html.index("Searches without results")]
    assert top.index("Data protection in practice") < top.index("Ledarskap")
    assert "<td>10</td><td>7</td>" in top and "<td>4</td><td>4</td>" in top and "99" not in top
    misses = html[html.index("Searches without results") :]
    assert misses.index("kubernetes") < misses.index("excel") and "<td>8</td>" in misses


@pytest.mark.parametrize(
    ("asked", "days"), [("7", 7), ("90", 90), ("", 30), ("1000", 30), ("abc", 30), ("-7", 30)]
)
def test_the_period_is_one_of_seven_thirty_or_ninety_days(client, declared, staff, asked, days):
    client.force_login(staff)
    response = client.get(REPORT_URL, {"days": asked})
    assert response.status_code == 200
    assert response.context["days"] == days and len(response.context["report"].days) == days
    assert chart(response.text).count("<rect ") == days


def test_the_reports_queries_do_not_grow_with_the_data(client, declared, seller_company, staff):
    client.force_login(staff)
    pages = [make_course(seller_company, f"Kurs {n}", price=None) for n in range(3)]
    today = timezone.localdate()

    def add(pages, days, terms):
        PageViewCount.objects.bulk_create(
            PageViewCount(page=page, day=today - timedelta(days=d), views=d + 1, visitors=1)
            for page in pages
            for d in range(days)
        )
        SearchMissCount.objects.bulk_create(
            SearchMissCount(day=today - timedelta(days=d), language="sv", term=f"ord {n}", searches=1)
            for n in range(terms)
            for d in range(days)
        )

    add(pages[:1], days=1, terms=1)
    client.get(REPORT_URL)  # warm caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(REPORT_URL).status_code == 200
    PageViewCount.objects.all().delete()
    SearchMissCount.objects.all().delete()
    add(pages, days=30, terms=40)
    with CaptureQueriesContext(connection) as large:
        assert client.get(REPORT_URL).status_code == 200
    assert len(large) == len(small)


def test_staff_remove_a_term_that_names_someone(client, declared, staff):
    today = timezone.localdate()
    SearchMissCount.objects.create(day=today, language="sv", term="anna svensson", searches=2)
    SearchMissCount.objects.create(
        day=today - timedelta(days=3), language="en", term="anna svensson", searches=1
    )
    SearchMissCount.objects.create(day=today, language="sv", term="excel", searches=1)
    client.force_login(staff)
    response = client.post(REPORT_URL, {"term": "anna svensson", "days": "7"})
    assert response.status_code == 302 and response.url == f"{REPORT_URL}?days=7"
    assert list(SearchMissCount.objects.values_list("term", flat=True)) == ["excel"]


# --- Retention ---


def test_the_sweep_ends_statistics_after_twenty_five_months(course):
    today = timezone.localdate()
    old_day = add_months(today, -25) - timedelta(days=1)
    kept_day = add_months(today, -25) + timedelta(days=1)
    PageViewCount.objects.create(page=course, day=old_day, views=1, visitors=1)
    kept = PageViewCount.objects.create(page=course, day=kept_day, views=1, visitors=1)
    SearchMissCount.objects.create(day=old_day, language="sv", term="gammal", searches=1)
    recent = SearchMissCount.objects.create(day=today, language="sv", term="ny", searches=1)

    done = sweep(today)

    assert done["gdpr.PageViewCount: day+25m"] == 1 and done["gdpr.SearchMissCount: day+25m"] == 1
    assert list(PageViewCount.objects.all()) == [kept]
    assert list(SearchMissCount.objects.all()) == [recent]


def test_the_statistics_hold_no_one_and_no_way_to_anyone():
    for model in (PageViewCount, SearchMissCount):
        names = {f.name for f in model._meta.concrete_fields}
        assert not names & {"user", "ip", "ip_address", "session_key", "consent_id", "user_agent"}
