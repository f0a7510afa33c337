"""The page cache: whole public pages for visitors without a session, rendered once and
served from Redis until what they show changes.

Which pages. Wagtail's pages (home, catalogue with its filters, course pages, news,
policies) and the views marked `@public_page` (certificate verification). Not search:
every query would be an entry of its own, and a search that finds nothing is counted.

Which visitors. A GET from someone who holds no session, basket or messages cookie:
nobody signed in, nothing in a basket, no message waiting. Everyone else gets pages
rendered for them: what they see (their name, their basket, their progress) is theirs,
and a whole page kept for one person could show their part to another. Those pages take
the parts everyone shares from the cache instead (home/caching.py: the route, a course's
outline and facts, the catalogue's courses and cards, the menus), and read only their own.

Where it answers. Before the session, locale, CSRF and authentication middleware: a
visitor without cookies of state needs none of them, and a hit costs one Redis round
trip and no query. The URL is resolved first, so that only cacheable views touch the
cache.

The key. Host, path, query string (as parsed, in one order), language and the consent choice a signed cookie
states (its version and categories), or "none" while the banner asks. Never the consent
id, which appears only on the cookie settings page, not cached. Each entry holds the
versions it was rendered under (home/caching.py), fetched with it in one MGET; an edit
bumps one and the entry is a miss: publishing, unpublishing, moving a page, subjects,
instructors, images, site settings, cookie declarations (site structure); products,
prices and stock (prices); certificates (their verification page); a video's processing
(videos: lengths and trailers). Whether the
visitor's choice was in force against the declarations of the time is stored too, so a
hit needs no lookup of them.

What is never stored. A page with a cookie set, a message queued, the session written,
or a CSRF token taken by code outside the templates; anything but a 200; a query string
the page did not say it read as given (`query_understood`: the catalogue's filters and
page, the news page's page), so that made-up query strings cannot fill the cache. Forms take
their token from the `csrf_token` of the template context, which this module's context
processor replaces by a placeholder while a cacheable page renders; each visitor's own
token is put in its place on every answer, from the cache or not, and the CSRF
middleware sets their cookie to match.

Statistics. A course page counts its views here (gdpr/statistics.py), on a hit as on a
miss, with the page id stored beside the page; the `cc_stats` cookie is not in the key.

Headers. A page that carries a visitor's token or cookie, or whose views are counted for
them, is `private`; one that carries nothing of the visitor is `public` with a short
`s-maxage`, and `Vary: Cookie`, so that nginx's micro-cache (docs/deployment.md) may
keep it.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language_from_path

from wagtail.views import serve as wagtail_serve

from gdpr import cookies
from home.caching import CERTIFICATES, PRICES, STRUCTURE, VIDEOS, version, version_key

# Put in place of the CSRF token while a page renders for the cache. Letters and digits
# only, so that escaping leaves it as it is.
PLACEHOLDER = "pagecacheCsrfTokenPlaceholder7f3a9c"
_PLACEHOLDER_BYTES = PLACEHOLDER.encode()
# Cookies that mean a visitor has state of their own: a session (a login, a password
# page's access, a checkout), a message waiting, a basket.
STATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages", settings.OSCAR_BASKET_COOKIE_OPEN)
# Every version a page may depend on, fetched with the page in one round trip.
ALL_VERSIONS = (STRUCTURE, PRICES, CERTIFICATES, VIDEOS)
# Headers set again on every answer, by this module or the middleware around it.
_NOT_STORED = {"set-cookie", "vary", "cache-control", "content-length"}


def public_page(versions: tuple[str, ...] = (), timeout: int | None = None):
    """Mark a view whose GET answers may be cached for visitors without a session, and
    name the extra versions (home/caching.py) whose bump must drop them."""

    def mark(view):
        view.page_cache = PageCachePolicy(versions=(STRUCTURE, PRICES, *versions), timeout=timeout)
        return view

    return mark


@dataclass(frozen=True)
class PageCachePolicy:
    versions: tuple[str, ...] = (STRUCTURE, PRICES)
    timeout: int | None = None


# A course page shows its lessons' lengths and its trailer once processed.
WAGTAIL_PAGES = PageCachePolicy(versions=(STRUCTURE, PRICES, VIDEOS))


@dataclass
class Entry:
    content: bytes
    headers: dict[str, str]
    versions: dict[str, int]  # what the page was rendered under: a bump makes it a miss
    consent_in_force: bool  # the visitor's consent was in force for the page (not asked again)
    page_id: int | None = None  # the course page to count a view of, if any

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers.items():
            response[name] = value
        return response


def csrf_placeholder(request):
    """Context processor: the placeholder as `csrf_token` while a page renders for the cache.
    After Django's own csrf processor, so that it wins."""
    return {"csrf_token": PLACEHOLDER} if getattr(request, "page_cache_policy", None) else {}


