"""Cookie consent: the signed cookie that carries a choice, the form that makes one, the
middleware that keeps every category's cookies out until it is allowed, and the proof."""

import time
import uuid
from datetime import timedelta

from django.core import signing
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone, translation

import pytest

from gdpr import cookies
from gdpr.cookie_seed import STATISTICS_COOKIE, declare_cookies
from gdpr.models import CookieCategory, CookieConsent, CookieDeclaration
from gdpr.registry import registry
from home.models import CompanySettings, PolicyPage
from tests.factories.home import PolicyPageFactory

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/en/cookies/"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def declared(home_page):
    declare_cookies()
    return cookies.declarations("en")


def choose(client, action, categories=(), version=None, next_url="/en/"):
    data = {"action": action, "categories": list(categories), "next": next_url}
    data["version"] = version if version is not None else cookies.declarations("en").version
    return client.post(SETTINGS_URL, data)


def consent_of(client) -> cookies.Consent:
    return cookies.decode(client.cookies[cookies.CONSENT_COOKIE].value, cookies.declarations("en"))


# --- The cookie ---


def test_a_choice_round_trips_through_the_signed_cookie(declared):
    consent = cookies.Consent(uuid.uuid4().hex, frozenset({"statistics"}), True, declared.version)
    assert cookies.decode(cookies.encode(consent), declared) == consent
    assert consent.allows("statistics") and consent.allows("necessary") and not consent.allows("preferences")


NOT_OURS = {
    "empty": lambda: "",
    "oversized": lambda: "x" * 5000,
    "malformed": lambda: "garbage",
    "unsigned": lambda: "1|abc|v|statistics",
    "signed by another": lambda: signing.TimestampSigner(salt="another").sign(
        f"1|{uuid.uuid4().hex}|v|statistics"
    ),
    "a format we never wrote": lambda: signing.TimestampSigner(salt="gdpr.cookie-consent").sign("2|x|y|z"),
    "no uuid": lambda: signing.TimestampSigner(salt="gdpr.cookie-consent").sign("1|not-a-uuid|v|statistics"),
    "a NUL byte": lambda: "1|ab\x00cd:abc:def",
}


# Built in the test, by name: xdist's workers must collect the same test ids.
@pytest.mark.parametrize("kind", NOT_OURS)
def test_a_consent_cookie_that_is_not_ours_is_no_consent(declared, kind):
    assert cookies.decode(NOT_OURS[kind](), declared) == cookies.NO_CONSENT


def test_a_forged_category_in_a_signed_cookie_allows_nothing_more(declared):
    forged = cookies.Consent(uuid.uuid4().hex, frozenset({"statistics", "tracking"}), True, declared.version)
    assert cookies.decode(cookies.encode(forged), declared).allowed == {"statistics"}


def test_a_consent_older_than_twelve_months_is_no_consent(declared, monkeypatch):
    value = cookies.encode(
        cookies.Consent(uuid.uuid4().hex, frozenset({"statistics"}), True, declared.version)
    )
    later = time.time() + timedelta(days=366).total_seconds()
    monkeypatch.setattr(time, "time", lambda: later)
    assert not cookies.decode(value, declared).decided


def test_bad_consent_cookies_give_pages_not_errors(client, declared):
    for value in ("x" * 5000, "%%%", "1|2|3|4:5:6", '"quoted"'):
        client.cookies[cookies.CONSENT_COOKIE] = value
        response = client.get("/en/")
        assert response.status_code == 200
        assert 'aria-labelledby="cookie-banner-title"' in response.content.decode()


# --- Choosing ---


def test_a_first_visit_shows_the_banner_with_reject_all_beside_accept_all(client, declared):
    html = client.get("/en/").content.decode()
    banner = html[
        html.index('class="cookie-banner"') : html.index("</section>", html.index('class="cookie-banner"'))
    ]
    accept = banner.index('value="accept_all" class="button cookie-banner__button"')
    reject = banner.index('value="reject_all" class="button cookie-banner__button"')
    assert 0 < accept < reject  # the same class: neither is favoured
    assert "Preferences" in banner.replace("preferences", "Preferences") and "statistics" in banner
    assert "withdraw" in banner and "Cookie settings" in banner
    assert 'type="checkbox" name="categories"' in banner and " checked" not in banner  # nothing pre-ticked
    assert "marketing" not in banner  # a category that covers nothing is not offered


