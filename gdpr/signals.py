"""Receivers: every new account starts a customer relationship; publishing a policy page
stamps it with the registry's fingerprint (the admin warns when they drift apart)."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="gdpr-start-relationship")
def start_relationship_for_new_account(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from gdpr.models import CustomerRelationship

        # A new account has none yet: one INSERT, not start_relationship()'s look-up.
        CustomerRelationship.objects.create(user=instance)


@receiver(page_published, dispatch_uid="gdpr-stamp-policy")
def stamp_policy(sender, instance, **kwargs):
    from gdpr.policy import stamp_if_showing_registry

    stamp_if_showing_registry(instance)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="gdpr-suppress-new-address")
def suppress_new_address_of_an_objector(sender, instance, created, raw=False, **kwargs):
    """An objection to direct marketing follows the person to a new address."""
    if created or raw or not instance.email or instance.email.endswith("@erased.invalid"):
        return
    from gdpr.models import Objection
    from gdpr.suppression import suppress

    if Objection.objects.filter(user=instance, kind=Objection.Kind.DIRECT_MARKETING).exists():
        suppress(instance.email)


@receiver(post_delete, sender="gdpr.DataExport", dispatch_uid="gdpr-delete-export-file")
def delete_export_file(sender, instance, **kwargs):
    """A copy of someone's data never outlives its row (an account deleted outright)."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
