"""The shop's mails to buyers: order confirmation with the invoice, credit notes, reminders.

Each mail is written in the language of its invoice and carries the PDF it is about.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import CreditNote, Invoice
from .pdf import format_amount, invoice_context, store_credit_note_pdf, store_invoice_pdf


def send_order_confirmation(invoice: Invoice) -> None:
    """Mail the order and its invoice to the buyer, and to the account that placed it.

    An account created at guest checkout has no password yet: the mail to that
    account's own address carries a link to choose one. No other address gets it.
    """
    store_invoice_pdf(invoice)
    user = invoice.order.user
    addresses = [invoice.buyer_email]
    if user is not None and user.email and user.email.lower() != invoice.buyer_email.lower():
        addresses.append(user.email)
    messages = []
    with translation.override(invoice.language):
        context = _invoice_mail_context(invoice)
        if user is not None:
            context["account_url"] = _absolute(reverse("customer:summary"))
            context["order_url"] = _absolute(
                reverse("customer:order", kwargs={"order_number": invoice.order.number})
            )
            if invoice.order.lines.filter(quantity__gt=1, product__course__isnull=False).exists():
                context["seats_url"] = _absolute(reverse("account-seats"))
        for address in addresses:
            is_new_account = (
                user is not None and address.lower() == user.email.lower() and not user.has_usable_password()
            )
            message = _message(
                "order_confirmation",
                {**context, "set_password_url": set_password_url(user) if is_new_account else None},
                address,
                invoice,
            )
            message.attach(
                _("invoice-%(number)s.pdf") % {"number": invoice.number},
                _read(invoice.pdf),
                "application/pdf",
            )
            messages.append(message)
    get_connection().send_messages(messages)


def send_credit_note(note: CreditNote) -> None:
    """Mail a credit note, as PDF, to the address its invoice was sent to."""
    store_credit_note_pdf(note)
    invoice = note.invoice
    with translation.override(invoice.language):
        context = {**_invoice_mail_context(invoice, sign=-1), "note": note}
        message = _message("credit_note", context, invoice.buyer_email, invoice)
        message.attach(
            _("credit-note-%(number)s.pdf") % {"number": note.number}, _read(note.pdf), "application/pdf"
        )
    message.send()


def send_reminder(invoice: Invoice) -> None:
    """Remind the buyer of an overdue invoice, with the invoice attached again."""
    store_invoice_pdf(invoice)
    with translation.override(invoice.language):
        message = _message("reminder", _invoice_mail_context(invoice), invoice.buyer_email, invoice)
        message.attach(
            _("invoice-%(number)s.pdf") % {"number": invoice.number}, _read(invoice.pdf), "application/pdf"
        )
    message.send()


def set_password_url(user) -> str:
    """An absolute link to choose a password, in the active language.

    Django's password reset token: valid for PASSWORD_RESET_TIMEOUT, and spent once a
    password is set.
    """
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return _absolute(path)


def _invoice_mail_context(invoice: Invoice, sign: int = 1) -> dict:
    amount_paid = invoice.amount_paid
    return {
        **invoice_context(invoice, sign=sign),
        "amount_due": format_amount(invoice.balance),
        "amount_paid": format_amount(amount_paid) if amount_paid else None,
        "link_valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    }


def _message(name: str, context: dict, address: str, invoice: Invoice) -> EmailMultiAlternatives:
    subject = render_to_string(f"invoicing/email/{name}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"invoicing/email/{name}_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        reply_to=[invoice.seller_email] if invoice.seller_email else None,
    )
    message.attach_alternative(render_to_string(f"invoicing/email/{name}_body.html", context), "text/html")
    return message


def _read(field_file) -> bytes:
    with field_file.open("rb") as pdf:
        return pdf.read()


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
