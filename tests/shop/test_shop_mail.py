"""The shop's mails: order confirmation with the invoice and a password link, credit notes,
reminders; each sent once however often its task runs."""

import dataclasses
import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core import mail

from wagtail.models import Site

import pytest
import time_machine

from home.models import CompanySettings
from shop.invoicing import services, tasks
from shop.invoicing.models import CreditNote, Invoice
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import ACME, place_order

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_PASSWORD = "Ett långt och nytt lösenord 2026"


@pytest.fixture
def company(home_page):
    company = CompanySettings.for_site(Site.objects.get(is_default_site=True))
    company.name = "Cloocast AB"
    company.organisation_number = "559251-4557"
    company.vat_number = "SE559251455701"
    company.bankgiro = "5050-1055"
    company.email = "faktura@cloocast.example"
    company.invoice_reminder_days = 7
    company.save()
    return company


@pytest.fixture
def course(company, seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


@pytest.fixture
def guest(db):
    """An account created at guest checkout: it has no password yet."""
    user = UserFactory(email=ACME.email)
    user.set_unusable_password()
    user.save()
    return user


def password_link(message) -> str | None:
    match = re.search(r"http://testserver(/\S+/password-reset/confirm/\S+/)", message.body)
    return match and match[1]


def place_and_mail(django_capture_on_commit_callbacks, user, items, details=ACME):
    """Place an order and run what its commit queues: the invoice task mails the confirmation."""
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(user, items, details)
    return order


def test_guest_gets_confirmation_with_invoice_and_a_link_to_choose_a_password(
    client, django_capture_on_commit_callbacks, guest, course
):
    order = place_and_mail(django_capture_on_commit_callbacks, guest, [(course.product, 2)])
    invoice = Invoice.objects.get(order=order)

    [message] = mail.outbox
    assert message.to == [ACME.email]
    assert str(order.number) in message.subject and str(invoice.number) in message.subject
    for expected in (
        invoice.ocr,
        "5050-1055",
        f"{invoice.due_date:%Y-%m-%d}",
        "2\xa0500,00\xa0kr",
        "GDPR för alla",
    ):
        assert expected in message.body and expected in message.alternatives[0][0]
    [(file_name, content, mimetype)] = message.attachments
    assert str(invoice.number) in file_name and mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")
    assert f"/sv/shop/accounts/orders/{order.number}/" in message.body

    link = password_link(message)
    assert link.startswith("/sv/shop/password-reset/confirm/") and link in message.alternatives[0][0]
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    guest.refresh_from_db()
    assert guest.check_password(NEW_PASSWORD)
    assert not client.get(link, follow=True).context["validlink"]  # spent once used


def test_password_link_goes_only_to_the_accounts_own_address(django_capture_on_commit_callbacks, course):
    guest = UserFactory(email="orderer@acme.example")
    guest.set_unusable_password()
    guest.save()

    place_and_mail(django_capture_on_commit_callbacks, guest, [(course.product, 1)])

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {ACME.email, "orderer@acme.example"}
    assert password_link(by_address["orderer@acme.example"])
    assert not password_link(by_address[ACME.email])
    assert "password-reset" not in by_address[ACME.email].alternatives[0][0]


def test_account_with_a_password_gets_no_link_and_english_buyers_get_english_mail(
    django_capture_on_commit_callbacks, buyer, course
):
    place_and_mail(
        django_capture_on_commit_callbacks,
        buyer,
        [(course.product, 1)],
        dataclasses.replace(ACME, language="en"),
    )

    assert sorted(message.to[0] for message in mail.outbox) == [ACME.email, buyer.email]
    for message in mail.outbox:
        assert not password_link(message) and "password-reset" not in message.alternatives[0][0]
        assert message.subject.startswith("Order ") and "SEK\xa01,250.00" in message.body
        assert "/en/shop/accounts/" in message.body


def test_sending_the_invoice_twice_mails_it_once(django_capture_on_commit_callbacks, guest, course):
    order = place_and_mail(django_capture_on_commit_callbacks, guest, [(course.product, 1)])
    invoice = Invoice.objects.get(order=order)
    assert invoice.mailed_at is not None and invoice.pdf

    tasks.send_invoice.delay(invoice.pk)

    assert len(mail.outbox) == 1
    assert Invoice.objects.get(pk=invoice.pk).pdf.name == invoice.pdf.name


def test_credit_note_is_mailed_once_with_its_pdf(django_capture_on_commit_callbacks, buyer, course):
    invoice = place_order(buyer, [(course.product, 1)]).invoice
    with django_capture_on_commit_callbacks(execute=True):
        note = services.credit_invoice(invoice, "Kursen ställdes in")
    tasks.send_credit_note.delay(note.pk)

    [message] = mail.outbox
    assert message.to == [ACME.email]
    assert str(note.number) in message.subject and str(invoice.number) in message.subject
    assert "Kursen ställdes in" in message.body and "-1\xa0250,00\xa0kr" in message.body
    [(file_name, content, _mimetype)] = message.attachments
    assert str(note.number) in file_name and content.startswith(b"%PDF-")
    assert CreditNote.objects.get(pk=note.pk).mailed_at is not None


def at(day, hour=9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


def test_overdue_invoice_is_reminded_after_the_delay_and_at_most_the_maximum(settings, buyer, course):
    settings.SHOP_MAX_INVOICE_REMINDERS = 2
    with time_machine.travel(datetime(2026, 1, 12, 10, tzinfo=STOCKHOLM), tick=False):
        invoice = place_order(buyer, [(course.product, 1)]).invoice
    due = invoice.due_date

    sent = {}
    for days_overdue in (0, 6, 7, 8, 13, 14, 20, 21, 28, 60):
        with time_machine.travel(at(due + timedelta(days=days_overdue)), tick=False):
            sent[days_overdue] = tasks.send_invoice_reminders.delay().get()

    assert sent == {0: 0, 6: 0, 7: 1, 8: 0, 13: 0, 14: 1, 20: 0, 21: 0, 28: 0, 60: 0}
    assert invoice.reminders.count() == 2
    first = mail.outbox[0]
    assert first.to == [ACME.email] and str(invoice.number) in first.subject
    for expected in (invoice.ocr, "5050-1055", "1\xa0250,00\xa0kr", f"{due:%Y-%m-%d}"):
        assert expected in first.body
    [(_name, content, _mimetype)] = first.attachments
    assert content.startswith(b"%PDF-")


def test_paid_and_credited_invoices_get_no_reminder(buyer, staff, course):
    with time_machine.travel(datetime(2026, 1, 12, 10, tzinfo=STOCKHOLM), tick=False):
        paid = place_order(buyer, [(course.product, 1)]).invoice
        credited = place_order(buyer, [(course.product, 1)]).invoice
        open_ = place_order(buyer, [(course.product, 1)]).invoice
        services.mark_paid(paid, staff)
        services.credit_invoice(credited, "Fel kurs")

    with time_machine.travel(at(open_.due_date + timedelta(days=10)), tick=False):
        assert tasks.send_invoice_reminders.delay().get() == 1

    [message] = mail.outbox
    assert str(open_.number) in message.subject
    assert not paid.reminders.exists() and not credited.reminders.exists()
