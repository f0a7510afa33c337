"""Order statuses are stored in English and shown in the reader's language, to buyers
and in Oscar's dashboard."""

from decimal import Decimal

from django.urls import reverse
from django.utils import translation

import pytest

from tests.factories.courses import make_course
from tests.factories.shop import place_order


@pytest.fixture
def order(buyer, seller_company):
    course = make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course
    return place_order(buyer, [(course.product, 1)])


def test_staff_see_statuses_in_swedish_in_the_dashboard(client, staff, order):
    client.force_login(staff)
    with translation.override("sv"):
        listing = client.get("/dashboard/orders/", HTTP_ACCEPT_LANGUAGE="sv").text
        detail = client.get(f"/dashboard/orders/{order.number}/", HTTP_ACCEPT_LANGUAGE="sv").text
    assert "Inväntar betalning" in listing and ">Awaiting payment<" not in listing
    # The value posted stays the stored status; only its label is translated.
    assert '<option value="Paid">Betald</option>' in listing
    assert "Inväntar betalning" in detail
    assert "<td>Väntande</td>" in detail and "<td>Pending</td>" not in detail  # the line's status


def test_the_buyer_sees_the_status_in_english_on_the_english_site(client, buyer, order):
    client.force_login(buyer)
    with translation.override("en"):
        page = client.get(reverse("customer:order", args=[order.number])).text
    assert "Awaiting payment" in page
