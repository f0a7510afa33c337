"""The platform's Ed25519 signing key, the public keys verifiers may trust, and the URLs
that name the issuer, its keys and its status lists.

The private key never enters the database: it comes from the setting
CERTIFICATE_SIGNING_KEY (PEM text) or else from the file CERTIFICATE_SIGNING_KEY_FILE.
Each public key is recorded in SigningKey when it first signs, and stays trusted after
it is replaced, so that what it signed still verifies.
"""

import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from certificates.models import SigningKey
from certificates.signing import public_key_from_multibase, public_key_multibase

KEY_SETTINGS = ("CERTIFICATE_SIGNING_KEY", "CERTIFICATE_SIGNING_KEY_FILE")


@cache
def load_private_key() -> Ed25519PrivateKey:
    """Read once per process; `load_private_key.cache_clear()` forgets it (and changing
    either setting, as tests do, clears it too)."""
    text = getattr(settings, "CERTIFICATE_SIGNING_KEY", None)
    if text:
        # Hosting panels often keep a multi-line variable as one line with literal \n.
        if "\n" not in text:
            text = text.replace("\\n", "\n")
        return _parse_key(text.encode(), "CERTIFICATE_SIGNING_KEY")
    path = getattr(settings, "CERTIFICATE_SIGNING_KEY_FILE", None)
    if not path:
        raise ImproperlyConfigured(
            "No certificate signing key: set CERTIFICATE_SIGNING_KEY (PEM text) or "
            "CERTIFICATE_SIGNING_KEY_FILE (the path of a PEM file)."
        )
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(
            f"CERTIFICATE_SIGNING_KEY_FILE: cannot read {path} ({error.strerror})."
        ) from None
    return _parse_key(data, "CERTIFICATE_SIGNING_KEY_FILE")


def _parse_key(data: bytes, setting: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        # The error itself is not shown: it could quote part of the secret.
        raise ImproperlyConfigured(
            f"{setting} does not hold a PEM private key (PKCS#8, without a password)."
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{setting} holds a {type(key).__name__}, not an Ed25519 key.")
    return key


@receiver(setting_changed)
def _forget_key(setting, **kwargs):
    if setting in KEY_SETTINGS:
        load_private_key.cache_clear()


def generate_key_file(path: Path) -> Path:
    """A new key, readable by its owner only. An existing file is never replaced: it may
    be the key that signed every certificate so far."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return path


def current_signing_key() -> tuple[Ed25519PrivateKey, SigningKey]:
    """The key to sign with, and its row. When the configured key changes, the new key is
    recorded and the others are marked replaced (they stay trusted)."""
    private_key = load_private_key()
    multibase = public_key_multibase(private_key.public_key())
    key, created = SigningKey.objects.get_or_create(public_key_multibase=multibase)
    if key.withdrawn_at:
        raise ImproperlyConfigured(
            "The configured certificate signing key was withdrawn (it leaked): configure a new one."
        )
    if created or key.retired_at:
        with transaction.atomic():
            now = timezone.now()
            SigningKey.objects.filter(retired_at__isnull=True).exclude(pk=key.pk).update(retired_at=now)
            if key.retired_at:  # an earlier key brought back
                key.retired_at = None
                key.save(update_fields=["retired_at"])
    return private_key, key


def trusted_public_key(multibase: str | None) -> Ed25519PublicKey | None:
    """The key, if the platform has signed with it and not withdrawn it; None for any other."""
    known = SigningKey.objects.filter(public_key_multibase=multibase, withdrawn_at__isnull=True)
    if not multibase or not known.exists():
        return None
    try:
        return public_key_from_multibase(multibase)
    except ValueError:
        return None


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def issuer_id() -> str:
    return f"{_base_url()}/certificates/issuer"


def key_id(multibase: str) -> str:
    return f"{_base_url()}/certificates/keys/{multibase}"


def status_list_id(number: int) -> str:
    return f"{_base_url()}/certificates/status/{number}"


def multibase_from_key_id(url) -> str | None:
    prefix = key_id("")
    if not isinstance(url, str) or not url.startswith(prefix):
        return None
    multibase = url.removeprefix(prefix)
    if not multibase or any(character in multibase for character in "/?#"):
        return None
    return multibase
