"""The buyer's own pages: each shows and serves only what belongs to the signed-in user."""

from decimal import Decimal

from django.urls import reverse

import pytest

from shop.invoicing import fulfilment
from shop.invoicing.pdf import store_invoice_pdf
from tests.factories.courses import make_course
from tests.factories.shop import make_document_product, place_order

PERSONAS = ["learner", "seller", "editor", "staff", "sysadmin"]


@pytest.fixture
def bought(buyer, seller_company):
    course = make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course
    document = make_document_product(seller_company, "Checklista", Decimal("200"))
    order = place_order(buyer, [(course.product, 1), (document, 1)])
    fulfilment.fulfil_order(order)
    store_invoice_pdf(order.invoice)
    return {"order": order, "course": course, "purchase": buyer.document_purchases.get()}


def urls(bought):
    invoice = bought["order"].invoice
    return {
        "courses": reverse("account-courses"),
        "documents": reverse("account-documents"),
        "document": reverse("account-document", kwargs={"pk": bought["purchase"].pk}),
        "invoices": reverse("account-invoices"),
        "invoice": reverse("account-invoice-pdf", kwargs={"number": invoice.number}),
    }


def test_the_buyer_sees_and_downloads_what_they_bought(client, buyer, bought):
    client.force_login(buyer)
    pages = urls(bought)
    assert "GDPR för alla" in client.get(pages["courses"]).text
    assert "Checklista" in client.get(pages["documents"]).text
    assert str(bought["order"].invoice.number) in client.get(pages["invoices"]).text

    document = client.get(pages["document"])
    assert document.status_code == 200 and b"Checklista" in b"".join(document.streaming_content)
    invoice = client.get(pages["invoice"])
    assert invoice.status_code == 200 and invoice["Content-Type"] == "application/pdf"
    assert b"".join(invoice.streaming_content)[:4] == b"%PDF"


def test_a_visitor_is_sent_to_log_in(client, bought):
    for url in urls(bought).values():
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url, url


@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_else_gets_the_buyers_document_or_invoice(client, bought, persona, request):
    client.force_login(request.getfixturevalue(persona))
    pages = urls(bought)
    assert client.get(pages["document"]).status_code == 404
    assert client.get(pages["invoice"]).status_code == 404
    assert "GDPR för alla" not in client.get(pages["courses"]).text
    assert client.get(pages["invoices"]).context["invoices"].count() == 0


def test_a_revoked_purchase_is_no_longer_served(client, buyer, bought):
    from shop.invoicing import services

    services.credit_invoice(bought["order"].invoice, "Fel beställning")
    client.force_login(buyer)
    assert client.get(urls(bought)["document"]).status_code == 404
    assert "GDPR för alla" not in client.get(reverse("account-courses")).text


def test_the_sold_document_is_not_served_by_wagtail_to_others(client, buyer, learner, bought):
    document = bought["purchase"].document_product.document
    client.force_login(learner)
    assert client.get(document.url).status_code == 403
    client.force_login(buyer)
    assert client.get(document.url).status_code == 200
