from django.core.management import call_command

from celery import shared_task


@shared_task
def publish_scheduled_pages() -> None:
    """Publish and unpublish what editors scheduled (Wagtail only does it when asked)."""
    call_command("publish_scheduled")


@shared_task
def clear_expired_sessions() -> None:
    call_command("clearsessions")


@shared_task(bind=True, acks_late=True, max_retries=4)
def mail_contact_message(self, message_id: int) -> None:
    """A contact case's acknowledgement or reply, mailed once (home/contact/cases.py)."""
    from home.contact.cases import mail_message
    from shop.companies.tasks import _retry

    try:
        mail_message(message_id)
    except Exception as exc:
        _retry(self, exc)
