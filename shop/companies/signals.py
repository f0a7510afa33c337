from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Membership, Role


@receiver(post_delete, sender=Membership, dispatch_uid="companies.keep_an_administrator")
def keep_an_administrator(sender, instance, **kwargs):
    """An account deleted or erased took the last administrator's membership with it: the
    member who joined first takes the role, so the company is never left without one.
    (The account pages refuse to remove the last administrator; this is for the rest.)"""
    if instance.role != Role.ADMIN:
        return
    people = Membership.objects.filter(company_id=instance.company_id)
    if not people.filter(role=Role.ADMIN).exists():
        first = people.order_by("joined_at", "pk").first()
        if first is not None:
            Membership.objects.filter(pk=first.pk).update(role=Role.ADMIN)
