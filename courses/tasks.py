"""Learning's work after commit: telling people about the seats they were given."""

from celery import shared_task

from shop.companies.tasks import _retry


@shared_task(bind=True, max_retries=4, acks_late=True)
def tell_seat_holders(self, seat_ids: list[int]) -> None:
    """Mail each holder of a seat given to an existing account (once: `notified_at`)."""
    from .seat_mail import tell_holders

    try:
        tell_holders(seat_ids)
    except Exception as exc:
        _retry(self, exc)
