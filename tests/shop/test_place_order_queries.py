"""Placing an order (the preview's final POST, which writes the order, its lines, payment
records, billing details and invoice) costs a fixed number of queries."""

from decimal import Decimal
from importlib import import_module

from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from shop.checkout.models import TermsAcceptance
from shop.invoicing.models import Invoice, NumberSeries
from tests.factories.courses import make_course
from tests.factories.shop import make_document_product
from tests.shop.test_checkout import COMPANY, add_to_basket, go_to_company_step, place_order_data

# Issue #14 asks for 40, and a guest's order of two lines, with terms to accept, takes 40:
# the request's own (session, basket, its lines with their options, vouchers and offers: 6),
# the guard against a double submit (1: the locked basket, and whether an order has it or
# its number), the new account (3), the payment types (2), Oscar's order writing (a
# savepoint, the country, the address, the order, the lines, their prices: 7), the
# analytics (a restriction check and two upserts: 3), the payment records (3), the
# invoice (company, membership, billing, number, invoice, its lines: 7), the acceptances
# (2), the basket (1) and the session (3). The terms in force were read by the preview.
BUDGET = 40


@pytest.fixture(autouse=True)
def _rows_from_migrations(db):
    """Rows that migrations create, and that a transactional test run before may have flushed."""
    from django.apps import apps

    migration = import_module("shop.checkout.migrations.0002_invoice_payment_types")
    migration.create_invoice_payment_types(apps, None)
    NumberSeries.objects.get_or_create(name=NumberSeries.INVOICE)


@pytest.fixture
def products(seller_company):
    course = make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course
    return [course.product, make_document_product(seller_company, price=Decimal("200"))]


@pytest.mark.usefixtures("terms_page")
def test_a_guest_places_an_order_of_two_lines_within_the_query_budget(client, products):
    for product in products:
        add_to_basket(client, product)
    go_to_company_step(client, email="new.buyer@acme.example")
    client.post(reverse("checkout:payment-method"), COMPANY)
    data = place_order_data(client.get(reverse("checkout:preview")))
    Site.objects.get_current()  # cached for the process, as on a running server

    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("checkout:preview"), data)

    assert response.status_code == 302 and response.url == reverse("checkout:thank-you")
    assert Invoice.objects.get().lines.count() == 2
    assert TermsAcceptance.objects.get().terms is not None
    assert len(queries) <= BUDGET, "\n".join(query["sql"][:120] for query in queries)
