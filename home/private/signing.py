"""Short-lived URLs for private files, signed for one person and one file or directory.

A URL reads `/private/<token>/<name>`. The token holds when it expires, whom it was made
for (a user id; 0 for anyone, as for a public trailer) and what it covers: the file
`name` itself, or a directory, the first n segments of `name`. A directory token lets a
video's HLS playlists point at their variant playlists and segments with relative
references, which resolve under the same token. An HMAC-SHA256 over all of it (and the
download name, when there is one) makes it unforgeable; checking it needs no database,
so nginx can be handed each segment after a few microseconds of Python
(docs/deployment.md).

    /private/m5x1c0.2a.d2.<43 characters>/videos/4f0c…/hls/720p/segment-003.ts
             expires user  covers "videos/4f0c…/"  HMAC
"""

import base64
import functools
import hashlib
import hmac
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import int_to_base36

SALT = "home.private.signing"
# Expiry is rounded up to this many seconds (at most a quarter of the lifetime): a page
# rendered twice in a while gives the same URLs, so the browser's cache serves their
# segments again.
ROUNDING = 600
# Numbers in base 36 without leading zeros: one URL per grant, and the token's own text
# is what is signed.
NUMBER = r"(0|[1-9a-z][0-9a-z]{0,12})"
TOKEN = re.compile(rf"{NUMBER}\.{NUMBER}\.(f|d[1-9])\.([A-Za-z0-9_-]{{43}})")

__all__ = ["BadSignature", "Grant", "SignatureExpired", "signed_url", "verify"]


@dataclass(frozen=True)
class Grant:
    """What a valid token says: who it was made for, what it covers, until when."""

    user_id: int
    covers: str  # the file's name, or a directory prefix ending in "/"
    expires: int  # Unix time
    filename: str | None  # the name a download is saved under


def is_safe_name(name: str) -> bool:
    """A relative storage name that cannot climb out of its directory: no absolute path,
    no "." or ".." segment, no empty segment, backslash or NUL."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    segments = name.split("/")
    return all(segment not in ("", ".", "..") for segment in segments)


@functools.lru_cache(maxsize=8)
def _key(secret) -> bytes:
    """The HMAC key for `secret`, derived as django.utils.crypto.salted_hmac derives it,
    once per secret instead of once per request."""
    return hashlib.sha256(force_bytes(SALT) + force_bytes(secret)).digest()


def _signature(expires: str, user_id: str, scope: str, covers: str, filename: str, secret) -> str:
    message = "\x00".join((expires, user_id, scope, covers, filename)).encode()
    digest = hmac.digest(_key(secret), message, "sha256")
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _user_id(user) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return int(user.pk)


def signed_url(name: str, user, *, directory: bool = False, ttl: int | None = None, filename=None) -> str:
    """A URL to the private file `name` for `user` (None or anonymous: anyone), valid for
    `ttl` seconds (settings.PRIVATE_URL_TTL by default).

    With `directory=True`, `name` is a directory ("videos/4f0c…/") and the URL ends with
    it: append any name inside it. `filename` makes the file a download saved under that
    name. Only call this after the access rules (courses.access) said yes.
    """
    name = name.rstrip("/") + "/" if directory else name
    if not is_safe_name(name.rstrip("/") if directory else name):
        raise ValueError(f"Not a storage name that can be signed: {name!r}")
    if filename is not None and ("\x00" in filename or not filename.strip()):
        raise ValueError("A download needs a file name without NUL characters.")
    ttl = settings.PRIVATE_URL_TTL if ttl is None else int(ttl)
    step = max(1, min(ROUNDING, ttl // 4))
    expires = -(-(int(time.time()) + ttl) // step) * step
    user_id = _user_id(user)
    scope = f"d{name.count('/')}" if directory else "f"
    expires, user_id = int_to_base36(expires), int_to_base36(user_id)
    signature = _signature(expires, user_id, scope, name, filename or "", settings.SECRET_KEY)
    token = f"{expires}.{user_id}.{scope}.{signature}"
    url = reverse("private-file", kwargs={"token": token, "name": name})
    return f"{url}?{urlencode({'filename': filename})}" if filename is not None else url


def verify(token: str, name: str, filename: str | None = None) -> Grant:
    """The grant in `token` for the file `name`, or BadSignature (forged, changed, or a
    file outside what it covers) or SignatureExpired (a real token, too old). No database."""
    match = TOKEN.fullmatch(token)
    if not match or not is_safe_name(name):
        raise BadSignature("Malformed token or name.")
    expires, user_id, scope, signature = match.groups()
    if scope == "f":
        covers = name
    else:
        segments = name.split("/")
        depth = int(scope[1:])
        if len(segments) <= depth:
            raise BadSignature("The name is not inside the signed directory.")
        covers = "/".join(segments[:depth]) + "/"
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(
        constant_time_compare(signature, _signature(expires, user_id, scope, covers, filename or "", secret))
        for secret in secrets
    ):
        raise BadSignature("Signature does not match.")
    if int(expires, 36) < time.time():
        raise SignatureExpired("The URL has expired.")
    return Grant(user_id=int(user_id, 36), covers=covers, expires=int(expires, 36), filename=filename)