def query_understood(request, **used) -> None:
    """Said by a cached page that reads its query string, with the value it used of each
    parameter it reads (`page=2`, `subject="ledarskap"`; None for a value it ignored). The
    page is stored only if the query string holds those parameters alone, each once and
    as used: otherwise anyone could fill the cache with `?x=1`, `?x=2`, `?page=99999`…
    A page with a query string that says nothing is rendered for each visitor."""
    given = request.GET
    request.page_cache_query_understood = set(given) <= set(used) and all(
        len(given.getlist(name)) == 1 and used[name] is not None and given[name] == str(used[name])
        for name in given
    )


def policy_for(view_func) -> PageCachePolicy | None:
    if view_func is wagtail_serve:
        return WAGTAIL_PAGES
    return getattr(view_func, "page_cache", None)


def cacheable_view(request) -> PageCachePolicy | None:
    """The policy of the view the path leads to, if it is cached: a health check or a file
    never touches the cache. Resolved here, before Django's handler resolves it again."""
    path = request.path_info
    return _policy_for_path(path) if len(path) <= _REMEMBERED_PATH_LENGTH else _resolve_policy(path)


# Per process: the URL patterns do not change while it runs, and resolving one of the
# i18n patterns in front of Wagtail's catch-all took a quarter of a cache hit. Bounded:
# made-up paths only push older ones out, and a long one is not kept at all.
_REMEMBERED_PATH_LENGTH = 400


@functools.lru_cache(maxsize=4096)
def _policy_for_path(path_info: str) -> PageCachePolicy | None:
    return _resolve_policy(path_info)


def _resolve_policy(path_info: str) -> PageCachePolicy | None:
    # In the path's language, as the locale middleware will: i18n_patterns match only the
    # prefix of the language active.
    try:
        with translation.override(get_language_from_path(path_info)):
            match = resolve(path_info)
    except Resolver404:
        return None
    return policy_for(match.func)


@receiver(setting_changed)
def _settings_changed(**kwargs):
    _policy_for_path.cache_clear()  # tests that change the URLs or the languages


def may_use_cache(request) -> bool:
    return (
        request.method == "GET"
        # An empty value is a cookie being deleted, as a browser may still send it once.
        and not any(request.COOKIES.get(name) for name in STATE_COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def consent_part(claim) -> str:
    """The choice a signed consent cookie states, without its id: the pages for it are the
    same for everyone who made it (whether it is still in force is part of the entry)."""
    if claim is None:
        return "?"
    return f"{claim.version}:{','.join(sorted(claim.allowed))}"


def cache_key(request, claim) -> str:
    parts = (
        request.scheme,
        request.get_host(),
        request.path,
        # As parsed, in one order: `?b=2&a=1`, `?a=1&b=2` and `?a=%31&b=2` are one page.
        urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values)),
        get_language_from_path(request.path_info) or "",
        consent_part(claim),
    )
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{digest}"


_CSRF_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# The largest multiple of the alphabet's size a byte holds: bytes from it up are drawn
# again, so that every character is equally likely.
_UNBIASED_BYTES = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def _random_chars(length: int) -> str:
    chars = []
    while len(chars) < length:
        chars.extend(
            CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]
            for byte in os.urandom(2 * length)
            if byte < _UNBIASED_BYTES
        )
    return "".join(chars[:length])


