"""Spam protection for the contact page with no third party: a honeypot field, a signed
time stamp (a person takes a few seconds to write, and does not post a form a day old),
and a limit per e-mail address and per network kept in Django's cache.

Every refusal is a `Refused` with a message for the person; nothing is stored and nothing
is mailed before all of them have passed.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from home.login_throttling import client_ip

HONEYPOT = "website"  # a field robots fill in and people never see
STARTED = "started"  # the signed time the form was shown
MAX_AGE = 24 * 60 * 60
HOUR = 60 * 60
PER_ADDRESS = 5  # accepted messages per e-mail address and hour
PER_NETWORK = 20  # per /24 IPv4 or /64 IPv6 network and hour

_signer = signing.Signer(salt="home.contact.started")


class Refused(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def min_seconds() -> float:
    """How long a person takes at least: settings can shorten it (a browser test)."""
    return getattr(settings, "CONTACT_FORM_MIN_SECONDS", 3)


def new_token() -> str:
    return _signer.sign(str(int(time.time())))


def token_age(token: str) -> float | None:
    """Seconds since the form was shown, or None for a token we did not sign."""
    try:
        started = int(_signer.unsign(token[:100]))
    except (signing.BadSignature, ValueError):
        return None
    return time.time() - started


def check_form(data) -> None:
    """The honeypot and the time stamp; raises `Refused`."""
    if data.get(HONEYPOT, ""):
        raise Refused(
            _(
                "Your message was not sent: the field “Leave this field empty” was filled in. "
                "Empty it and send the message again."
            )
        )
    age = token_age(data.get(STARTED, ""))
    if age is None:
        raise Refused(_("Your message was not sent: the form was not complete. Please send it again."))
    if age > MAX_AGE:
        raise Refused(
            _("Your message was not sent: the form was open for more than a day. Please send it again.")
        )
    if age < min_seconds():
        raise Refused(
            _(
                "Your message was not sent: it came faster than a person can write. "
                "Wait a few seconds and send it again."
            )
        )


def reusable_token(data) -> str:
    """The posted stamp if it may be posted again (only sent too early), else a new one."""
    token = data.get(STARTED, "")
    age = token_age(token)
    return token if age is not None and 0 <= age <= MAX_AGE else new_token()


def network(request) -> str:
    """The client's /24 (IPv4) or /64 (IPv6) network: one office, one home, one host."""
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return "unknown"
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def count_this_hour(key: str) -> int:
    """One more in this hour's window (which starts with the first); atomic on Redis."""
    cache.add(key, 0, timeout=HOUR)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=HOUR)
        return 1


def take_rate_limit(request, email: str) -> None:
    """Count one message from `email` and the client's network; raises `Refused` (429) past
    either limit. Addresses are counted by a keyed hash: the cache never holds one."""
    address = salted_hmac("home.contact.address", email.strip().lower()).hexdigest()
    sent_by_address = count_this_hour(f"contact:address:{address}")
    sent_from_network = count_this_hour(f"contact:network:{network(request)}")
    if sent_by_address > PER_ADDRESS:
        raise Refused(
            _(
                "Your message was not sent: we have received several messages from this e-mail "
                "address in the last hour. Please wait a while before you write again."
            ),
            status=429,
        )
    if sent_from_network > PER_NETWORK:
        raise Refused(
            _(
                "Your message was not sent: we have received many messages from your network in "
                "the last hour. Please wait a while before you write again."
            ),
            status=429,
        )
