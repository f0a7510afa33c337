"""Receivers: every new account starts a customer relationship; publishing a policy page
stamps it with the registry's fingerprint (the admin warns when they drift apart)."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="gdpr-start-relationship")
def start_relationship_for_new_account(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from gdpr.relationships import start_relationship

        start_relationship(instance)


@receiver(page_published, dispatch_uid="gdpr-stamp-policy")
def stamp_policy(sender, instance, **kwargs):
    from gdpr.policy import stamp_if_showing_registry

    stamp_if_showing_registry(instance)
