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
