"""A subscription ends whenever its address goes on the suppression list, however it got
there: the privacy centre's objection, staff carrying out one that came by mail, or an
objector's new address. An objector's subscriptions on their account end with it."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from gdpr.suppression import address_suppressed


@receiver(address_suppressed, dispatch_uid="news-end-suppressed-subscription")
def end_subscription_of_a_suppressed_address(sender, address_hash, **kwargs):
    from home.models import NewsSubscription
    from home.newsletter.subscriptions import end_subscriptions

    # Only a confirmed one: a pending sign-up is how a suppressed address comes back (its
    # confirmation lifts the suppression), and an objector's every login suppresses again.
    end_subscriptions(
        NewsSubscription.objects.filter(address_hash=address_hash, status=NewsSubscription.Status.CONFIRMED)
    )


@receiver(post_save, sender="gdpr.Objection", dispatch_uid="news-end-objector-subscriptions")
def end_subscriptions_of_an_objector(sender, instance, created, raw=False, **kwargs):
    from gdpr.models import Objection
    from gdpr.suppression import suppress
    from home.models import NewsSubscription

    if not created or raw or instance.kind != Objection.Kind.DIRECT_MARKETING:
        return
    confirmed = NewsSubscription.objects.filter(
        user_id=instance.user_id, status=NewsSubscription.Status.CONFIRMED
    )
    for email in confirmed.values_list("email", flat=True):
        suppress(email)
