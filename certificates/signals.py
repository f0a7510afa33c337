"""A completed course issues its certificate: from the completion, never from a page view.
An account deleted outright (not erased through the registry) leaves its certificates
anonymised, never with the name."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from courses.signals import course_completed


@receiver(course_completed)
def issue_on_completion(sender, completion, **kwargs):
    from .tasks import issue_certificate

    # robust: whatever becomes of the certificate, the learner's own request succeeds.
    transaction.on_commit(lambda: issue_certificate.delay(completion.pk), robust=True)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def anonymise_certificates_of_a_deleted_account(sender, instance, **kwargs):
    from gdpr.registry import registry

    from .models import Certificate

    registry.declarations["certificates.Certificate"].erasure.apply(Certificate.objects.filter(user=instance))
