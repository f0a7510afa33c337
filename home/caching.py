"""Caching what changes only when editors publish: menus, filter options, search hits
and whole pages (home/page_cache.py).

Every cached value's key carries one or more named versions, and whatever changes what
the value shows bumps them, so nothing stale outlives an edit:
- "site-structure": any publish, unpublish, move or delete of a page, and the subjects,
  instructors, images, site settings and cookie declarations (home/signals.py);
- "prices": products, product classes and stock records (courses/signals.py);
- "certificates": issuing, revoking or anonymising one (certificates/signals.py);
- "videos": a lesson video or trailer saved (its processing state, length) or deleted
  (home/signals.py): course pages show the lengths and the trailer.
"""

import time

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 60 * 60
STRUCTURE = "site-structure"
PRICES = "prices"
CERTIFICATES = "certificates"
VIDEOS = "videos"


def version_key(name: str) -> str:
    return f"{name}:version"


def version(name: str = STRUCTURE) -> int:
    key = version_key(name)
    current = cache.get(key)
    if current is None:
        # A fresh start never reuses a number: an evicted version key must not bring
        # back entries cached under an old one.
        cache.add(key, time.time_ns(), timeout=None)
        current = cache.get(key)
    return current


def _bump(name: str) -> None:
    try:
        cache.incr(version_key(name))
    except ValueError:  # evicted
        cache.set(version_key(name), time.time_ns(), timeout=None)


def changed(name: str) -> None:
    """Invalidate now, for the rest of this transaction, and again once it commits: a
    request that rebuilt an entry from the old rows in between must not keep it."""
    _bump(name)
    transaction.on_commit(lambda: _bump(name))


def structure_version() -> int:
    return version(STRUCTURE)


def structure_changed(**kwargs) -> None:
    """A signal receiver: what menus, filters and pages show has changed."""
    changed(STRUCTURE)


def restricted_sections() -> list[str]:
    """The tree paths of the pages with a view restriction, which also covers their
    descendants. A restriction's change is a change of the structure (home/signals.py)."""
    from wagtail.models import PageViewRestriction

    def build():
        return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())

    return cached("restricted-sections", build)


def public(pages):
    """`pages.public()`, Wagtail's filter of the pages behind a view restriction, with the
    restricted sections read from the cache: Wagtail reads every restriction each time."""
    from django.db.models import Q

    sections = Q()
    for path in restricted_sections():
        sections |= Q(path__startswith=path)
    return pages.exclude(sections) if sections else pages


class CachedViewRestrictions:
    """For page models: Wagtail reads the restrictions of a page and its ancestors (two
    queries) before serving it. Where no page has a view restriction at all, there is
    nothing to read; otherwise Wagtail's own look-up decides, aliases included."""

    def get_view_restrictions(self):
        if not restricted_sections():
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def versions(names: tuple[str, ...]) -> tuple[int, ...]:
    """The current numbers of the versions `names`, in one round trip when all are set."""
    found = cache.get_many([version_key(name) for name in names])
    return tuple(found.get(version_key(name)) or version(name) for name in names)


def cached(name: str, build, *parts, depends_on: tuple[str, ...] = (STRUCTURE,)):
    """`build()`, cached under `name` and `parts` until one of the versions it depends on
    (the site's structure, unless told) changes."""
    key = ":".join(str(part) for part in (name, *versions(depends_on), *parts))
    return cache.get_or_set(key, build, timeout=TIMEOUT)


def cached_each(name: str, build, ids, depends_on: tuple[str, ...] = (STRUCTURE,)) -> dict:
    """`build(missing_ids)` → {id: value}, for the `ids` not cached yet, and the cached
    values of the others: each under `name` and its id until a version it depends on
    changes. One round trip to read them all, one to store what was built."""
    if not ids:
        return {}
    prefix = ":".join(str(part) for part in (name, *versions(depends_on)))
    keys = {f"{prefix}:{id_}": id_ for id_ in ids}
    found = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = [id_ for id_ in keys.values() if id_ not in found]
    if missing:
        built = build(missing)
        cache.set_many({f"{prefix}:{id_}": value for id_, value in built.items()}, timeout=TIMEOUT)
        found.update(built)
    return found
