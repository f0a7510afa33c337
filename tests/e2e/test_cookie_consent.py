"""Cookie consent in a real browser, checked against the browser's own cookie jar and
storage.

The journey: a first visit shows the banner and sets nothing non-essential; Reject all
keeps it so; accepting statistics sets that category's cookie only; the footer's Cookie
settings takes the choice back and the cookie is gone. axe checks the open banner in
Swedish and English.

The scanner, as commercial consent platforms scan sites, but in our build: every kind of
page (public, shop, account, player, admin login) in each consent state. It fails when a
cookie or a storage key appears that no category declares, or before its category is
allowed. The declarations it checks against are what the cookie policy page lists.
"""

import re
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from courses.models import LessonVideo
from courses.video_processing import process
from gdpr.cookie_seed import PLAYER_PREFERENCES_KEY, STATISTICS_COOKIE, declare_cookies
from gdpr.cookies import CONSENT_COOKIE, declarations
from home.models import CompanySettings
from tests.e2e.conftest import assert_accessible
from tests.factories.courses import make_catalogue, make_course, make_lessons, make_seller
from tests.factories.home import PolicyPageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "en-lång-lösenfras-2026"


@pytest.fixture
def site(home_page, role_groups):
    declare_cookies()
    policy = PolicyPageFactory(parent=home_page, title="Kakpolicy", slug="kakpolicy")
    company = CompanySettings.for_site(home_page.get_site())
    company.cookie_policy_page = policy
    company.save()
    seller = make_seller(make_catalogue(home_page), "Akademin")
    course = make_course(seller, "Säker vardag", Decimal("990"), summary="Kort kurs.")
    return {"course": course, "policy": policy}


def jar(tab) -> dict[str, dict]:
    return {cookie["name"]: cookie for cookie in tab.context.cookies()}


def banner(tab):
    return tab.get_by_role("region", name=re.compile("Kakor på webbplatsen|Cookies on this site"))