def visitor_token(request) -> str:
    """Django's `get_token()`: the visitor's secret (a new one if their cookie holds none)
    masked anew, and the cookie marked to be set. The same format and masking, with the
    randomness drawn from two system calls where Django makes one per character, 64 for a
    first visitor: a quarter of a cache hit's time."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _random_chars(CSRF_SECRET_LENGTH)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CSRF_CHAR_INDEX[x] + _CSRF_CHAR_INDEX[y]) % size]
        for x, y in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _csrf() -> CsrfViewMiddleware:
    return CsrfViewMiddleware(lambda request: None)


class PageCacheMiddleware:
    """Early in the chain, after the security, CSP and consent middleware: a hit is
    answered before the session, CSRF, locale and authentication middleware run, since a
    visitor without cookies of state needs none of them; the CSRF cookie is handled here
    with Django's own middleware. A miss goes on as usual; once the URL names a cacheable
    view (`process_view`), the page renders with the placeholder and is stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request) or cacheable_view(request) is None:
            response = self.get_response(request)
            self._count(request, response)
            return response
        claim = cookies.claimed(request.COOKIES.get(cookies.CONSENT_COOKIE))
        request.page_cache_key = key = cache_key(request, claim)
        found = cache.get_many([key, *(version_key(name) for name in ALL_VERSIONS)])
        entry = found.get(key)
        if entry is not None and all(found.get(version_key(n)) == v for n, v in entry.versions.items()):
            return self._hit(request, entry, claim)
        request.page_cache_found_versions = {name: found.get(version_key(name)) for name in ALL_VERSIONS}
        response = self.get_response(request)
        policy = getattr(request, "page_cache_policy", None)
        if policy is not None and self._storable(request, response):
            cache.set(
                key,
                Entry(
                    content=response.content,
                    headers={k: v for k, v in response.items() if k.lower() not in _NOT_STORED},
                    versions=request.page_cache_versions,
                    consent_in_force=request.consent.decided,
                    page_id=getattr(request, "page_viewed", None),
                ),
                timeout=policy.timeout or settings.PAGE_CACHE_TIMEOUT,
            )
        if policy is not None:
            self._fill_in_visitor(request, response)
        self._count(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        policy = policy_for(view_func)
        if policy is None or getattr(request, "page_cache_key", None) is None:
            return None
        request.page_cache_policy = policy
        # As read before the page renders (a bump while it renders leaves the entry stale),
        # in the lookup's MGET; a version not set yet is set now.
        found = request.page_cache_found_versions
        request.page_cache_versions = {name: found[name] or version(name) for name in policy.versions}
        request.page_cache_token_taken = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        return None

    def _hit(self, request, entry: Entry, claim) -> HttpResponse:
        # The consent the page was rendered for, without looking the declarations up: the
        # claim is in force if it was when the page was rendered (the key holds its version).
        request.consent = (
            cookies.in_force(claim, claim.version) if entry.consent_in_force else cookies.in_force(claim, "")
        )
        request.page_viewed = entry.page_id
        _csrf().process_request(request)  # the visitor's CSRF cookie, if valid
        response = entry.response()
        self._fill_in_visitor(request, response)
        self._count(request, response)
        return response

    @staticmethod
    def _count(request, response) -> None:
        page_id = getattr(request, "page_viewed", None)
        if page_id is not None:
            from gdpr.statistics import count_course_page_view

            count_course_page_view(request, response, page_id)

    @staticmethod
    def _storable(request, response) -> bool:
        messages = getattr(request, "_messages", None)
        session = getattr(request, "session", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # Varies on nothing but the cookies the key reads or the state cookies rule out.
            and set(cc_delim_re.split(response.get("Vary", ""))) <= {"", "Cookie"}
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and not (messages is not None and getattr(messages, "_queued_messages", None))
            and not (session is not None and session.modified)
            # A query string only as the page read it (query_understood).
            and (
                not request.META.get("QUERY_STRING")
                or (request.GET and getattr(request, "page_cache_query_understood", False))
            )
            # Code outside the templates took a real token: it may be in the page.
            and not (request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not request.page_cache_token_taken)
        )

    @staticmethod
    def _counts_views(request) -> bool:
        """A course page whose views are counted for this visitor: nginx must not answer
        their next view alone."""
        from gdpr.statistics import CATEGORY

        return getattr(request, "page_viewed", None) is not None and request.consent.allows(CATEGORY)

    @classmethod
    def _fill_in_visitor(cls, request, response) -> None:
        """The visitor's own CSRF token where the placeholder stands (and their cookie to
        match), and the headers that say whether a shared cache may keep the answer."""
        personal = False
        if not response.streaming and _PLACEHOLDER_BYTES in response.content:
            response.content = response.content.replace(_PLACEHOLDER_BYTES, visitor_token(request).encode())
            _csrf().process_response(request, response)  # sets the cookie the token needs
            personal = True
        if response.status_code != 200:
            return
        response["Content-Length"] = str(len(response.content))
        patch_vary_headers(response, ("Cookie",))
        if personal or response.cookies or cls._counts_views(request):
            patch_cache_control(response, private=True, max_age=0)
        else:
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE)
