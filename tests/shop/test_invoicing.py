"""Invoices from placed orders: numbering, OCR, VAT per rate, immutability, credit and payment."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from courses.models import Enrolment
from shop.invoicing import fulfilment, services
from shop.invoicing.models import Invoice, NumberSeries
from shop.invoicing.ocr import is_valid_ocr
from tests.factories.courses import make_course
from tests.factories.shop import make_document_product, make_voucher, place_order


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


@pytest.fixture
def document(seller_company):
    return make_document_product(seller_company, price=Decimal("200"))


def test_an_order_gets_an_invoice_with_the_next_number_and_a_valid_ocr(buyer, course, document):
    first = place_order(buyer, [(course.product, 1), (document, 2)]).invoice
    second = place_order(buyer, [(course.product, 1)]).invoice

    assert second.number == first.number + 1
    assert NumberSeries.objects.get(name=NumberSeries.INVOICE).last_number == second.number
    assert is_valid_ocr(first.ocr) and first.ocr.startswith(str(first.number))
    assert (first.due_date - first.issue_date).days == 30
    assert [
        (line.description, line.quantity, line.total_excl_vat, line.vat) for line in first.lines.all()
    ] == [
        ("GDPR för alla", 1, Decimal("1000.00"), Decimal("250.00")),
        ("Checklista", 2, Decimal("400.00"), Decimal("100.00")),
    ]
    assert first.vat_breakdown() == [
        {"rate": Decimal("0.250"), "base": Decimal("1400.00"), "vat": Decimal("350.00")}
    ]
    assert (first.total_excl_vat, first.total_vat, first.total_incl_vat) == (
        Decimal("1400.00"),
        Decimal("350.00"),
        Decimal("1750.00"),
    )
    assert first.buyer_organisation_number == "556036-0793"
    assert first.buyer_reference == "PO-4711"


def test_an_issued_invoice_cannot_be_changed_or_deleted(buyer, course):
    invoice = place_order(buyer, [(course.product, 1)]).invoice
    invoice.buyer_name = "Someone else"
    with pytest.raises(ValidationError):
        invoice.save()
    with pytest.raises(ValidationError):
        invoice.delete()
    assert Invoice.objects.get(pk=invoice.pk).buyer_name == "Acme AB"


def test_number_taken_in_a_rolled_back_transaction_is_given_back(buyer, course):
    from django.db import transaction

    # (get_or_create: a transactional test before this one may have flushed the migration's row)
    before = NumberSeries.objects.get_or_create(name=NumberSeries.INVOICE)[0].last_number
    with pytest.raises(RuntimeError), transaction.atomic():
        NumberSeries.take_next(NumberSeries.INVOICE)
        raise RuntimeError("payment failed")
    assert NumberSeries.objects.get(name=NumberSeries.INVOICE).last_number == before


def test_a_series_without_a_row_starts_at_one(db):
    from django.db import transaction

    NumberSeries.objects.filter(name=NumberSeries.CREDIT_NOTE).delete()
    with transaction.atomic():
        assert NumberSeries.take_next(NumberSeries.CREDIT_NOTE) == 1
        assert NumberSeries.take_next(NumberSeries.CREDIT_NOTE) == 2
    assert NumberSeries.objects.get(name=NumberSeries.CREDIT_NOTE).last_number == 2


def test_fulfilment_gives_a_single_seat_to_the_buyer_once_and_seat_packs_go_to_the_company(
    buyer, course, document
):
    order = place_order(buyer, [(course.product, 1), (document, 1)])
    fulfilment.fulfil_order(order)
    fulfilment.fulfil_order(order)  # run twice: nothing granted twice
    assert Enrolment.objects.filter(user=buyer, course=course).count() == 1
    assert buyer.document_purchases.count() == 1

    pack = place_order(buyer, [(course.product, 5)])
    fulfilment.fulfil_order(pack)
    pool = Enrolment.objects.get(order_line__order=pack)
    assert (pool.company.organisation_number, pool.seats, pool.user) == ("556036-0793", 5, None)
    assert pool.assigned_seats.count() == 0  # the administrator gives them out
    assert pool.company.memberships.get().user == buyer


def test_crediting_revokes_only_what_that_order_granted(buyer, course):
    first = place_order(buyer, [(course.product, 1)])
    second = place_order(buyer, [(course.product, 1)])
    fulfilment.fulfil_order(first)
    fulfilment.fulfil_order(second)

    note = services.credit_invoice(first.invoice, "Fel kurs", user=None)

    first.refresh_from_db()
    assert first.status == "Cancelled"
    assert note.total_incl_vat == first.invoice.total_incl_vat
    assert Enrolment.objects.active().filter(user=buyer, course=course).count() == 1
    assert Enrolment.objects.get(order_line__order=first).revoked_at is not None
    with pytest.raises(ValueError):
        services.credit_invoice(first.invoice, "again")


def test_a_line_that_cannot_be_fulfilled_is_recorded_for_staff(buyer, course, seller_company):
    from oscar.core.loading import get_model

    Line = get_model("order", "Line")
    order = place_order(buyer, [(course.product, 1)])
    line = order.lines.get()
    Line.objects.filter(pk=line.pk).update(product=None)
    order.refresh_from_db()

    with translation.override("en"):
        issues = fulfilment.fulfil_order(order)

    assert len(issues) == 1 and "no longer exists" in issues[0].reason
    assert list(fulfilment.unfulfilled_lines(Line)) == [line]


def test_marking_paid_closes_the_invoice_and_sets_the_order_paid(buyer, course, staff):
    order = place_order(buyer, [(course.product, 1)])
    services.mark_paid(order.invoice, staff)
    invoice = Invoice.objects.get(pk=order.invoice.pk)
    order.refresh_from_db()
    assert invoice.paid_at is not None and invoice.balance == 0 and invoice.status == "paid"
    assert order.status == "Paid"
    with pytest.raises(ValueError):
        services.mark_paid(invoice, staff)


def test_a_voucher_discount_is_on_the_invoice_and_its_vat(buyer, course):
    voucher = make_voucher(percent=10)
    order = place_order(buyer, [(course.product, 2)], voucher=voucher)
    invoice = order.invoice
    discount = order.discounts.get()
    assert (discount.voucher_code, discount.amount) == (voucher.code, Decimal("200.00"))
    voucher.refresh_from_db()
    assert voucher.num_orders == 1
    assert list(voucher.applications.values_list("order", flat=True)) == [order.pk]
    assert order.total_excl_tax == Decimal("1800.00")
    assert (invoice.total_excl_vat, invoice.total_vat, invoice.total_incl_vat) == (
        Decimal("1800.00"),
        Decimal("450.00"),
        Decimal("2250.00"),
    )
    assert invoice.total_incl_vat == order.total_incl_tax


def test_access_can_start_on_payment_instead_of_placement(
    buyer, course, staff, settings, django_capture_on_commit_callbacks
):
    settings.SHOP_ACCESS_STARTS = "payment"
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(buyer, [(course.product, 1)])
    assert not Enrolment.objects.filter(user=buyer).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.mark_paid(order.invoice, staff)
    assert Enrolment.objects.active().filter(user=buyer, course=course).exists()


def test_cancelling_an_order_in_the_dashboard_revokes_its_access(buyer, course):
    order = place_order(buyer, [(course.product, 1)])
    fulfilment.fulfil_order(order)
    order.set_status("Cancelled")
    assert not Enrolment.objects.active().filter(user=buyer).exists()


def test_an_unknown_access_setting_fails_the_system_check(settings):
    from shop.invoicing.checks import check_access_setting

    settings.SHOP_ACCESS_STARTS = "tomorrow"
    assert [error.id for error in check_access_setting()] == ["invoicing.E001"]
    settings.SHOP_ACCESS_STARTS = "payment"
    assert check_access_setting() == []


def test_a_line_given_away_by_a_voucher_keeps_its_vat_rate(buyer, course):
    invoice = place_order(buyer, [(course.product, 1)], voucher=make_voucher("GRATIS", percent=100)).invoice
    line = invoice.lines.get()
    assert (line.total_excl_vat, line.vat, line.vat_rate) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.250"),
    )
    assert invoice.total_incl_vat == Decimal("0.00")
