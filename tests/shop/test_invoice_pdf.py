"""Invoice and credit note PDFs: what a Swedish invoice must show, in the buyer's language."""

import dataclasses
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Site

import pytest
from weasyprint.formatting_structure.boxes import TextBox

from home.models import CompanySettings
from shop.invoicing import pdf, services
from shop.invoicing.models import Invoice, InvoiceLine
from tests.factories.courses import make_course
from tests.factories.shop import ACME, make_document_product, place_order


@pytest.fixture
def company(home_page):
    company = CompanySettings.for_site(Site.objects.get(is_default_site=True))
    company.name = "Cloocast AB"
    company.organisation_number = "559251-4557"
    company.vat_number = "SE559251455701"
    company.bankgiro = "5050-1055"
    company.address = "Sveavägen 1\n111 57 Stockholm"
    company.email = "faktura@cloocast.example"
    company.f_tax = True
    company.save()
    return company


@pytest.fixture
def products(seller_company, settings):
    """A course at 25 % VAT and a document at 6 %, so the invoice has two VAT rates."""
    settings.SHOP_VAT_RATES = {"Course": "0.25", "Document": "0.06"}
    course = make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course
    return course.product, make_document_product(seller_company, price=Decimal("200"))


def text_of(html: str) -> str:
    """The text WeasyPrint lays out on the pages, footers included, whitespace collapsed."""
    document = pdf.render_document(html)
    texts = [
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    ]
    return " ".join(" ".join(texts).split()).casefold()


def has(text: str, *expected: str) -> bool:
    missing = [item for item in map(str, expected) if " ".join(item.split()).casefold() not in text]
    assert not missing, f"not on the page: {missing}"
    return True


def test_swedish_invoice_shows_what_the_law_requires(company, buyer, products):
    course, document = products
    order = place_order(buyer, [(course, 1), (document, 2)])
    invoice = order.invoice

    text = text_of(pdf.invoice_html(invoice))

    assert has(
        text,
        str(invoice.number),
        invoice.ocr,
        f"{invoice.issue_date:%Y-%m-%d}",
        f"{invoice.due_date:%Y-%m-%d}",
        order.number,
        # seller
        "Cloocast AB",
        "Sveavägen 1",
        "111 57 Stockholm",
        "559251-4557",
        "SE559251455701",
        "Godkänd för F-skatt",  # the words the law asks for (locale/sv, compiled by make messages)
        "5050-1055",
        # buyer
        "Acme AB",
        "Storgatan 1",
        "111 22 Stockholm",
        "556036-0793",
        "SE556036079301",
        "Anna Andersson",
        "PO-4711",
        # lines, VAT per rate, totals: Swedish amounts
        "GDPR för alla",
        "Checklista",
        "25 % 1 000,00 kr 250,00 kr",
        "6 % 400,00 kr 24,00 kr",
        "1 400,00 kr",
        "274,00 kr",
        "1 674,00 kr",
    )
    assert (invoice.total_incl_vat, len(invoice.vat_breakdown())) == (Decimal("1674.00"), 2)


def test_english_invoice_has_english_amounts_and_no_f_tax_line_when_not_approved(company, buyer, products):
    company.f_tax = False
    company.save()
    course, document = products
    invoice = place_order(
        buyer, [(course, 1), (document, 2)], dataclasses.replace(ACME, language="en")
    ).invoice

    text = text_of(pdf.invoice_html(invoice))

    assert has(
        text,
        "Invoice number",
        "Due date",
        "OCR reference",
        "Payment terms 30 days net",
        "25% SEK 1,000.00 SEK 250.00",
        "6% SEK 400.00 SEK 24.00",
        "Total to pay SEK 1,674.00",
    )
    assert "f-tax" not in text
    assert pdf.render_invoice_pdf(invoice).startswith(b"%PDF-")


def test_a_discount_not_in_the_unit_price_is_shown(company, buyer, products):
    course, _document = products
    invoice = place_order(buyer, [(course, 2)]).invoice
    # A line as a voucher leaves it: Oscar's unit price is before discounts, the total after.
    discounted = InvoiceLine(
        invoice=invoice,
        position=1,
        description="GDPR för alla",
        quantity=2,
        unit_price_excl_vat=Decimal("1000.00"),
        vat_rate=Decimal("0.250"),
        total_excl_vat=Decimal("1800.00"),
        vat=Decimal("450.00"),
        total_incl_vat=Decimal("2250.00"),
    )
    invoice._prefetched_objects_cache = {"lines": [discounted]}

    text = text_of(pdf.invoice_html(invoice))

    with translation.override("sv"):
        discount = gettext("Discount")
    assert has(text, f"GDPR för alla {discount} 200,00 kr 2 1 000,00 kr 25 % 1 800,00 kr")


def test_credit_note_refers_to_its_invoice_with_the_reason_and_negative_amounts(company, buyer, products):
    course, document = products
    invoice = place_order(buyer, [(course, 1), (document, 2)]).invoice
    note = services.credit_invoice(invoice, "Kursen ställdes in")

    text = text_of(pdf.credit_note_html(note))

    assert has(
        text,
        str(note.number),
        str(invoice.number),
        f"{invoice.issue_date:%Y-%m-%d}",
        "Kursen ställdes in",
        "-1 000,00 kr",
        "25 % -1 000,00 kr -250,00 kr",
        "-1 674,00 kr",
    )
    assert pdf.render_credit_note_pdf(note).startswith(b"%PDF-")


def test_pdfs_are_stored_once_in_private_storage(company, buyer, products):
    course, _document = products
    invoice = place_order(buyer, [(course, 1)]).invoice

    pdf.store_invoice_pdf(invoice)
    stored = Invoice.objects.get(pk=invoice.pk)
    pdf.store_invoice_pdf(stored)  # again: keeps the first file

    assert Invoice.objects.get(pk=invoice.pk).pdf.name == stored.pdf.name == invoice.pdf.name
    assert stored.pdf.name == f"invoices/{invoice.issue_date:%Y}/invoice-{invoice.number}.pdf"
    with stored.pdf.open("rb") as file:
        content = file.read()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    with pytest.raises(ValueError):
        stored.pdf.url  # noqa: B018 (private files have no URL)

    note = services.credit_invoice(invoice, "Fel kurs")
    pdf.store_credit_note_pdf(note)
    assert note.pdf.name == f"invoices/{note.issue_date:%Y}/credit-note-{note.number}.pdf"


@pytest.mark.parametrize(
    "url",
    ["https://fonts.example.com/font.woff2", "http://127.0.0.1/logo.png", "file:///etc/passwd", "ftp://x/y"],
)
def test_rendering_fetches_nothing_from_outside(url):
    with pytest.raises(ValueError):
        pdf.LocalFilesOnly().fetch(url)
    assert pdf.LocalFilesOnly().fetch("data:text/plain,ok").read() == b"ok"


def test_a_url_in_the_document_is_not_fetched(caplog):
    pdf.render_document('<p>Acme AB</p><img src="https://tracker.example.com/pixel.png">')

    assert "load no external resources: https://tracker.example.com/pixel.png" in caplog.text
