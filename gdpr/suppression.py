"""The marketing suppression list: addresses that objected to direct marketing (GDPR
art. 21(3), absolute). Only a keyed hash of each address is kept, so the list survives
the person's erasure without naming them. Anything that sends news asks `is_suppressed`."""

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction

from gdpr.models import SuppressedAddress


def address_hash(email: str) -> str:
    """HMAC-SHA256 of the address as people type it in either case; the key is
    SUPPRESSION_LIST_KEY (docs/privacy.md: never rotate it, or the list forgets)."""
    normalised = email.strip().lower().encode()
    return hmac.new(settings.SUPPRESSION_LIST_KEY.encode(), normalised, hashlib.sha256).hexdigest()


def suppress(email: str) -> None:
    try:
        with transaction.atomic():
            SuppressedAddress.objects.create(address_hash=address_hash(email))
    except IntegrityError:
        pass  # on the list already


def is_suppressed(email: str) -> bool:
    return SuppressedAddress.objects.filter(address_hash=address_hash(email)).exists()