def test_no_banner_and_no_consent_cookie_without_a_choice(client, declared):
    response = client.get("/en/")
    assert cookies.CONSENT_COOKIE not in response.cookies


def test_accepting_all_records_the_choice_and_hides_the_banner(client, declared):
    response = choose(client, "accept_all", next_url="/en/?page=2")
    assert response.status_code == 302 and response.url == "/en/?page=2"
    consent = consent_of(client)
    assert consent.decided and consent.allowed == {"preferences", "statistics"}
    [record] = CookieConsent.objects.all()
    assert record.consent_id == uuid.UUID(consent.consent_id)
    assert record.action == "accept_all" and record.allowed == ["preferences", "statistics"]
    assert record.language == "en" and record.banner_version == cookies.BANNER_VERSION
    assert record.declarations_version == declared.version
    page = client.get("/en/").content.decode()
    assert "cookie-banner-title" not in page and "Your choice is saved" in page


def test_rejecting_all_and_choosing_one_category(client, declared):
    choose(client, "reject_all", categories=["statistics"])  # the boxes do not count with Reject all
    assert consent_of(client).decided and consent_of(client).allowed == frozenset()
    first_id = consent_of(client).consent_id

    choose(client, "choose", categories=["statistics"])
    assert consent_of(client).allowed == {"statistics"}
    assert consent_of(client).consent_id == first_id  # the same visitor's next choice
    assert list(CookieConsent.objects.order_by("given_at").values_list("action", flat=True)) == [
        "reject_all",
        "choose",
    ]


def test_saving_with_nothing_ticked_is_a_refusal(client, declared):
    choose(client, "choose")
    assert consent_of(client).decided and not consent_of(client).allowed


@pytest.mark.parametrize(
    "data",
    [
        {"action": "accept_everything"},
        {"action": "choose", "categories": ["tracking"]},
        {},
        {"action": "accept_all", "version": "x" * 500},
    ],
)
def test_a_forged_post_saves_nothing_and_says_why(client, declared, data):
    data.setdefault("version", declared.version)
    response = client.post(SETTINGS_URL, data)
    assert response.status_code == 400
    assert "Your choice was not saved" in response.content.decode()
    assert not CookieConsent.objects.exists() and cookies.CONSENT_COOKIE not in response.cookies


def test_a_post_against_cookies_that_changed_since_asks_again(client, declared):
    response = choose(client, "accept_all", version="0" * 12)
    assert response.status_code == 302 and response.url == SETTINGS_URL
    assert not CookieConsent.objects.exists()
    assert "changed while you were choosing" in client.get(response.url).content.decode()


def test_the_consent_post_needs_the_csrf_token(declared):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(SETTINGS_URL, {"action": "accept_all", "version": declared.version})
    assert response.status_code == 403 and not CookieConsent.objects.exists()


def test_a_replayed_post_records_the_same_choice_again(client, declared):
    choose(client, "accept_all")
    choose(client, "accept_all")
    assert CookieConsent.objects.count() == 2 and consent_of(client).allowed == {"preferences", "statistics"}


def test_next_never_leads_to_another_site(client, declared):
    response = choose(client, "reject_all", next_url="https://evil.example/")
    assert response.url == "/en/"


def test_the_settings_page_shows_the_choice_and_the_consent_id(client, declared):
    choose(client, "choose", categories=["statistics"])
    html = client.get(SETTINGS_URL).content.decode()
    assert str(uuid.UUID(consent_of(client).consent_id)) in html
    assert 'value="statistics" id="cookie-category-statistics" checked' in html
    assert 'value="preferences" id="cookie-category-preferences" aria' in html


# --- Asking again ---


def test_a_new_cookie_in_a_category_asks_again(client, declared):
    choose(client, "accept_all")
    category = CookieCategory.objects.get(key="statistics", locale__language_code="sv")
    CookieDeclaration.objects.create(
        category=category, locale=category.locale, name="cc_new", purpose="Ny", lifetime="1 dag"
    )
    consent = consent_of(client)
    assert not consent.decided and not consent.allows("statistics")
    assert "cookie-banner-title" in client.get("/en/").content.decode()


