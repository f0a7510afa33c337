"""Mails queued after commit; each is safe to run twice."""

from django.db import transaction

from celery import shared_task

RETRY_DELAYS = [60, 300, 900, 3600]


def _retry(task, exc):
    if task.request.is_eager or task.request.retries >= len(RETRY_DELAYS):
        raise exc
    raise task.retry(exc=exc, countdown=RETRY_DELAYS[task.request.retries])


@shared_task(bind=True, max_retries=len(RETRY_DELAYS), acks_late=True)
def send_invitations(self, invitation_ids: list[int]) -> None:
    """Give each pending invitation a fresh link and mail it (a pending flag: once)."""
    from .invitations import mail_invitation

    try:
        for invitation_id in invitation_ids:
            with transaction.atomic():
                mail_invitation(invitation_id)
    except Exception as exc:
        _retry(self, exc)


@shared_task(bind=True, max_retries=len(RETRY_DELAYS), acks_late=True)
def send_join_request(self, join_request_id: int) -> None:
    from . import mail
    from .models import JoinRequest

    join_request = JoinRequest.objects.select_related("company", "user").get(pk=join_request_id)
    if join_request.outcome == JoinRequest.Outcome.PENDING:
        try:
            mail.send_join_request(join_request)
        except Exception as exc:
            _retry(self, exc)


@shared_task(bind=True, max_retries=len(RETRY_DELAYS), acks_late=True)
def send_join_answer(self, join_request_id: int) -> None:
    from . import mail
    from .models import JoinRequest

    join_request = JoinRequest.objects.select_related("company", "user").get(pk=join_request_id)
    try:
        mail.send_join_answer(join_request)
    except Exception as exc:
        _retry(self, exc)
