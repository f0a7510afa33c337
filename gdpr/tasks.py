from celery import shared_task


@shared_task
def sweep_retention() -> dict:
    """The nightly retention sweep; safe to run twice or in two workers at once."""
    from gdpr.sweep import sweep

    return dict(sweep())
