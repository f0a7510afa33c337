"""Two submissions of the same checkout at the same moment place one order, on PostgreSQL."""

import threading
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.urls import reverse

from oscar.core.loading import get_model

import pytest

from shop.invoicing.models import Invoice
from tests.conftest import require
from tests.factories.courses import make_course
from tests.shop.test_checkout import COMPANY, add_to_basket, go_to_company_step

Order = get_model("order", "Order")

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_double_submitted_checkout_places_one_order_and_one_invoice(buyer, seller_company, monkeypatch):
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")
    from shop.invoicing import tasks

    # The worker's part (PDF and mail) is not what this test is about.
    monkeypatch.setattr(tasks.send_invoice, "delay", lambda *args, **kwargs: None)
    course = make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course
    client = Client()
    client.force_login(buyer)
    add_to_basket(client, course.product)
    go_to_company_step(client)
    assert client.post(reverse("checkout:payment-method"), COMPANY).status_code == 302

    barrier = threading.Barrier(2)
    responses, errors = [], []

    def submit():
        twin = Client()
        twin.cookies = client.cookies  # the same browser session, twice
        try:
            barrier.wait(timeout=10)
            responses.append(
                twin.post(reverse("checkout:preview"), {"action": "place_order", "accept_terms": "on"})
            )
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sorted(r.status_code for r in responses) == [302, 302]
    assert Order.objects.count() == 1
    assert Invoice.objects.count() == 1
    order = Order.objects.get()
    assert order.invoice.lines.count() == 1
