from django.core.management import call_command

from celery import shared_task


@shared_task
def publish_scheduled_pages() -> None:
    """Publish and unpublish what editors scheduled (Wagtail only does it when asked)."""
    call_command("publish_scheduled")


@shared_task
def clear_expired_sessions() -> None:
    call_command("clearsessions")
