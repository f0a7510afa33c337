"""Cookie consent: which cookies and browser-storage keys a visitor allows, decided in one place.

The visitor's choice travels in one signed cookie (`CONSENT_COOKIE`): a random consent id,
the version it was given against and the categories allowed. `CookieConsentMiddleware`
reads it on every request without a query, so every view and template asks
`request.consent.allows("statistics")` or uses `{% consent "statistics" %}`; on the way
out it drops any cookie of a category the visitor has not allowed, and deletes those the
browser still holds.

Silence is never consent: without a valid cookie, or with one given against an older
version, only necessary cookies are set and the banner asks. The version changes when
the cookie policy gets a new version, when the banner's text changes (`BANNER_VERSION`)
or when a cookie is declared in a category (`declarations_version`). A consent lasts
`CONSENT_MAX_AGE` (12 months); a cookie that is forged, oversized, malformed or older
than that counts as no choice. Each choice is also stored as a `CookieConsent`, the proof
(GDPR art. 7(1)); it names no one.
"""

from __future__ import annotations

import fnmatch
import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

CONSENT_COOKIE = "cookie_consent"
CONSENT_MAX_AGE = timedelta(days=365)
# The longest value we ever write is about 150 characters; anything longer is not ours.
MAX_COOKIE_LENGTH = 300
# Bump when the banner's wording changes in a way people consented to (what it says
# about purposes or withdrawal): everyone is asked again.
BANNER_VERSION = "2026-11"
_SALT = "gdpr.cookie-consent"
_FORMAT = "1"

