"""Work done by the Celery worker after an order, a payment or a credit has committed.

Each task is safe to run twice: it checks what is already done before doing it.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from oscar.core.loading import get_model

from celery import shared_task

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
RETRY_DELAYS = [60, 300, 900, 3600, 4 * 3600]  # seconds: a broken mail server gets hours


def _retry(task, exc):
    if task.request.is_eager or task.request.retries >= len(RETRY_DELAYS):
        raise exc
    raise task.retry(exc=exc, countdown=RETRY_DELAYS[task.request.retries])


@shared_task(bind=True, max_retries=len(RETRY_DELAYS), acks_late=True)
def send_invoice(self, invoice_id: int) -> None:
    """Render the invoice PDF, then mail the order confirmation with it attached."""
    from .mail import send_order_confirmation
    from .models import Invoice
    from .pdf import store_invoice_pdf

    invoice = Invoice.objects.select_related("order", "order__user").get(pk=invoice_id)
    try:
        store_invoice_pdf(invoice)
        if invoice.mailed_at is None:
            with transaction.atomic():
                locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
                if locked.mailed_at is None:
                    send_order_confirmation(locked)
                    locked.mailed_at = timezone.now()
                    locked.save(update_fields=["mailed_at"])
    except Exception as exc:
        logger.exception("Invoice %s: sending failed", invoice.number)
        _retry(self, exc)


@shared_task(bind=True, max_retries=len(RETRY_DELAYS), acks_late=True)
def send_credit_note(self, note_id: int) -> None:
    from .mail import send_credit_note as mail_credit_note
    from .models import CreditNote
    from .pdf import store_credit_note_pdf

    note = CreditNote.objects.select_related("invoice").get(pk=note_id)
    try:
        store_credit_note_pdf(note)
        with transaction.atomic():
            locked = CreditNote.objects.select_for_update().get(pk=note.pk)
            if locked.mailed_at is None:
                mail_credit_note(locked)
                locked.mailed_at = timezone.now()
                locked.save(update_fields=["mailed_at"])
    except Exception as exc:
        logger.exception("Credit note %s: sending failed", note.number)
        _retry(self, exc)


@shared_task(bind=True, max_retries=len(RETRY_DELAYS), acks_late=True)
def fulfil_order(self, order_id: int) -> int:
    """Grant what the order bought; lines that fail are recorded for staff and retried."""
    from .fulfilment import fulfil_order as fulfil

    order = Order.objects.get(pk=order_id)
    issues = fulfil(order)
    if issues and not self.request.is_eager and self.request.retries < len(RETRY_DELAYS):
        raise self.retry(countdown=RETRY_DELAYS[self.request.retries])
    return len(issues)


@shared_task
def retry_fulfilment() -> int:
    """Beat: try again every line recorded as placed but not fulfilled."""
    from .fulfilment import fulfil_order as fulfil
    from .models import FulfilmentIssue

    order_ids = set(FulfilmentIssue.objects.values_list("order_line__order_id", flat=True))
    remaining = 0
    for order in Order.objects.filter(pk__in=order_ids):
        remaining += len(fulfil(order))
    return remaining


@shared_task
def send_invoice_reminders() -> int:
    """Beat, daily: remind buyers of invoices overdue by the configured number of days."""
    from .mail import send_reminder
    from .models import Invoice, InvoiceReminder
    from .services import company_settings

    delay = company_settings().invoice_reminder_days
    today = timezone.localdate()
    sent = 0
    for invoice in Invoice.objects.overdue(on=today - timezone.timedelta(days=delay - 1)).iterator():
        with transaction.atomic():
            locked = Invoice.objects.select_for_update(skip_locked=True).filter(pk=invoice.pk).first()
            if locked is None or locked.paid_at or locked.is_credited:
                continue
            reminders = locked.reminders.count()
            last = locked.reminders.first()
            if reminders >= settings.SHOP_MAX_INVOICE_REMINDERS:
                continue
            if last and (timezone.now() - last.sent_at).days < delay:
                continue
            # Recorded first: a mail that fails rolls the record back and is tried again
            # tomorrow; a recorded reminder is never sent twice.
            InvoiceReminder.objects.create(invoice=locked, email=locked.buyer_email)
            send_reminder(locked)
            sent += 1
    return sent
