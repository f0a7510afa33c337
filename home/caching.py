"""Caching what changes only when editors publish: menus and filter options.

Every cached value's key carries a version that any publish, unpublish, move or
delete of a page (or a change to a subject) bumps, so nothing stale outlives an edit.
"""

from django.core.cache import cache

VERSION_KEY = "site-structure:version"
TIMEOUT = 60 * 60


def structure_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def structure_changed(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 2, timeout=None)


def cached(name: str, build, *parts):
    """`build()`, cached under `name` and `parts` until the site's structure changes."""
    key = ":".join(str(part) for part in (name, structure_version(), *parts))
    return cache.get_or_set(key, build, timeout=TIMEOUT)
