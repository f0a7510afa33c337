"""A visitor browses the catalogue, filters it, opens a course and reads it in English."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from home.translation import translate_page
from tests.e2e.conftest import assert_accessible
from tests.factories.courses import make_catalogue, make_course, make_lessons, make_seller, make_subject

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop_window(home_page, lesson_video, role_groups):
    catalogue = make_catalogue(home_page)
    translate_page(catalogue, "en", {"Kurser": "Courses", "kurser": "courses"})
    seller = make_seller(catalogue, "Akademin")
    gdpr = make_subject("dataskydd", "Dataskydd")
    leadership = make_subject("ledarskap", "Ledarskap")
    course = make_course(
        seller,
        "GDPR i vardagen",
        Decimal("1490"),
        subject=gdpr,
        summary="Dataskydd för alla.",
        trailer=lesson_video,
    )
    make_lessons(course, video=lesson_video)
    make_course(seller, "Ny som chef", Decimal("1990"), subject=leadership, summary="Ledarskap från början.")
    translate_page(
        course,
        "en",
        {
            "GDPR i vardagen": "GDPR every day",
            course.slug: "gdpr-every-day",
            "Dataskydd för alla.": "Data protection for all.",
            "Beskrivning": "Description",
        },
    )
    return catalogue


def test_visitor_filters_the_catalogue_and_reads_a_course_in_english(page, shop_window):
    page.goto("/sv/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kurser").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kurser")
    expect(page.get_by_role("status")).to_have_text(re.compile("2 kurser"))
    assert_accessible(page)

    page.get_by_label("Ämne").select_option(label="Dataskydd")
    page.get_by_role("button", name="Visa kurser").click()

    expect(page).to_have_url(re.compile(r"subject=dataskydd"))
    expect(page.get_by_role("status")).to_have_text(re.compile("1 kurs"))
    expect(page.get_by_role("link", name="Ny som chef")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="GDPR i vardagen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("GDPR i vardagen")
    expect(page.get_by_role("button", name="Lägg i varukorgen")).to_be_visible()
    expect(page.get_by_role("heading", name="Innehåll")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/courses/.+/gdpr-every-day/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("GDPR every day")
    expect(page.get_by_role("button", name="Add to cart")).to_be_visible()
    assert_accessible(page)


def test_visitor_watches_a_free_preview_lesson(page, shop_window):
    page.goto(shop_window.url)
    page.get_by_role("link", name="GDPR i vardagen").click()
    page.get_by_role("link", name="Lektion 1.1").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Lektion 1.1")
    video = page.locator("video")
    video.evaluate(
        "v => new Promise(done => v.readyState >= 1 ? done() : v.addEventListener('loadedmetadata', done))"
    )
    assert video.evaluate("v => v.duration") == pytest.approx(2, abs=0.3)
    assert_accessible(page)
