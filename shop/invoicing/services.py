"""Issuing invoices and credit notes, and applying payments to them.

Every function here writes in one transaction: a failure half way leaves nothing behind,
and work for the Celery worker is queued only once the transaction has committed.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Site

from oscar.core.loading import get_model

from home.models import CompanySettings
from shop.partner.strategy import SwedishVAT

from . import bgmax
from .models import BgMaxImport, CreditNote, Invoice, InvoiceLine, NumberSeries, OrderBilling, Payment
from .ocr import make_ocr

Line = get_model("order", "Line")
Order = get_model("order", "Order")

PAID_STATUS = "Paid"
CANCELLED_STATUS = "Cancelled"
CENT = Decimal("0.01")


def company_settings() -> CompanySettings:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return CompanySettings.for_site(site)


def _address_text(address) -> str:
    if address is None:
        return ""
    parts = [address.line1, address.line2, address.line3, f"{address.postcode} {address.line4}".strip()]
    if address.country_id and address.country_id != "SE":
        parts.append(address.country.printable_name)
    return "\n".join(part for part in parts if part)


def _vat_rate(line) -> Decimal:
    """The rate the line was charged at: its product class's (as the shop's strategy
    priced it), or, for a line whose product is gone, what its prices imply."""
    if line.product is not None:
        return SwedishVAT().get_rate(line.product, None)
    if line.line_price_excl_tax:
        return line.line_price_incl_tax / line.line_price_excl_tax - 1
    return Decimal(settings.SHOP_DEFAULT_VAT_RATE)


# No savepoint of its own: a failure here undoes all that its caller's transaction wrote
# (complete_invoice_order(), in checkout's savepoint for the whole order).
@transaction.atomic(savepoint=False)
def issue_invoice(order, billing: OrderBilling, seller: CompanySettings | None = None) -> Invoice:
    """The invoice for a placed order, numbered without gaps; one per order. `seller`: the
    seller's settings (company_settings()), when the caller has read them already."""
    company = seller or company_settings()
    number = NumberSeries.take_next(NumberSeries.INVOICE)
    issue_date = timezone.localdate()
    invoice = Invoice(
        number=number,
        ocr=make_ocr(number),
        order=order,
        issue_date=issue_date,
        due_date=issue_date + timedelta(days=company.invoice_terms_days),
        currency=order.currency,
        language=billing.language,
        seller_name=company.name,
        seller_organisation_number=company.organisation_number,
        seller_vat_number=company.vat_number,
        seller_f_tax=company.f_tax,
        seller_bankgiro=company.bankgiro,
        seller_address=company.address,
        seller_email=company.email,
        buyer_name=billing.company_name,
        buyer_organisation_number=billing.organisation_number,
        buyer_vat_number=billing.vat_number,
        buyer_contact=billing.contact_name,
        buyer_email=billing.email,
        buyer_address=_address_text(order.billing_address),
        buyer_reference=billing.reference,
        total_excl_vat=Decimal("0"),
        total_vat=Decimal("0"),
        total_incl_vat=Decimal("0"),
    )
    lines = []
    # The lines the order was placed with, when it holds them (shop/order/utils.py); their
    # prices then are as Oscar computed them (0 rather than Decimal for a free line).
    prefetch_related_objects(
        [order], Prefetch("lines", Line.objects.select_related("product__product_class"))
    )
    for position, line in enumerate(order.lines.all(), start=1):
        excl = Decimal(line.line_price_excl_tax).quantize(CENT)
        incl = Decimal(line.line_price_incl_tax).quantize(CENT)
        rate = _vat_rate(line).quantize(Decimal("0.001"))
        lines.append(
            InvoiceLine(
                position=position,
                order_line=line,
                description=line.title,
                quantity=line.quantity,
                unit_price_excl_vat=Decimal(line.unit_price_excl_tax).quantize(CENT),
                vat_rate=rate,
                total_excl_vat=excl,
                vat=incl - excl,
                total_incl_vat=incl,
            )
        )
    # Order-level discounts (vouchers) are already in the lines' prices after discounts.
    invoice.total_excl_vat = sum((line.total_excl_vat for line in lines), Decimal("0"))
    invoice.total_vat = sum((line.vat for line in lines), Decimal("0"))
    invoice.total_incl_vat = invoice.total_excl_vat + invoice.total_vat
    invoice.save()
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)

    from .tasks import send_invoice

    transaction.on_commit(lambda: send_invoice.delay(invoice.pk))
    return invoice


