"""Caching what changes only when editors publish: menus and filter options.

Every cached value's key carries a version that any publish, unpublish, move or
delete of a page (or a change to a subject) bumps, so nothing stale outlives an edit.
"""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "site-structure:version"
TIMEOUT = 60 * 60


def structure_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start never reuses a number: an evicted version key must not bring
        # back entries cached under an old one.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def structure_changed(**kwargs) -> None:
    """Invalidate now, for the rest of this transaction, and again once it commits: a
    request that rebuilt an entry from the old rows in between must not keep it."""
    _bump()
    transaction.on_commit(_bump)


def cached(name: str, build, *parts):
    """`build()`, cached under `name` and `parts` until the site's structure changes."""
    key = ":".join(str(part) for part in (name, structure_version(), *parts))
    return cache.get_or_set(key, build, timeout=TIMEOUT)
