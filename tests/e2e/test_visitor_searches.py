"""A visitor searches with a typo, takes the suggestion, filters by subject and searches in English."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from home.translation import translate_page
from tests.e2e.conftest import assert_accessible
from tests.factories.courses import make_catalogue, make_course, make_seller, make_subject

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue(home_page):
    catalogue = make_catalogue(home_page)
    translate_page(catalogue, "en", {"Kurser": "Courses", "kurser": "courses"})
    seller = make_seller(catalogue, "Akademin")
    leadership = make_subject("ledarskap", "Ledarskap")
    environment = make_subject("arbetsmiljo", "Arbetsmiljö")
    feedback = make_course(
        seller, "Feedback som fungerar", Decimal("1490"), subject=leadership, summary="Att ge och ta emot."
    )
    make_course(seller, "Svåra samtal om feedback", Decimal("990"), subject=environment, summary="Samtal.")
    make_course(
        seller, "Systematiskt arbetsmiljöarbete", Decimal("1990"), subject=environment, summary="Rutiner."
    )
    translate_page(
        feedback,
        "en",
        {
            "Feedback som fungerar": "Feedback that works",
            feedback.slug: "feedback-that-works",
            "Att ge och ta emot.": "Giving and taking it.",
            "Beskrivning": "Description",
        },
    )
    return catalogue


def test_visitor_finds_courses_despite_a_typo_and_filters_them(page, catalogue):
    page.goto("/sv/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Sök").click()
    page.get_by_role("searchbox").fill("fedbak")
    page.get_by_role("search").get_by_role("button").click()

    expect(page.get_by_role("status")).to_have_text(re.compile("0"))
    assert_accessible(page)
    page.locator(".search-suggestion").get_by_role("link", name="feedback").click()

    expect(page).to_have_url(re.compile(r"q=feedback"))
    expect(page.get_by_role("link", name="Feedback som fungerar")).to_be_visible()
    expect(page.get_by_role("link", name="Svåra samtal om feedback")).to_be_visible()
    expect(page.locator(".course-card__price").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Ämne").select_option("ledarskap")
    page.locator("form.filters").get_by_role("button").click()

    expect(page).to_have_url(re.compile(r"subject=ledarskap"))
    expect(page.get_by_role("link", name="Feedback som fungerar")).to_be_visible()
    expect(page.get_by_role("link", name="Svåra samtal om feedback")).to_have_count(0)
    assert_accessible(page)

    page.goto("/en/search/?q=feedbak")
    expect(page.get_by_role("link", name="Feedback that works")).to_be_visible()
    expect(page.get_by_role("link", name="Feedback som fungerar")).to_have_count(0)
    assert_accessible(page)