@transaction.atomic
def credit_invoice(invoice: Invoice, reason: str, user=None) -> CreditNote:
    """Credit an invoice in full: cancels its order and revokes what the order granted."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_credited:
        raise ValueError(_("Invoice %(number)s is already credited.") % {"number": invoice.number})
    note = CreditNote.objects.create(
        number=NumberSeries.take_next(NumberSeries.CREDIT_NOTE),
        invoice=invoice,
        issue_date=timezone.localdate(),
        reason=reason,
        total_excl_vat=invoice.total_excl_vat,
        total_vat=invoice.total_vat,
        total_incl_vat=invoice.total_incl_vat,
        created_by=user,
    )
    order = invoice.order
    if order.status != CANCELLED_STATUS:
        order.set_status(CANCELLED_STATUS)  # the status signal revokes access
    from .tasks import send_credit_note

    transaction.on_commit(lambda: send_credit_note.delay(note.pk))
    return note


def record_payment(invoice: Invoice, amount: Decimal, paid_on, method: str, **details) -> Payment:
    """Apply a payment; the invoice is paid when what came in covers it.

    Raises IntegrityError (and applies nothing) for a payment key already applied.
    """
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        payment = Payment.objects.create(
            invoice=invoice, amount=amount, paid_on=paid_on, method=method, **details
        )
        if invoice.paid_at is None and invoice.amount_paid >= invoice.total_incl_vat:
            invoice.paid_at = timezone.now()
            invoice.save(update_fields=["paid_at"])
            order = invoice.order
            if PAID_STATUS in order.available_statuses():
                order.set_status(PAID_STATUS)
    return payment


@transaction.atomic
def mark_paid(invoice: Invoice, user, paid_on=None) -> Payment:
    """Staff record that the rest of an invoice was paid (a transfer seen in the bank)."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)  # two clicks pay once
    if invoice.is_credited:
        raise ValueError(_("A credited invoice cannot be paid."))
    balance = invoice.balance
    if balance <= 0:
        raise ValueError(_("Invoice %(number)s is already paid.") % {"number": invoice.number})
    return record_payment(
        invoice, balance, paid_on or timezone.localdate(), Payment.Method.MANUAL, recorded_by=user
    )


@dataclass
class ImportOutcome:
    record: BgMaxImport
    rows: list[dict] = field(default_factory=list)


def import_bgmax(data: bytes, file_name: str, user=None) -> BgMaxImport:
    """Apply the payments of a BgMax file to open invoices by OCR reference.

    The whole file is parsed first; a malformed file raises BgMaxError and changes
    nothing. Each payment is applied at most once across all uploads (its payment key).
    """
    parsed = bgmax.parse_bgmax(data)
    company = company_settings()
    our_bankgiro = company.bankgiro.replace("-", "")
    rows = []
    counts = {"matched": 0, "unmatched": 0, "duplicates": 0}
    with transaction.atomic():
        record = BgMaxImport.objects.create(
            uploaded_by=user,
            file_name=file_name[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            # Bankgirot writes Swedish local time.
            file_created_at=timezone.make_aware(parsed.timestamp, ZoneInfo("Europe/Stockholm")),
            is_test=parsed.is_test,
        )
        for deposit in parsed.deposits:
            for payment in deposit.payments:
                row = {
                    "line": payment.line,
                    "amount": str(payment.amount),
                    "references": payment.references,
                    "payer": payment.payer_name,
                    "date": deposit.payment_date.isoformat(),
                }
                row["outcome"], row["invoice"], row["why"] = _apply_bgmax_payment(
                    record, deposit, payment, our_bankgiro, parsed.is_test
                )
                counts[row["outcome"]] += 1
                rows.append(row)
        record.matched, record.unmatched, record.duplicates = (
            counts["matched"],
            counts["unmatched"],
            counts["duplicates"],
        )
        record.report = rows
        record.save(update_fields=["matched", "unmatched", "duplicates", "report"])
    return record


# Why a payment was not applied, stored as a code and shown in the reader's language.
BGMAX_REASONS = {
    "already-applied": gettext_lazy("already applied"),
    "test-file": gettext_lazy("test file: nothing is applied"),
    "other-bankgiro": gettext_lazy("paid to another bankgiro"),
    "deduction": gettext_lazy("a deduction: handle by hand"),
    "unknown-reference": gettext_lazy("no invoice has this OCR reference"),
    "credited": gettext_lazy("the invoice is credited: refund by hand"),
}


def _apply_bgmax_payment(record, deposit, payment, our_bankgiro, is_test):
    key = bgmax.payment_key(deposit, payment)
    if Payment.objects.filter(payment_key=key).exists():
        existing = Payment.objects.select_related("invoice").get(payment_key=key)
        return "duplicates", existing.invoice.number, "already-applied"
    if is_test:
        return "unmatched", None, "test-file"
    if our_bankgiro and deposit.receiving_bankgiro.lstrip("0") != our_bankgiro.lstrip("0"):
        return "unmatched", None, "other-bankgiro"
    if payment.is_deduction:
        return "unmatched", None, "deduction"
    invoice = Invoice.objects.filter(
        ocr__in=[ref.strip() for ref in payment.references if ref.strip()]
    ).first()
    if invoice is None:
        return "unmatched", None, "unknown-reference"
    if invoice.is_credited:
        return "unmatched", invoice.number, "credited"
    try:
        with transaction.atomic():
            record_payment(
                invoice,
                payment.amount,
                deposit.payment_date,
                Payment.Method.BGMAX,
                reference=payment.bgc_serial,
                payer=payment.payer_name[:200],
                payment_key=key,
                bgmax_import=record,
            )
    except IntegrityError:
        # The same payment applied by an upload running at the same moment.
        return "duplicates", invoice.number, "already-applied"
    return "matched", invoice.number, ""


def access_starts_on_payment() -> bool:
    return settings.SHOP_ACCESS_STARTS == "payment"
