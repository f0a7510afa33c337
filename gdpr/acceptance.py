"""Accepting the policies: the personal data policy and the terms of purchase, per version.

People accept them when they create an account and when they order. When an editor
publishes a new major version (one replacing an earlier major version), everyone who
joined before it and has not accepted it is asked at their next page
(`PolicyAcceptanceMiddleware`), shown the summary of changes, until they accept. The check
costs no query on most requests: the session remembers which versions were settled, and
the current versions are cached until a page is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language

from gdpr.models import PolicyAcceptance

SESSION_KEY = "gdpr_policies_settled"
# The settings fields naming the policies people accept.
POLICY_FIELDS = ("privacy_policy_page", "terms_page")


def major(version: str) -> int:
    head = (version or "").split(".")[0]
    return int(head) if head.isdigit() else 0


@dataclass(frozen=True)
class Current:
    """A policy's current major version, and since when it is in force."""

    translation_key: str
    major: int
    since: datetime


def current_policies() -> list[Current]:
    from home.caching import cached

    return cached("current-policy-majors", _build_current)


def _build_current() -> list[Current]:
    from wagtail.models import Site

    from home.models import CompanySettings, PolicyVersion

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    company = CompanySettings.for_site(site)
    result = []
    for name in POLICY_FIELDS:
        page = getattr(company, name)
        if page is None or not page.live:
            continue
        versions = PolicyVersion.objects.filter(translation_key=page.translation_key).order_by("published_at")
        now_major = major(page.version)
        first = next((v for v in versions if major(v.version) == now_major), None)
        # Only a new major version is put to people: a policy's first version is accepted
        # when they register or order.
        replaced = any(major(v.version) < now_major for v in versions)
        if first is not None and replaced:
            result.append(Current(str(page.translation_key), now_major, first.published_at))
    return result


def fingerprint(policies: list[Current]) -> str:
    return ",".join(f"{p.translation_key}:{p.major}" for p in policies)


def to_accept(user) -> list[Current]:
    """The policies whose current major version `user` joined before and has not accepted."""
    policies = [p for p in current_policies() if user.date_joined < p.since]
    if not policies:
        return []
    accepted = set(
        user.policy_acceptances.values_list("policy__translation_key", "policy__version").iterator()
    )
    return [
        p
        for p in policies
        if not any(str(key) == p.translation_key and major(version) >= p.major for key, version in accepted)
    ]


def accept(user, page, occasion: str) -> PolicyAcceptance | None:
    """Record that `user` accepted `page`'s current version (in the language they read it)."""
    from home.policies import record_policy_version

    if page is None:
        return None
    version = page.versions().filter(version=page.version).first() or record_policy_version(page)
    try:
        with transaction.atomic():
            return PolicyAcceptance.objects.create(user=user, policy=version, occasion=occasion)
    except IntegrityError:  # accepted already
        return PolicyAcceptance.objects.get(user=user, policy=version)


def accept_current(user, occasion: str) -> None:
    """Record acceptance of the site's current policies, read in the active language."""
    from wagtail.models import Site

    from home.models import CompanySettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    company = CompanySettings.for_site(site)
    for name in POLICY_FIELDS:
        page = getattr(company, name)
        if page is not None and page.live:
            accept(user, page.localized, occasion)


class PolicyAcceptanceMiddleware:
    """Sends a signed-in person to the acceptance page while a new major version of a policy
    waits for them. Only page views are stopped: a form post in flight, the policies
    themselves, logging out, the privacy centre (deleting the account instead is a right)
    and the admin go through."""

    PASS = ("/shop/accounts/logout/", "/shop/accounts/policies/", "/shop/accounts/privacy/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request):
        policies = current_policies()
        settled = fingerprint(policies)
        if request.session.get(SESSION_KEY) == settled:
            return None
        path = request.path_info
        language = get_language() or ""
        local = path[len(language) + 1 :] if path.startswith(f"/{language}/") else None
        if local is None or local.startswith(self.PASS) or self._is_policy(path):
            return None
        if to_accept(request.user):
            url = reverse("account-accept-policies")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        request.session[SESSION_KEY] = settled
        return None

    @staticmethod
    def _is_policy(path: str) -> bool:
        # The policies themselves, and their earlier versions, can always be read.
        return path.startswith(policy_urls())


def policy_urls() -> tuple[str, ...]:
    from home.caching import cached

    return cached("policy-urls", _build_policy_urls)


def _build_policy_urls() -> tuple[str, ...]:
    from home.models import PolicyPage

    return tuple(url for url in (page.url for page in PolicyPage.objects.live()) if url)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def pending_for(request) -> list:
    """The policy pages waiting for `request.user`'s acceptance, in the visitor's language
    where translated."""
    from home.models import PolicyPage

    pages = []
    for policy in to_accept(request.user):
        translations = list(PolicyPage.objects.live().filter(translation_key=policy.translation_key))
        # A translation not yet synchronised to the new version would show the old text.
        current = [page for page in translations if major(page.version) == policy.major]
        page = next((p for p in current if p.locale.language_code == get_language()), None)
        page = page or next((p for p in current if p.alias_of_id is None), None) or (current or [None])[0]
        if page is not None:
            pages.append(page)
    return pages
