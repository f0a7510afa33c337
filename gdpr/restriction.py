"""Restriction of processing (GDPR art. 18): the question every other app asks first."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language

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


def restrict(user, reason: str, *, by=None) -> ProcessingRestriction:
    """Restrict `user` (idempotent: an active restriction is returned as it is). Its request
    stays in progress in the staff's queue until the restriction is lifted."""
    from gdpr import cases

    with transaction.atomic():
        try:
            with transaction.atomic():
                restriction = ProcessingRestriction.objects.create(user=user, reason=reason)
        except IntegrityError:
            return ProcessingRestriction.objects.get(user=user, lifted_at__isnull=True)
        request = cases.open_for(user, cases.Kind.RESTRICTION) or cases.open_request(
            cases.Kind.RESTRICTION, user=user, language=get_language(), details=reason
        )
        cases.record(cases.Action.RESTRICTED, request=request, actor=by or user)
        cases.start(request, by)
    return restriction


def lift_restriction(user, *, by=None) -> int:
    """Lift `user`'s restriction and close its request; the person is told."""
    from gdpr import cases

    with transaction.atomic():
        lifted = ProcessingRestriction.objects.filter(user=user, lifted_at__isnull=True).update(
            lifted_at=timezone.now()
        )
        if lifted:
            request = cases.open_for(user, cases.Kind.RESTRICTION)
            cases.record(cases.Action.RESTRICTION_LIFTED, request=request, actor=by, account_id=user.pk)
            if request is not None:
                cases.close(request, cases.Status.DONE, by=by, tell=True)
    return lifted
