"""Certificates' work in the worker: issuing one when a course is completed, and finishing
a reissued one (signing and mailing it)."""

import logging

from celery import shared_task

from shop.companies.tasks import _retry

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=4, acks_late=True)
def issue_certificate(self, completion_id: int) -> None:
    """Issue, sign and mail the completion's certificate; a no-op once all three are done."""
    from .issuing import issue

    _run(self, issue, completion_id)


@shared_task(bind=True, max_retries=4, acks_late=True)
def finish_certificate(self, certificate_id: int) -> None:
    """Sign and mail a certificate (a reissue): each once."""
    from .issuing import finish
    from .models import Certificate

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        _run(self, finish, certificate)


def _run(task, work, argument) -> None:
    try:
        work(argument)
    except Exception as exc:
        if task.request.is_eager:
            # Inline (a machine without a worker): no retry to wait for, and the learner's
            # request must not fail for it. `manage.py issue_certificates` finishes it.
            # By id: a certificate's repr holds its public code, which opens a page naming the learner.
            what = f"certificate {argument.pk}" if hasattr(argument, "pk") else f"completion {argument}"
            logger.exception("Certificate work failed for %s; run manage.py issue_certificates", what)
            return
        _retry(task, exc)
