from django.dispatch import receiver

from wagtail.signals import page_published

from home.models import PolicyPage
from home.policies import record_policy_version


@receiver(page_published, sender=PolicyPage)
def policy_published(sender, instance, **kwargs):
    record_policy_version(instance)
