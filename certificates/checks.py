"""`check --deploy` insists on a signing key: without one, no certificate can be issued."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security, deploy=True)
def check_signing_key(app_configs=None, **kwargs):
    from certificates.keys import load_private_key

    try:
        load_private_key()
    except ImproperlyConfigured as exc:
        return [
            checks.Error(
                str(exc),
                hint="Set CERTIFICATE_SIGNING_KEY or CERTIFICATE_SIGNING_KEY_FILE (docs/certificates.md).",
                id="certificates.E001",
            )
        ]
    return []
