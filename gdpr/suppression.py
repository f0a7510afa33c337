"""The marketing suppression list: addresses that objected to direct marketing (GDPR
art. 21(3), absolute). Only a keyed hash of each address is kept, so the list survives
the person's erasure without naming them. Anything that sends news asks `is_suppressed`."""

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import Signal

from gdpr.models import Objection, SuppressedAddress

# Sent with `address_hash` each time an address is put on the list (again): whatever holds
# the address for marketing lets it go (home/newsletter/receivers.py ends its subscription).
address_suppressed = Signal()


def address_hash(email: str) -> str:
    """HMAC-SHA256 of the address as people type it in either case; the key is
    SUPPRESSION_LIST_KEY (docs/privacy.md: never rotate it, or the list forgets)."""
    normalised = email.strip().lower().encode()
    return hmac.new(settings.SUPPRESSION_LIST_KEY.encode(), normalised, hashlib.sha256).hexdigest()


def suppress(email: str) -> None:
    hashed = address_hash(email)
    try:
        with transaction.atomic():
            SuppressedAddress.objects.create(address_hash=hashed)
    except IntegrityError:
        pass  # on the list already
    address_suppressed.send(sender=SuppressedAddress, address_hash=hashed)


def lift(email: str) -> bool:
    """Take `email` off the list; True if it was on it.

    Only a fresh consent that the address's owner confirmed from the address itself may
    call this (a news sign-up's double opt-in, home/newsletter/subscriptions.py). The
    objection to direct marketing of an account at that address is withdrawn with it:
    otherwise the account's next save would put the address straight back
    (`gdpr.signals.suppress_new_address_of_an_objector`). Other addresses an objector
    had stay on the list."""
    deleted, _rows = SuppressedAddress.objects.filter(address_hash=address_hash(email)).delete()
    Objection.objects.filter(kind=Objection.Kind.DIRECT_MARKETING, user__email__iexact=email.strip()).delete()
    return bool(deleted)


def is_suppressed(email: str) -> bool:
    return SuppressedAddress.objects.filter(address_hash=address_hash(email)).exists()
