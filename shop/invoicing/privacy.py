"""Personal data in invoicing: who bought, who to send the invoice to, who paid.

Invoices, credit notes and the payments against them are accounting records: kept under
the Swedish Bookkeeping Act until the end of the seventh year after their financial
year, detached from the account at once on erasure, and anonymised when the period ends.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gdpr.erasure_actions import Anonymise, Blank, DeleteFile, Null, Placeholder, Retain, Strategy
from gdpr.registry import Category, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import AccountingRecords

C = Category


@dataclass(frozen=True)
class EmptyReport(Strategy):
    """Per row: an import's report (payers' names) emptied, its counts kept."""

    per_row = True

    def apply(self, row, name, subject):
        return []

    def code(self):
        return "empty_report"


BFL = _("Accounting records: Swedish Bookkeeping Act (bokföringslagen) 7 ch. 2 §")
ERASED = Placeholder("[erased]")
orders = {"purpose": Purpose.ORDERS, "basis": LawfulBasis.CONTRACT}
LEGAL = {"purpose": Purpose.ACCOUNTING, "basis": LawfulBasis.LEGAL_OBLIGATION}

BUYER = {
    "buyer_name": C.COMPANY,
    "buyer_organisation_number": C.COMPANY,  # a sole trader's is their personal identity number
    "buyer_vat_number": C.COMPANY,
    "buyer_contact": C.CONTACT,
    "buyer_email": C.CONTACT,
    "buyer_address": C.CONTACT,
    "buyer_reference": C.ORDER,
    "pdf": C.ORDER,
}
ERASE_BUYER = {
    "buyer_name": ERASED,
    "buyer_organisation_number": Blank(),
    "buyer_vat_number": Blank(),
    "buyer_contact": ERASED,
    "buyer_email": Placeholder("erased@erased.invalid"),
    "buyer_address": Blank(),
    "buyer_reference": Blank(),
    "pdf": DeleteFile(),
}
SELLER_FIELDS = (
    "seller_name", "seller_organisation_number", "seller_vat_number", "seller_f_tax", "seller_bankgiro",
    "seller_address", "seller_email",
)  # fmt: skip
AMOUNTS = ("total_excl_vat", "total_vat", "total_incl_vat")

INVOICE_RECORDS = AccountingRecords("issue_date")
declare(
    "invoicing.Invoice",
    **LEGAL,
    retention=INVOICE_RECORDS,
    erasure=Retain(BFL, until=INVOICE_RECORDS, then=Anonymise(**ERASE_BUYER)),
    personal=BUYER,
    not_personal=(
        "id", "number", "ocr", "order", "issue_date", "due_date", "currency", "language", "created_at",
        "mailed_at", "paid_at", *SELLER_FIELDS, *AMOUNTS,
    ),
    person="order__user",
    email="buyer_email",
    note=_("The company's own details (seller_*) are the shop's, not a person's."),
)  # fmt: skip

CREDIT_RECORDS = AccountingRecords("issue_date")
declare(
    "invoicing.CreditNote",
    **LEGAL,
    retention=CREDIT_RECORDS,
    erasure=Retain(BFL, until=CREDIT_RECORDS, then=Anonymise(reason=ERASED, pdf=DeleteFile())),
    personal={"reason": C.FREE_TEXT, "pdf": C.ORDER},
    references=("created_by",),
    not_personal=("id", "number", "invoice", "issue_date", "created_at", "mailed_at", *AMOUNTS),
    person="invoice__order__user",
    email="invoice__buyer_email",
)

PAYMENT_RECORDS = AccountingRecords("paid_on")
declare(
    "invoicing.Payment",
    **LEGAL,
    retention=PAYMENT_RECORDS,
    erasure=Retain(BFL, until=PAYMENT_RECORDS, then=Anonymise(payer=Blank(), reference=Blank())),
    personal={"payer": C.ORDER, "reference": C.ORDER},
    references=("recorded_by",),
    not_personal=(
        "id",
        "invoice",
        "amount",
        "paid_on",
        "method",
        "payment_key",
        "bgmax_import",
        "created_at",
    ),
    person="invoice__order__user",
    email="invoice__buyer_email",
)

BILLING_RECORDS = AccountingRecords("order__date_placed")
declare(
    "invoicing.OrderBilling",
    **orders,
    retention=BILLING_RECORDS,
    erasure=Retain(
        BFL,
        until=BILLING_RECORDS,
        then=Anonymise(
            company_name=ERASED,
            organisation_number=Blank(),
            vat_number=Blank(),
            contact_name=ERASED,
            email=Placeholder("erased@erased.invalid"),
            phone=Blank(),
            reference=Blank(),
        ),
    ),
    personal={
        "company_name": C.COMPANY,
        "organisation_number": C.COMPANY,
        "vat_number": C.COMPANY,
        "contact_name": C.CONTACT,
        "email": C.CONTACT,
        "phone": C.CONTACT,
        "reference": C.ORDER,
    },
    not_personal=("id", "order", "company", "language"),
    person="order__user",
    email="email",
)

REMINDER_RECORDS = AccountingRecords("sent_at")
declare(
    "invoicing.InvoiceReminder",
    **LEGAL,
    retention=REMINDER_RECORDS,
    erasure=Retain(BFL, until=REMINDER_RECORDS, then=Anonymise(email=Placeholder("erased@erased.invalid"))),
    personal={"email": C.CONTACT},
    not_personal=("id", "invoice", "sent_at"),
    person="invoice__order__user",
    email="email",
)

IMPORT_RECORDS = AccountingRecords("uploaded_at")
declare(
    "invoicing.BgMaxImport",
    **LEGAL,
    retention=IMPORT_RECORDS,
    erasure=Retain(BFL, until=IMPORT_RECORDS, then=Anonymise(report=EmptyReport(), uploaded_by=Null())),
    personal={"report": C.ORDER},
    references=("uploaded_by",),
    not_personal=(
        "id", "uploaded_at", "file_name", "sha256", "file_created_at", "is_test", "matched", "unmatched",
        "duplicates",
    ),  # fmt: skip
    person="uploaded_by",
    note=_("The report names payers as the bank file gave them; it is reached through the staff member who "
           "uploaded it, and payers through their payments."),
)  # fmt: skip

holds_nothing_personal(
    _("Invoice lines, number series and fulfilment problems: products, amounts and technical reasons; the "
      "person is reached through the invoice or the order."),
    "invoicing.InvoiceLine",
    "invoicing.NumberSeries",
    "invoicing.FulfilmentIssue",
)  # fmt: skip
