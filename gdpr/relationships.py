"""The customer relationship: started with the account, ended when the account is closed,
the last enrolment or the contract is over. Retention rules count from its end."""

from django.utils import timezone

from gdpr.models import CustomerRelationship


def start_relationship(user, when=None) -> CustomerRelationship:
    """Start (or restart, when the person comes back) `user`'s relationship."""
    relationship, created = CustomerRelationship.objects.get_or_create(
        user=user, defaults={"started_at": when or timezone.now()}
    )
    if not created and relationship.ended_at is not None:
        relationship.ended_at, relationship.end_reason = None, ""
        relationship.save(update_fields=["ended_at", "end_reason"])
    return relationship


def end_relationship(user, reason: str, when=None) -> CustomerRelationship:
    """End `user`'s relationship for `reason` (a `CustomerRelationship.EndReason`).

    Ending one that has already ended keeps the first end: retention runs from it.
    """
    if reason not in CustomerRelationship.EndReason.values:
        raise ValueError(f"unknown end reason {reason!r}")
    relationship, _created = CustomerRelationship.objects.get_or_create(user=user)
    if relationship.ended_at is None:
        relationship.ended_at, relationship.end_reason = when or timezone.now(), reason
        relationship.save(update_fields=["ended_at", "end_reason"])
    return relationship
