"""Wagtail's routing in one query for a page found before.

Wagtail finds a page one tree level at a time: each level reads the child by its slug,
then its specific row, so a lesson five levels down takes ten queries before it does
anything. Where a path led is cached here, under the site's structure (any publish,
unpublish, move or slug change bumps it: home/caching.py), and a page found again is
read in one query.

Only what Wagtail's own walk found is kept, and only a page itself (not a routable
page's sub-route, which carries a view): a path that leads nowhere is never stored, so
made-up paths cannot fill the cache.
"""

import hashlib

from django.apps import apps
from django.core.cache import cache

from wagtail.url_routing import RouteResult

from home.caching import STRUCTURE, TIMEOUT, versions


def _key(root, path_components) -> str:
    # Hashed: a deep path of long slugs would pass the key length caches allow.
    path = hashlib.sha256("/".join(path_components).encode()).hexdigest()
    return ":".join(["route", str(versions((STRUCTURE,))[0]), str(root.pk), path])


def route_below(root, request, path_components, walk) -> RouteResult:
    """The page `path_components` lead to below `root` (a site's root page), as `walk`,
    Wagtail's route(), finds it."""
    if not path_components:
        return walk(request, path_components)
    key = _key(root, path_components)
    found = cache.get(key)
    if found is not None:
        page_id, label = found
        try:
            model = apps.get_model(label)
        except LookupError:  # a page type removed since (a deployment): walk again
            model = None
        page = model.objects.filter(pk=page_id, live=True).first() if model else None
        if page is not None:
            return RouteResult(page)
    result = walk(request, path_components)
    page, args, kwargs = result
    if not args and not kwargs:
        cache.set(key, (page.pk, page._meta.label), timeout=TIMEOUT)
    return result
