"""A new buyer buys a course and a document as a company and pays by invoice."""

import os
import re
from decimal import Decimal

from django.core import mail

import pytest
from playwright.sync_api import expect

from courses.models import Enrolment
from tests.e2e.conftest import assert_accessible
from tests.factories.courses import make_catalogue, make_course, make_seller
from tests.factories.shop import make_document_product

pytestmark = pytest.mark.django_db(transaction=True)
# SCREENSHOTS=docs/screenshots keeps pictures of the checkout for the README.
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def screenshot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def course_page(home_page, role_groups):
    catalogue = make_catalogue(home_page)
    seller = make_seller(catalogue, "Akademin")
    page = make_course(seller, "GDPR i vardagen", Decimal("1490"), summary="Dataskydd för alla.")
    product = make_document_product(seller, "Checklista för dataskydd", Decimal("200"), sku="DOC-CHECK")
    product.document_product.course = page.course
    product.document_product.save()
    return page


def test_a_new_buyer_checks_out_as_a_company_and_finds_the_course_in_the_account(
    page, course_page, live_server
):
    page.goto(course_page.url)
    page.get_by_role("button", name="Lägg i varukorg").first.click()
    page.goto(course_page.url)
    page.get_by_role("button", name="Lägg Checklista för dataskydd i varukorgen").click()

    page.goto("/sv/shop/basket/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Varukorg")
    expect(page.get_by_role("rowheader", name=re.compile("GDPR i vardagen"))).to_be_visible()
    expect(page.get_by_role("rowheader", name=re.compile("Checklista för dataskydd"))).to_be_visible()
    screenshot(page, "basket-sv")
    assert_accessible(page)

    page.get_by_role("link", name="Till kassan").click()
    assert_accessible(page)
    page.get_by_label("E-postadress").fill("ny.kund@acme.example")
    page.get_by_label("Jag är ny kund: mitt konto skapas med beställningen").check()
    page.get_by_role("button", name="Fortsätt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Företag och faktura")
    page.get_by_label("Företagsnamn").fill("Acme AB")
    page.get_by_label("Organisationsnummer").fill("556036-0794")  # a wrong check digit
    page.get_by_label("Förnamn").fill("Anna")
    page.get_by_label("Efternamn").fill("Andersson")
    page.get_by_label("E-post för fakturan").fill("faktura@acme.example")
    page.get_by_label("Gatuadress").fill("Storgatan 1")
    page.get_by_label("Postnummer").fill("111 22")
    page.get_by_label("Ort").fill("Stockholm")
    page.get_by_role("button", name="Granska beställningen").click()

    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Det här är inte ett giltigt svenskt organisationsnummer")).to_be_visible()
    screenshot(page, "checkout-company-error-sv")
    assert_accessible(page)
    page.get_by_label("Organisationsnummer").fill("556036-0793")
    page.get_by_role("button", name="Granska beställningen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Granska och lägg beställningen")
    expect(page.get_by_text("2 112,50 kr").first).to_be_visible()  # (1 490 + 200) × 1,25
    screenshot(page, "checkout-preview-sv")
    assert_accessible(page)
    page.locator("#id_accept_terms").check()  # the terms of purchase
    page.get_by_role("button", name="Lägg beställningen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din beställning")
    assert_accessible(page)

    # The invoice goes to the address given for it; the account's own address gets the
    # confirmation with the link to choose a password.
    assert any("faktura@acme.example" in m.to for m in mail.outbox)
    confirmation = next(m for m in mail.outbox if "ny.kund@acme.example" in m.to)
    attachments = {name: content for name, content, mimetype in confirmation.attachments}
    pdf = next(content for name, content in attachments.items() if name.endswith(".pdf"))
    assert pdf[:4] == b"%PDF"
    link = re.search(r"https?://\S+/sv/shop/password-reset/confirm/\S+/", confirmation.body)
    assert link, confirmation.body

    page.goto(link.group(0).replace(re.match(r"https?://[^/]+", link.group(0)).group(0), live_server.url))
    page.get_by_label("Nytt lösenord", exact=True).fill("en-lång-lösenfras-2026")
    page.get_by_label("Bekräfta nytt lösenord").fill("en-lång-lösenfras-2026")
    page.get_by_role("button", name=re.compile("lösenord", re.I)).click()

    page.goto("/sv/shop/accounts/login/")
    page.get_by_label("E-postadress").first.fill("ny.kund@acme.example")
    page.get_by_label("Lösenord").first.fill("en-lång-lösenfras-2026")
    page.get_by_role("button", name="Logga in").click()

    page.goto("/sv/shop/accounts/courses/")
    expect(page.get_by_role("link", name="GDPR i vardagen")).to_be_visible()
    assert_accessible(page)
    assert Enrolment.objects.active().filter(user__email="ny.kund@acme.example").count() == 1
