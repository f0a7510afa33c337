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


@shared_task(bind=True, acks_late=True, max_retries=4)
def mail_news_confirmation(self, subscription_id: int) -> None:
    """A news sign-up's confirmation link, mailed once (home/newsletter/subscriptions.py)."""
    from home.newsletter.subscriptions import mail_confirmation
    from shop.companies.tasks import _retry

    try:
        mail_confirmation(subscription_id)
    except Exception as exc:
        _retry(self, exc)


@shared_task(bind=True, acks_late=True, max_retries=4)
def send_news(self, send_id: int) -> None:
    """One batch of a news send, then the next one queued (home/newsletter/sending.py). Run
    again after a crash, it goes on where it stopped and mails nobody twice."""
    from home.newsletter.sending import send_batch
    from shop.companies.tasks import _retry

    try:
        more = send_batch(send_id)
    except Exception as exc:
        _retry(self, exc)
    else:
        if more:
            send_news.delay(send_id)