def test_a_visitor_rejects_then_accepts_statistics_then_withdraws(page, site):
    course = site["course"]
    page.goto("/sv/")
    expect(banner(page)).to_be_visible()
    accept, reject = (
        page.get_by_role("button", name="Godkänn alla"),
        page.get_by_role("button", name="Avvisa alla"),
    )
    expect(accept).to_be_visible()
    expect(reject).to_be_visible()
    # As prominent as each other: the same size and the same colours.
    style = "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, e.offsetHeight]; }"
    assert accept.evaluate(style) == reject.evaluate(style)
    assert_accessible(page)
    page.get_by_text("Välj själv").click()  # the second layer: one switch per category, none ticked
    expect(page.get_by_role("checkbox", name="Statistik")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Inställningar")).not_to_be_checked()
    assert_accessible(page)
    page.goto(course.url)
    assert set(jar(page)) <= {"csrftoken", "sessionid"}, jar(page)

    page.get_by_role("button", name="Avvisa alla").click()
    expect(banner(page)).to_have_count(0)
    page.goto(course.url)
    assert STATISTICS_COOKIE not in jar(page) and CONSENT_COOKIE in jar(page)

    page.goto("/en/")
    page.get_by_role("link", name="Cookie settings").click()
    expect(page.get_by_role("heading", name="Cookie settings")).to_be_visible()
    page.get_by_role("checkbox", name="Statistics").check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choice is saved")).to_be_visible()
    page.goto(course.url)
    cookies = jar(page)
    assert STATISTICS_COOKIE in cookies
    assert urlparse(page.url).hostname == cookies[STATISTICS_COOKIE]["domain"]  # first party
    assert page.evaluate("() => Object.keys(localStorage)") == []  # preferences not allowed

    page.get_by_role("link", name="Kakinställningar").click()
    page.get_by_role("button", name="Avvisa alla").click()
    assert STATISTICS_COOKIE not in jar(page)
    page.goto(course.url)
    assert STATISTICS_COOKIE not in jar(page)


def test_the_banner_is_accessible_in_english(page, site):
    page.goto("/en/")
    expect(banner(page)).to_be_visible()
    page.get_by_text("Choose", exact=True).click()
    assert_accessible(page)
    # Keyboard only: Tab reaches the buttons and Enter chooses.
    page.get_by_role("button", name="Reject all").focus()
    page.keyboard.press("Enter")
    expect(banner(page)).to_have_count(0)


# --- The scanner ---

STATES = {
    "no choice": None,
    "rejected": "reject_all",
    "statistics": ["statistics"],
    "everything": "accept_all",
}


def found_in(tab) -> list[tuple[str, str]]:
    items = [("cookie", cookie["name"]) for cookie in tab.context.cookies()]
    storage = tab.evaluate("() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage)})")
    return (
        items
        + [("local", key) for key in storage["local"]]
        + [("session", key) for key in storage["session"]]
    )


def scan(tab, allowed: set[str], where: str, declared) -> set[str]:
    seen = set()
    for storage, name in found_in(tab):
        category = declared.category_of(name, storage)
        assert category is not None, f"{where}: {storage} {name!r} is set, but no category declares it"
        assert category == "necessary" or category in allowed, (
            f"{where}: {name!r} ({category}) without consent"
        )
        seen.add(name)
    for cookie in tab.context.cookies():
        assert cookie["domain"] == urlparse(tab.url).hostname, f"{where}: {cookie['name']} is not first-party"
    return seen


class Scan:
    """One browser in one consent state, visiting page after page."""

    def __init__(self, tab, state, allowed, declared):
        self.tab, self.state, self.allowed, self.declared = tab, state, allowed, declared
        self.seen: set[str] = set()

    def check(self, where):
        self.seen.update(scan(self.tab, self.allowed, f"{self.state}, {where}", self.declared))

    def visit(self, url, where):
        self.tab.goto(url)
        self.check(where)


def choose_in_banner(tab, choice):
    tab.goto("/sv/")
    if choice == "accept_all":
        tab.get_by_role("button", name="Godkänn alla").click()
    elif choice == "reject_all":
        tab.get_by_role("button", name="Avvisa alla").click()
    elif choice:
        tab.get_by_text("Välj själv").click()
        for category in choice:
            tab.locator(f"#cookie-banner-{category}").check()
        tab.get_by_role("button", name="Spara mina val").click()


def test_the_cookie_scanner_finds_only_declared_cookies_and_only_after_consent(
    new_tab, site, demo_video_file
):
    video = LessonVideo(title="Lektion")
    video.file.save("lesson.mp4", demo_video_file, save=False)
    video.save()
    process(video)
    preview, _lesson = make_lessons(site["course"], modules=1, lessons_per_module=2, video=video)
    declared = declarations("sv")
    for state, choice in STATES.items():
        learner = UserFactory(email=f"{state.replace(' ', '-')}@exempel.se", password=PASSWORD)
        if choice == "accept_all":
            allowed = {"necessary", *declared.keys}
        elif isinstance(choice, list):
            allowed = {"necessary", *choice}
        else:
            allowed = {"necessary"}
        tab = new_tab()
        choose_in_banner(tab, choice)
        run = Scan(tab, state, allowed, declared)
        run.visit("/sv/", "home page")
        run.visit(site["policy"].url, "cookie policy")
        run.visit("/sv/kurser/", "catalogue")
        run.visit(site["course"].url, "course page")
        tab.get_by_role("button", name="Lägg i varukorgen").first.click()
        run.check("basket")
        run.visit(preview.url, "player")
        # A learner changes the speed: remembered only with the preferences allowed.
        tab.locator("[data-player] video").evaluate("v => { v.playbackRate = 1.5; }")
        tab.wait_for_timeout(100)
        run.check("player after a speed change")
        run.visit("/sv/search/?q=finnsinte", "search without results")
        tab.goto("/sv/shop/accounts/login/")
        tab.fill("#id_login-username", learner.email)
        tab.fill("#id_login-password", PASSWORD)
        tab.click("button[name=login_submit]")
        tab.wait_for_url(re.compile(r"/shop/accounts/courses/"))
        run.check("my learning")
        run.visit("/sv/shop/accounts/privacy/", "privacy centre")
        run.visit("/sv/shop/basket/", "basket signed in")
        run.visit("/admin/login/", "admin login")

        if "statistics" in allowed:
            assert STATISTICS_COOKIE in run.seen, f"{state}: the statistics cookie was never set"
        if "preferences" in allowed:
            assert PLAYER_PREFERENCES_KEY in run.seen, f"{state}: the player's preferences were never kept"
        tab.context.close()
