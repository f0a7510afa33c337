"""A company administrator buys seats and gives them out; a colleague takes one through
the invitation's link; a second buyer with the same organisation number sees none of it.

The lead's new strings are not in Swedish yet, so this test finds buttons by their
`name`/`value` and asserts on data (course titles, addresses, order numbers, statuses).
"""

import os
import re
from decimal import Decimal
from pathlib import Path

from django.core import mail

from oscar.core.loading import get_model

import pytest
from playwright.sync_api import expect

from courses.models import Enrolment, GrantSource, Seat
from shop.companies.models import Company, Role
from tests.e2e.conftest import assert_accessible
from tests.factories.courses import make_catalogue, make_course, make_seller
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
# SCREENSHOTS=/tmp/shots keeps pictures of the seat and invitation pages, in both languages.
SCREENSHOTS = os.environ.get("SCREENSHOTS")
PASSWORD = "en-lång-lösenfras-2026"
ORGANISATION_NUMBER = "556677-8899"
Order = get_model("order", "Order")


def screenshot(tab, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def course_page(home_page, role_groups):
    seller = make_seller(make_catalogue(home_page), "Akademin")
    return make_course(seller, "GDPR i vardagen", Decimal("1490"), summary="Dataskydd för alla.")


def sign_in(tab, email):
    tab.goto("/sv/shop/accounts/login/")
    tab.get_by_label("E-postadress").first.fill(email)
    tab.get_by_label("Lösenord").first.fill(PASSWORD)
    tab.get_by_role("button", name="Logga in").click()


def buy_seats(tab, email, course_page, seats, company_name, first_name, last_name) -> str:
    """Check out `seats` seats for the company as the signed-in buyer; the order's number."""
    tab.goto(course_page.url)
    tab.locator("#quantity").fill(str(seats))
    tab.get_by_role("button", name="Lägg i varukorg").first.click()
    tab.goto("/sv/shop/basket/")
    tab.get_by_role("link", name="Till kassan").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Företag och faktura")
    tab.get_by_label("Företagsnamn").fill(company_name)
    tab.get_by_label("Organisationsnummer").fill(ORGANISATION_NUMBER)
    tab.get_by_label("Förnamn").fill(first_name)
    tab.get_by_label("Efternamn").fill(last_name)
    tab.get_by_label("Gatuadress").fill("Exempelgatan 1")
    tab.get_by_label("Postnummer").fill("411 01")
    tab.get_by_label("Ort").fill("Göteborg")
    tab.get_by_role("button", name="Granska beställningen").click()
    tab.locator("#id_accept_terms").check()
    tab.get_by_role("button", name="Lägg beställningen").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Tack för din beställning")
    return Order.objects.filter(user__email=email).latest("date_placed").number


def pool_row(tab, email):
    return tab.locator("tbody tr").filter(has=tab.get_by_role("rowheader", name=email, exact=True))


def give_seats(tab, addresses: str):
    tab.locator("#id_addresses").fill(addresses)
    tab.locator("button[name=action][value=assign]").click()


def invitation_link(address, live_server) -> str:
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    link = re.search(r"https?://[^/\s]+(/sv/shop/accounts/invitations/[^/\s]+/)", message.body)
    assert link, message.body
    return live_server.url + link.group(1)


def test_an_administrator_gives_seats_a_colleague_takes_one_and_another_buyer_sees_nothing(
    page, new_tab, course_page, live_server
):
    admin = UserFactory(email="anna@exempel.example", first_name="Anna", last_name="Admin", password=PASSWORD)
    UserFactory(email="bertil@annat.example", first_name="Bertil", last_name="Berg", password=PASSWORD)

    # The administrator buys five seats through the checkout.
    sign_in(page, admin.email)
    order_number = buy_seats(page, admin.email, course_page, 5, "Exempel AB", "Anna", "Admin")
    company = Company.objects.get(memberships__user=admin, memberships__role=Role.ADMIN)

    page.goto("/sv/shop/accounts/seats/")
    expect(page.get_by_role("row", name=re.compile(order_number))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="GDPR i vardagen").click()
    pool_url = page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("GDPR i vardagen")

    # A seat to themselves, and two pasted addresses: a new colleague and a stand-in.
    page.locator("button[name=action][value=assign_me]").click()
    give_seats(page, "kollega@exempel.example\nvikarie@exempel.example")
    for address in (admin.email, "kollega@exempel.example", "vikarie@exempel.example"):
        expect(pool_row(page, address)).to_be_visible()
    screenshot(page, "seat-pool-sv")
    assert_accessible(page)
    page.goto(pool_url.replace("/sv/", "/en/"))
    screenshot(page, "seat-pool-en")
    assert_accessible(page)

    # The colleague follows the mail's link, makes an account and finds the course.
    colleague = new_tab()
    link = invitation_link("kollega@exempel.example", live_server)
    colleague.goto(link.replace("/sv/", "/en/"))
    screenshot(colleague, "invitation-en")
    colleague.goto(link)
    expect(colleague.get_by_text("GDPR i vardagen")).to_be_visible()
    screenshot(colleague, "invitation-sv")
    assert_accessible(colleague)
    colleague.locator("#id_first_name").fill("Karin")
    colleague.locator("#id_last_name").fill("Kollega")
    colleague.locator("#id_password1").fill(PASSWORD)
    colleague.locator("#id_password2").fill(PASSWORD)
    colleague.locator("form button[type=submit]").last.click()
    expect(colleague).to_have_url(re.compile(r"/sv/shop/accounts/courses/$"))
    expect(colleague.get_by_role("link", name="GDPR i vardagen")).to_be_visible()
    assert_accessible(colleague)

    # The stand-in never came: their seat goes back and on to someone else.
    page.goto(pool_url)
    expect(pool_row(page, "kollega@exempel.example")).to_contain_text("Karin Kollega")
    pool_row(page, "vikarie@exempel.example").locator("button[value=take_back]").click()
    expect(pool_row(page, "vikarie@exempel.example")).to_have_count(0)
    give_seats(page, "ersattare@exempel.example")
    expect(pool_row(page, "ersattare@exempel.example")).to_be_visible()
    seats = Seat.objects.taken().filter(pool__company=company)
    assert sorted(seats.values_list("email", flat=True)) == [
        "anna@exempel.example",
        "ersattare@exempel.example",
        "kollega@exempel.example",
    ]
    learners = Enrolment.objects.active().filter(source=GrantSource.SEAT, course=course_page.course)
    assert sorted(learners.values_list("user__email", flat=True)) == [admin.email, "kollega@exempel.example"]
    assert colleague.goto(link).status == 410  # the link was used
    page.goto("/sv/shop/accounts/courses/")
    expect(page.get_by_role("link", name="GDPR i vardagen")).to_be_visible()  # the seat they gave themselves

    page.goto("/sv/shop/accounts/companies/")
    page.get_by_role("link", name="Exempel AB").click()
    company_url = page.url
    expect(page.get_by_role("row", name=re.compile("anna@exempel.example"))).to_be_visible()
    # A seat does not make its holder a member of the company.
    expect(page.get_by_role("row", name=re.compile("kollega@exempel.example"))).to_have_count(0)
    assert_accessible(page)

    # A second buyer gives the same organisation number: their own pool, nothing else.
    other = new_tab()
    sign_in(other, "bertil@annat.example")
    other_number = buy_seats(other, "bertil@annat.example", course_page, 2, "Exempel AB", "Bertil", "Berg")
    other.goto("/sv/shop/accounts/seats/")
    rows = other.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(other_number)
    text = other.locator("main").inner_text()
    assert order_number not in text and "anna@exempel.example" not in text
    assert_accessible(other)
    for url in (pool_url, company_url, pool_url.replace("/sv/", "/en/")):
        assert other.goto(url).status == 404
    other.goto("/sv/shop/accounts/companies/")
    text = other.locator("main").inner_text()
    assert "anna@exempel.example" not in text and "kollega@exempel.example" not in text
    assert Company.objects.filter(organisation_number=ORGANISATION_NUMBER).count() == 2
