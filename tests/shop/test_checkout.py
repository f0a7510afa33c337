"""Checkout for companies, through the views: guest and signed-in buyers, bad input,
a double-submitted order."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation

from oscar.core.loading import get_model

import pytest

from courses.models import DocumentPurchase, Enrolment
from shop.invoicing.models import Invoice, OrderBilling
from tests.factories.courses import make_course
from tests.factories.shop import make_document_product

Order = get_model("order", "Order")

COMPANY = {
    "company_name": "Acme AB",
    "organisation_number": "5560360793",
    "vat_number": "SE556036079301",
    "first_name": "Anna",
    "last_name": "Andersson",
    "invoice_email": "faktura@acme.example",
    "phone": "08-123 456 78",
    "line1": "Storgatan 1",
    "line2": "",
    "postcode": "11122",
    "city": "Stockholm",
    "reference": "PO-4711",
}


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


@pytest.fixture
def document(seller_company, course):
    product = make_document_product(seller_company, price=Decimal("200"))
    product.document_product.course = course
    product.document_product.save()
    return product


def add_to_basket(client, product, quantity=1):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


def go_to_company_step(client, email=None):
    response = client.get(reverse("checkout:index"))
    if email:
        assert response.status_code == 200
        response = client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    response = client.get(
        response.url if response.status_code == 302 else reverse("checkout:index"), follow=True
    )
    assert response.request["PATH_INFO"] == reverse("checkout:payment-method"), response.redirect_chain
    return response


def place(client, company=COMPANY):
    response = client.post(reverse("checkout:payment-method"), company)
    assert response.status_code == 302 and response.url == reverse("checkout:preview"), response.content[
        :3000
    ]
    preview = client.get(reverse("checkout:preview"))
    assert preview.status_code == 200
    return client.post(reverse("checkout:preview"), place_order_data(preview))


def place_order_data(preview) -> dict:
    """What the preview's form posts when the buyer ticks "I accept the terms of purchase"."""
    version = preview.context["terms_form"].current_version
    return {"action": "place_order", "accept_terms": "on", "terms_version": version.pk if version else ""}


def test_a_guest_checks_out_as_a_company_and_gets_an_account(
    client, course, document, django_capture_on_commit_callbacks
):
    add_to_basket(client, course.product, 1)
    add_to_basket(client, document, 1)
    go_to_company_step(client, email="new.buyer@acme.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = place(client)

    assert response.status_code == 302 and response.url == reverse("checkout:thank-you")
    order = Order.objects.get()
    buyer = get_user_model().objects.get(email="new.buyer@acme.example")
    assert order.user == buyer and not buyer.has_usable_password()
    assert (buyer.first_name, buyer.last_name) == ("Anna", "Andersson")
    assert order.status == "Awaiting payment"
    assert order.total_incl_tax == Decimal("1500.00")
    billing = OrderBilling.objects.get(order=order)
    assert (billing.organisation_number, billing.vat_number, billing.reference, billing.language) == (
        "556036-0793",
        "SE556036079301",
        "PO-4711",
        "sv",
    )
    assert order.billing_address.postcode == "111 22"
    invoice = Invoice.objects.get(order=order)
    assert invoice.total_incl_vat == Decimal("1500.00") and invoice.buyer_email == "faktura@acme.example"
    assert Enrolment.objects.active().filter(user=buyer, course=course).exists()
    assert DocumentPurchase.objects.active().filter(user=buyer, document_product__product=document).exists()

    thanks = client.get(reverse("checkout:thank-you"))
    assert thanks.status_code == 200 and str(invoice.number).encode() in thanks.content


def test_a_signed_in_buyer_buys_seats_for_the_company(
    client, buyer, course, django_capture_on_commit_callbacks
):
    client.force_login(buyer)
    add_to_basket(client, course.product, 5)
    go_to_company_step(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = place(client)
    assert response.status_code == 302
    pool = Enrolment.objects.get(order_line__order__user=buyer)
    assert (pool.user, pool.seats, pool.company.name) == (None, 5, "Acme AB")

    seats_page = client.get(reverse("account-seats"))
    assert b"Acme AB" in seats_page.content and pool.order_line.order.number.encode() in seats_page.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation_number", "556036-0794", "organisation number"),
        ("organisation_number", "12345", "organisation number"),
        ("vat_number", "SE556036079302", "VAT number"),
        ("vat_number", "DE136695976", "Swedish VAT number"),
        ("vat_number", "SE559251455701", "SE5560360793"),
        ("postcode", "1112", "postcode"),
        ("line1", "", "required"),
        ("invoice_email", "not-an-address", "e-mail"),
    ],
)
def test_bad_company_details_are_refused_with_a_message(client, buyer, course, field, value, message):
    client.force_login(buyer)
    add_to_basket(client, course.product)
    with translation.override("en"):
        go_to_company_step(client)
        response = client.post(reverse("checkout:payment-method"), {**COMPANY, field: value})
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert not Order.objects.exists()


def test_messages_are_in_the_buyers_language(client, buyer, course):
    client.force_login(buyer)
    add_to_basket(client, course.product)
    go_to_company_step(client)
    response = client.post(
        reverse("checkout:payment-method"), {**COMPANY, "organisation_number": "556036-0794"}
    )
    assert "organisationsnummer" in response.content.decode().lower()


def test_a_bad_quantity_is_refused(client, course):
    response = client.post(reverse("basket:add", kwargs={"pk": course.product.pk}), {"quantity": "-3"})
    assert response.status_code == 302
    basket = client.get(reverse("basket:summary"))
    assert b"Acme" not in basket.content
    from oscar.core.loading import get_model as gm

    assert not gm("basket", "Line").objects.exists()


def test_a_guest_with_an_existing_account_must_sign_in(client, buyer, course):
    add_to_basket(client, course.product)
    client.get(reverse("checkout:index"))
    response = client.post(reverse("checkout:index"), {"username": buyer.email, "options": "anonymous"})
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_submitting_the_same_order_twice_places_it_once(
    client, buyer, course, django_capture_on_commit_callbacks
):
    client.force_login(buyer)
    add_to_basket(client, course.product)
    go_to_company_step(client)
    with django_capture_on_commit_callbacks(execute=True):
        first = place(client)
        again = client.post(reverse("checkout:preview"), {"action": "place_order", "accept_terms": "on"})
    assert first.status_code == 302 and again.status_code == 302
    assert Order.objects.count() == 1 and Invoice.objects.count() == 1
    assert len([m for m in mail.outbox if "faktura@acme.example" in m.to]) <= 1


def test_the_preview_needs_company_details(client, buyer, course):
    client.force_login(buyer)
    add_to_basket(client, course.product)
    go_to_company_step(client)
    response = client.get(reverse("checkout:preview"))
    assert response.status_code == 302 and response.url == reverse("checkout:payment-method")
