"""Withdraw a signing key that leaked: nothing it signed is trusted from now on, and the
valid certificates it signed are signed again with the key configured now."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from certificates import keys
from certificates.credentials import sign_certificate
from certificates.models import Certificate, SigningKey


class Command(BaseCommand):
    help = "Withdraw a leaked signing key and sign its valid certificates again with the current key."

    def add_arguments(self, parser):
        parser.add_argument("multibase", help="the public key, as in /certificates/keys/<multibase>")

    def handle(self, multibase, **options):
        key = SigningKey.objects.filter(public_key_multibase=multibase).first()
        if key is None:
            raise CommandError(f"No signing key {multibase} is on record.")
        _private, current = keys.current_signing_key()
        if current.pk == key.pk:
            raise CommandError(
                "This is the key configured now: configure a new key first (docs/certificates.md), "
                "then withdraw this one."
            )
        signed_with_it = Certificate.objects.filter(
            revoked_at__isnull=True, credential__proof__verificationMethod=keys.key_id(multibase)
        )
        with transaction.atomic():
            SigningKey.objects.filter(pk=key.pk).update(withdrawn_at=timezone.now())
            certificates = list(signed_with_it.select_for_update())
            Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(credential=None)
            for certificate in certificates:
                certificate.credential = None
                sign_certificate(certificate)
        self.stdout.write(
            f"Withdrew {multibase}; signed {len(certificates)} certificate(s) again with "
            f"{current.public_key_multibase}. Their holders should download the credential again."
        )
