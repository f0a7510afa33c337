"""Invoices and credit notes as PDF: Django templates laid out by WeasyPrint.

Each document is rendered in the language of its invoice and loads nothing from the
network: the stylesheet is a template of ours and the fonts are the system's (DejaVu).
"""

from decimal import Decimal
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import ngettext

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .models import CreditNote, Invoice, InvoiceLine


class LocalFilesOnly(URLFetcher):
    """Fetches data: URLs and files under static/; refuses everything else.

    An invoice must render the same without a network, and a buyer's text that
    happened to contain a URL must never make the worker fetch it.
    """

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_relative_to(Path(settings.BASE_DIR, "static").resolve()):
                return super().fetch(url, headers)
        raise ValueError(f"Invoice PDFs load no external resources: {url}")


def format_amount(amount: Decimal, currency: str = "SEK") -> str:
    """An amount in the active language: "1 250,00 kr" in Swedish, "SEK 1,250.00" otherwise."""
    number = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    if currency == "SEK" and translation.get_language() == "sv":
        return f"{number}\xa0kr"
    return f"{currency}\xa0{number}"


def format_rate(rate: Decimal) -> str:
    """A VAT rate (0.25) as a percentage: "25 %" in Swedish, "25%" otherwise."""
    percent = number_format((rate * 100).normalize(), use_l10n=True)
    return f"{percent}\xa0%" if translation.get_language() == "sv" else f"{percent}%"


def _amounts(sign: int, **values: Decimal) -> dict[str, str]:
    # `or`: a credited zero is "0,00 kr", not "-0,00 kr".
    return {name: format_amount(sign * value or Decimal(0)) for name, value in values.items()}


def _line(line: InvoiceLine, sign: int) -> dict:
    # Oscar's unit price is before discounts and the line total after them: the law
    # asks for a reduction not in the unit price to be shown.
    discount = line.quantity * line.unit_price_excl_vat - line.total_excl_vat
    return {
        "description": line.description,
        "quantity": line.quantity,
        "rate": format_rate(line.vat_rate),
        "discount": format_amount(discount) if discount > 0 else None,
        **_amounts(sign, unit_price=line.unit_price_excl_vat, total=line.total_excl_vat),
    }


def invoice_context(invoice: Invoice, sign: int = 1) -> dict:
    """What an invoice shows, amounts formatted in the active language.

    `sign=-1` gives the amounts of a credit note for the invoice.
    """
    order = invoice.order
    terms = (invoice.due_date - invoice.issue_date).days
    return {
        "invoice": invoice,
        "order_number": order.number,
        # Courses and documents are supplied when the order is placed.
        "supply_date": timezone.localdate(order.date_placed) if order.date_placed else invoice.issue_date,
        "payment_terms": ngettext("%(days)s day net", "%(days)s days net", terms) % {"days": terms},
        "lines": [_line(line, sign) for line in invoice.lines.all()],
        "vat_rows": [
            {"rate": format_rate(row["rate"]), **_amounts(sign, base=row["base"], vat=row["vat"])}
            for row in invoice.vat_breakdown()
        ],
        "totals": _amounts(
            sign, excl_vat=invoice.total_excl_vat, vat=invoice.total_vat, incl_vat=invoice.total_incl_vat
        ),
    }


def invoice_html(invoice: Invoice) -> str:
    with translation.override(invoice.language):
        return render_to_string("invoicing/pdf/invoice.html", invoice_context(invoice))


def credit_note_html(note: CreditNote) -> str:
    invoice = note.invoice
    with translation.override(invoice.language):
        context = invoice_context(invoice, sign=-1)
        context["note"] = note
        return render_to_string("invoicing/pdf/credit_note.html", context)


@cache
def _stylesheet() -> CSS:
    # Parsed once per process: parsing it for every document costs a fifth of the time.
    return CSS(string=render_to_string("invoicing/pdf/styles.css"), url_fetcher=LocalFilesOnly())


@cache
def _font_config() -> FontConfiguration:
    # One per process: building fontconfig's configuration for each document cost about
    # a fifth of the layout time (the fonts are the system's, and never change).
    return FontConfiguration()


def render_document(html: str):
    """Lay out the HTML (a weasyprint Document: tests read its text, callers write the PDF)."""
    return HTML(string=html, url_fetcher=LocalFilesOnly()).render(
        stylesheets=[_stylesheet()], font_config=_font_config()
    )


def render_invoice_pdf(invoice: Invoice) -> bytes:
    return render_document(invoice_html(invoice)).write_pdf()


def render_credit_note_pdf(note: CreditNote) -> bytes:
    return render_document(credit_note_html(note)).write_pdf()


def store_invoice_pdf(invoice: Invoice) -> None:
    """Render and store the invoice's PDF, unless it is stored already."""
    _store_once(invoice, f"invoice-{invoice.number}.pdf", render_invoice_pdf)


def store_credit_note_pdf(note: CreditNote) -> None:
    _store_once(note, f"credit-note-{note.number}.pdf", render_credit_note_pdf)


def _store_once(record, file_name, render) -> None:
    if record.pdf:
        return
    # Locked, so two workers handed the same task store one file, not two.
    with transaction.atomic():
        locked = type(record).objects.select_for_update().get(pk=record.pk)
        if not locked.pdf:
            locked.pdf.save(file_name, ContentFile(render(locked)), save=False)
            locked.save(update_fields=["pdf"])
    record.pdf.name = locked.pdf.name
