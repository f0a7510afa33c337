from celery import shared_task


@shared_task
def sweep_retention() -> dict:
    """The nightly retention sweep; safe to run twice or in two workers at once."""
    from gdpr.sweep import sweep

    return dict(sweep())


@shared_task(bind=True, acks_late=True, max_retries=2)
def build_data_export(self, export_id: int) -> None:
    """Build one person's zip (a no-op once it is built)."""
    from gdpr.portability import build

    build(export_id)


@shared_task(bind=True, acks_late=True, max_retries=4)
def mail_deletion_scheduled(self, deletion_id: int) -> None:
    """The person's confirmation, with the link that cancels the deletion."""
    from gdpr.deletion import mail_scheduled
    from shop.companies.tasks import _retry

    try:
        mail_scheduled(deletion_id)
    except Exception as exc:
        _retry(self, exc)


@shared_task(acks_late=True)
def carry_out_account_deletions() -> int:
    """Beat, hourly: erase the accounts whose cooling-off is over (safe to overlap)."""
    from gdpr.deletion import carry_out_due

    return carry_out_due()


@shared_task(acks_late=True)
def erase_for_request(request_id: int) -> None:
    """Erase the person a verified privacy request is about (a failure marks it failed)."""
    from gdpr.cases import erase

    erase(request_id)


@shared_task(bind=True, acks_late=True, max_retries=4)
def mail_privacy_request(self, name: str, request_id: int) -> None:
    """A mail about a privacy request: its confirmation link, an extension, its answer."""
    from gdpr.cases import mail
    from shop.companies.tasks import _retry

    try:
        mail(name, request_id)
    except Exception as exc:
        _retry(self, exc)
