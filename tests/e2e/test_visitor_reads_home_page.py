"""A visitor opens the site, reads it in Swedish, switches to English and reads the policy."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_reads_the_home_page_in_both_languages(page, policy_page):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/sv/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_attached()
    assert_accessible(page)

    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    assert_accessible(page)


def test_visitor_reads_the_policy_and_switches_language_on_it(page, policy_page):
    page.goto("/sv/")
    page.get_by_role("contentinfo").get_by_role("link", name="Personuppgiftspolicy").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Personuppgiftspolicy")
    expect(page.get_by_text("Version 1.0")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(rf"/en/{policy_page.slug}-en/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal data policy")
    assert_accessible(page)


def test_accessibility_check_catches_a_violation(page, home_page):
    """The axe helper really fails: an image without a text alternative is caught."""
    page.goto("/sv/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")

    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
