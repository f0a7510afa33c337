"""Restriction of processing (GDPR art. 18): the question every other app asks first."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from gdpr.models import ProcessingRestriction
from gdpr.registry import NON_ESSENTIAL_PURPOSES, Purpose


def is_restricted(user, purpose: str) -> bool:
    """Whether `user`'s data may not be used for `purpose` now.

    Only non-essential purposes (marketing, evaluations, statistics) are ever restricted:
    a contract or the law still needs the rest (art. 18(2)). An unknown purpose raises,
    so that a typo never silently allows processing.
    """
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}; use one of gdpr.registry.Purpose")
    if purpose not in NON_ESSENTIAL_PURPOSES or user is None or user.pk is None:
        return False
    return ProcessingRestriction.objects.filter(user=user, lifted_at__isnull=True).exists()


def restrict(user, reason: str) -> ProcessingRestriction:
    """Restrict `user` (idempotent: an active restriction is returned as it is)."""
    try:
        with transaction.atomic():
            return ProcessingRestriction.objects.create(user=user, reason=reason)
    except IntegrityError:
        return ProcessingRestriction.objects.get(user=user, lifted_at__isnull=True)


def lift_restriction(user) -> int:
    return ProcessingRestriction.objects.filter(user=user, lifted_at__isnull=True).update(
        lifted_at=timezone.now()
    )