def test_a_cookie_declared_in_swedish_is_listed_in_english_until_translated(client, declared):
    category = CookieCategory.objects.get(key="statistics", locale__language_code="sv")
    cookie = CookieDeclaration.objects.create(
        category=category, locale=category.locale, name="cc_new", purpose="Ny kaka", lifetime="1 dag"
    )
    english = cookies.declarations("en")
    statistics = next(c for c in english.categories if c.key == "statistics")
    assert (
        statistics.name == "Statistics"
        and {c.name: c.purpose for c in statistics.cookies}["cc_new"] == "Ny kaka"
    )

    translated = CookieCategory.objects.get(key="statistics", locale__language_code="en")
    CookieDeclaration.objects.create(
        category=translated,
        locale=translated.locale,
        translation_key=cookie.translation_key,
        name="cc_new",
        purpose="New cookie",
        lifetime="1 day",
    )
    now = cookies.declarations("en")
    statistics = next(c for c in now.categories if c.key == "statistics")
    assert {c.name: c.purpose for c in statistics.cookies}["cc_new"] == "New cookie"
    assert now.version == english.version  # a translation is no new cookie: nobody is asked again


def test_a_new_cookie_policy_version_asks_again(
    client, declared, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        policy = PolicyPageFactory(parent=home_page, title="Kakpolicy", slug="kakpolicy")
    company = CompanySettings.for_site(home_page.get_site())
    company.cookie_policy_page = policy
    company.save()
    choose(client, "accept_all")
    assert consent_of(client).decided

    policy = PolicyPage.objects.get(pk=policy.pk)
    policy.version = "2.0"
    with django_capture_on_commit_callbacks(execute=True):
        policy.save_revision().publish()
    assert not consent_of(client).decided
    choose(client, "reject_all")
    assert CookieConsent.objects.order_by("-given_at").first().cookie_policy_version == "2.0"


def test_the_consent_cookie_lives_twelve_months(client, declared):
    response = choose(client, "reject_all")
    cookie = response.cookies[cookies.CONSENT_COOKIE]
    assert cookie["max-age"] == 365 * 24 * 3600 and cookie["httponly"] and cookie["samesite"] == "Lax"


# --- Enforcing ---


def _response_setting(*names):
    response = HttpResponse()
    for name in names:
        response.set_cookie(name, "1")
    return response


def test_the_middleware_drops_cookies_of_categories_not_allowed(rf, declared):
    middleware = cookies.CookieConsentMiddleware(
        lambda request: _response_setting(STATISTICS_COOKIE, "sessionid")
    )
    response = middleware(rf.get("/en/"))
    assert STATISTICS_COOKIE not in response.cookies and "sessionid" in response.cookies

    allowed = cookies.Consent(uuid.uuid4().hex, frozenset({"statistics"}), True, declared.version)
    request = rf.get("/en/")
    request.COOKIES[cookies.CONSENT_COOKIE] = cookies.encode(allowed)
    assert STATISTICS_COOKIE in middleware(request).cookies


def test_withdrawing_deletes_the_cookies_of_the_category(client, declared):
    choose(client, "accept_all")
    client.cookies[STATISTICS_COOKIE] = "20261129:1"
    response = choose(client, "reject_all")
    assert response.cookies[STATISTICS_COOKIE]["max-age"] == 0
    # And the browser's storage: the page tells consent.js which keys to remove.
    html = client.get("/en/").content.decode()
    assert '<script id="consent-storage-remove" type="application/json">["cloocast:player"]</script>' in html


def test_the_consent_template_tag_renders_only_what_is_allowed(rf, declared):
    from django.template import Context, Template

    template = Template('{% load consent_tags %}{% consent "statistics" %}counted{% endconsent %}')
    request = rf.get("/")
    request.consent = cookies.NO_CONSENT
    assert template.render(Context({"request": request})) == ""
    request.consent = cookies.Consent(uuid.uuid4().hex, frozenset({"statistics"}), True, declared.version)
    assert template.render(Context({"request": request})) == "counted"


def test_the_consent_check_costs_no_query(rf, declared, django_assert_num_queries):
    consent = cookies.Consent(uuid.uuid4().hex, frozenset({"statistics"}), True, declared.version)
    request = rf.get("/en/")
    request.COOKIES[cookies.CONSENT_COOKIE] = cookies.encode(consent)
    with django_assert_num_queries(0):
        assert cookies.read(request) == consent


def test_a_page_with_the_banner_costs_no_more_queries_than_one_without(
    client, declared, home_page, without_page_cache
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    policy = PolicyPageFactory(parent=home_page, title="Kakpolicy", slug="kakpolicy")
    company = CompanySettings.for_site(home_page.get_site())
    company.cookie_policy_page = policy
    company.save()

    client.get("/en/")  # warm caches
    with CaptureQueriesContext(connection) as with_banner:
        html = client.get("/en/").content.decode()
    assert "cookie-banner-title" in html
    choose(client, "accept_all")
    client.get("/en/")
    with CaptureQueriesContext(connection) as without_banner:
        html = client.get("/en/").content.decode()
    assert "cookie-banner-title" not in html
    assert len(with_banner) > 0  # rendered, not from the page cache
    assert len(with_banner) == len(without_banner)


def test_too_many_choices_from_one_network_are_refused(client, declared, settings):
    from gdpr import cookie_views

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for _ in range(cookie_views.MAX_CHOICES_PER_NETWORK_HOUR):
        choose(client, "reject_all")
    response = choose(client, "accept_all")
    assert response.status_code == 429 and "Too many cookie choices" in response.content.decode()
    assert CookieConsent.objects.count() == cookie_views.MAX_CHOICES_PER_NETWORK_HOUR


def test_staff_cannot_add_two_categories_of_a_kind_in_one_language(client, declared, staff):
    client.force_login(staff)
    sv = CookieCategory.objects.filter(locale__language_code="sv").first().locale
    response = client.post(
        "/admin/snippets/gdpr/cookiecategory/add/?locale=sv",
        {
            "key": "statistics",
            "name": "Statistik igen",
            "description": "x",
            "cookies-TOTAL_FORMS": "0",
            "cookies-INITIAL_FORMS": "0",
            "cookies-MIN_NUM_FORMS": "0",
            "cookies-MAX_NUM_FORMS": "1000",
        },
    )
    # The admin speaks the staff member's language, Swedish here.
    assert (
        response.status_code == 200 and "har redan en kategori av det här slaget" in response.content.decode()
    )
    assert CookieCategory.objects.filter(key="statistics", locale=sv).count() == 1


def test_consent_proofs_can_be_looked_up_and_deleted_but_never_made_or_changed_in_the_admin(
    client, declared, role_groups
):
    from home.roles import DATA_PROTECTION
    from tests.factories.home import UserFactory

    officer = UserFactory(email="dpo@example.com")
    officer.groups.add(role_groups[DATA_PROTECTION])
    choose(Client(), "accept_all")
    [proof] = CookieConsent.objects.all()
    client.force_login(officer)
    assert client.get(f"/admin/cookie_consents/?q={proof.consent_id}").status_code == 200
    assert client.post("/admin/cookie_consents/new/", {}).status_code != 200
    assert client.post(f"/admin/cookie_consents/edit/{proof.pk}/", {}).status_code != 200
    assert CookieConsent.objects.get().action == "accept_all"
    client.post(f"/admin/cookie_consents/delete/{proof.pk}/")
    assert not CookieConsent.objects.exists()


# --- The cookie policy and the registry ---


def test_the_cookie_policy_lists_every_declared_cookie_with_its_lifetime(client, declared, home_page):
    policy = PolicyPageFactory(parent=home_page, title="Kakpolicy", slug="kakpolicy")
    company = CompanySettings.for_site(home_page.get_site())
    company.cookie_policy_page = policy
    company.save()
    with translation.override("sv"):
        html = client.get(policy.url).content.decode()
    for cookie in CookieDeclaration.objects.filter(locale__language_code="sv"):
        assert f"<code>{cookie.name}</code>" in html and cookie.lifetime in html
    assert "Marknadsföring" in html and "12 månader" in html


def test_consent_records_name_no_one_and_end_after_two_years(declared):
    declaration = registry.for_model(CookieConsent)
    fields = {f.name for f in CookieConsent._meta.concrete_fields}
    assert not fields & {"ip", "ip_address", "user", "user_agent"}
    old = CookieConsent.objects.create(
        consent_id=uuid.uuid4(),
        action="accept_all",
        language="sv",
        banner_version="x",
        declarations_version="y",
        given_at=timezone.now() - timedelta(days=2 * 365 + 5),
    )
    recent = CookieConsent.objects.create(
        consent_id=uuid.uuid4(),
        action="reject_all",
        language="sv",
        banner_version="x",
        declarations_version="y",
    )
    due = CookieConsent.objects.filter(declaration.retention.due(timezone.localdate()))
    assert list(due) == [old] and recent not in due