NECESSARY = "necessary"
# Cookies without which the site does not work, set by Django, Oscar and this module: the
# seed declares them necessary (gdpr/cookie_seed.py), and no choice can refuse them.
ALWAYS_NECESSARY = frozenset(
    {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages", "oscar_open_basket", CONSENT_COOKIE}
)
# The order categories are shown in.
CATEGORY_ORDER = ("necessary", "preferences", "statistics", "marketing")


@dataclass(frozen=True)
class Consent:
    """What one visitor allowed. `decided` is False until a choice is made against the
    current version."""

    consent_id: str = ""
    allowed: frozenset[str] = frozenset()
    decided: bool = False
    version: str = ""

    def allows(self, category: str) -> bool:
        return category == NECESSARY or (self.decided and category in self.allowed)

    @property
    def display_id(self) -> str:
        """The consent id as its record in the admin shows it."""
        return str(uuid.UUID(hex=self.consent_id)) if self.consent_id else ""


NO_CONSENT = Consent()


# --- What the site declares (cached until an editor changes it) ---


@dataclass(frozen=True)
class DeclaredCookie:
    name: str
    storage: str
    purpose: str
    lifetime: str
    first_party: bool

    def matches(self, name: str) -> bool:
        return fnmatch.fnmatchcase(name, self.name) if self.name.endswith("*") else name == self.name


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    description: str
    cookies: tuple[DeclaredCookie, ...] = field(default=())

    @property
    def required(self) -> bool:
        return self.key == NECESSARY


@dataclass(frozen=True)
class Declarations:
    """The categories as shown in one language, and the version consent is given against."""

    categories: tuple[Category, ...]
    version: str
    cookie_policy_version: str

    @property
    def optional(self) -> tuple[Category, ...]:
        """The categories a visitor chooses: those that are not necessary and cover something."""
        return tuple(c for c in self.categories if not c.required and c.cookies)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(c.key for c in self.optional)

    def category_of(self, name: str, storage: str = "cookie") -> str | None:
        for category in self.categories:
            for cookie in category.cookies:
                if cookie.storage == storage and cookie.matches(name):
                    return category.key
        return None


def declarations(language: str | None = None) -> Declarations:
    from home.caching import cached

    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return cached("cookie-declarations", lambda: _build_declarations(language), language)


def declarations_for(request) -> Declarations:
    """`declarations()`, looked up once per request (the middleware, the banner and the
    storage list all ask)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    memo = request.__dict__.setdefault("_cookie_declarations", {})
    if language not in memo:
        memo[language] = declarations(language)
    return memo[language]


def _build_declarations(language: str) -> Declarations:
    from wagtail.models import Locale

    from gdpr.models import CookieCategory

    rows = list(CookieCategory.objects.select_related("locale").prefetch_related("cookies"))
    # The version covers every language's declarations, so a cookie added in one asks
    # again, and its translation, later, does not.
    fingerprint = sorted(
        {(row.key, cookie.storage, cookie.name) for row in rows for cookie in row.cookies.all()}
    )
    policy_version = _cookie_policy_version()
    digest = hashlib.sha256(repr((fingerprint, policy_version, BANNER_VERSION)).encode()).hexdigest()[:12]

    # Each category and cookie in this language, or in the default language until it is
    # translated: a cookie declared in one language is listed in every one at once.
    default = Locale.get_default().language_code if rows else language

    def preferred(candidates):
        return min(candidates, key=lambda r: (r.locale_code != language, r.locale_code != default))

    by_key: dict[str, list] = {}
    cookies_by_key: dict[str, dict] = {}
    for row in rows:
        row.locale_code = row.locale.language_code
        by_key.setdefault(row.key, []).append(row)
        for cookie in row.cookies.all():
            cookie.locale_code = row.locale_code
            cookies_by_key.setdefault(row.key, {}).setdefault(cookie.translation_key, []).append(cookie)
    categories = []
    for key in sorted(by_key, key=CATEGORY_ORDER.index):
        row = preferred(by_key[key])
        chosen = sorted(
            (preferred(versions) for versions in cookies_by_key.get(key, {}).values()),
            key=lambda c: (c.sort_order is None, c.sort_order or 0, c.name),
        )
        categories.append(
            Category(
                key=key,
                name=row.name,
                description=row.description,
                cookies=tuple(
                    DeclaredCookie(c.name, c.storage, c.purpose, c.lifetime, c.first_party) for c in chosen
                ),
            )
        )
    return Declarations(categories=tuple(categories), version=digest, cookie_policy_version=policy_version)


def _cookie_policy_version() -> str:
    """The version of the cookie policy in force: the page's own field, the same in every
    language (a synchronised field), so a translation republished later never turns it back."""
    from wagtail.models import Site

    from home.models import CompanySettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    page = CompanySettings.for_site(site).cookie_policy_page
    return page.version if page is not None and page.live else ""


# --- The consent cookie ---


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SALT)


def encode(consent: Consent) -> str:
    payload = "|".join((_FORMAT, consent.consent_id, consent.version, ",".join(sorted(consent.allowed))))
    return _signer().sign(payload)


def claimed(value: str | None) -> Consent | None:
    """What a cookie value says, signature checked, before its version is compared with
    the current one (`decided` stays False): None for anything that is not a choice we
    signed within the last 12 months. Costs no lookup."""
    if not value or len(value) > MAX_COOKIE_LENGTH:
        return None
    try:
        payload = _signer().unsign(value, max_age=CONSENT_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    parts = payload.split("|")
    if len(parts) != 4 or parts[0] != _FORMAT:
        return None
    _format, consent_id, version, allowed = parts
    try:
        consent_id = uuid.UUID(hex=consent_id).hex
    except ValueError:
        return None
    return Consent(
        consent_id=consent_id,
        allowed=frozenset(allowed.split(",")) if allowed else frozenset(),
        version=version,
    )


def in_force(claim: Consent | None, current_version: str, keys: frozenset[str] | None = None) -> Consent:
    """The consent a claim gives when `current_version` is in force."""
    if claim is None:
        return NO_CONSENT
    if claim.version != current_version:
        # Given against other cookies or another policy: asked again, and until then none.
        return Consent(consent_id=claim.consent_id)
    allowed = claim.allowed & keys if keys is not None else claim.allowed
    return Consent(consent_id=claim.consent_id, allowed=allowed, decided=True, version=claim.version)


def decode(value: str | None, current: Declarations) -> Consent:
    """The consent a cookie value carries, or NO_CONSENT for anything that is not a valid
    choice we made against the current version within the last 12 months."""
    return in_force(claimed(value), current.version, current.keys)


def read(request) -> Consent:
    return decode(request.COOKIES.get(CONSENT_COOKIE), declarations_for(request))


def record(request, action: str, allowed) -> Consent:
    """Store the choice as proof and make it the request's consent; the middleware sets
    the cookie and removes what is no longer allowed."""
    from gdpr.models import CookieConsent

    current = declarations()
    previous = getattr(request, "consent", NO_CONSENT)
    consent = Consent(
        consent_id=previous.consent_id or uuid.uuid4().hex,
        allowed=frozenset(allowed) & current.keys,
        decided=True,
        version=current.version,
    )
    with transaction.atomic():
        CookieConsent.objects.create(
            consent_id=uuid.UUID(hex=consent.consent_id),
            action=action,
            allowed=sorted(consent.allowed),
            language=(get_language() or settings.LANGUAGE_CODE)[:2],
            cookie_policy_version=current.cookie_policy_version,
            banner_version=BANNER_VERSION,
            declarations_version=current.version,
        )
    request.consent = consent
    request.consent_changed = True
    return consent


# --- Enforcing it ---


class CookieConsentMiddleware:
    """Reads the consent into `request.consent`; drops from the response every cookie of a
    category the visitor has not allowed, and deletes those their browser still holds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read when first asked: a health check or a file download never touches the cache.
        request.consent = SimpleLazyObject(lambda: read(request))
        response = self.get_response(request)
        consent = request.consent
        if getattr(request, "consent_changed", False):
            response.set_cookie(
                CONSENT_COOKIE,
                encode(consent),
                max_age=int(CONSENT_MAX_AGE.total_seconds()),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        self._enforce(request, response, consent)
        if response.cookies and "public" in response.get("Cache-Control", ""):
            # A cookie set or deleted here is this visitor's: no shared cache may keep it.
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _enforce(request, response, consent: Consent) -> None:
        if set(response.cookies).union(request.COOKIES) <= ALWAYS_NECESSARY:
            return  # nothing set or held that a choice could refuse: no need to look up
        current = declarations_for(request)
        for name in list(response.cookies):
            category = current.category_of(name)
            if category and not consent.allows(category) and response.cookies[name]["max-age"] != 0:
                del response.cookies[name]
        for name in request.COOKIES:
            category = current.category_of(name)
            if category and not consent.allows(category) and name not in response.cookies:
                response.delete_cookie(name, samesite="Lax")
