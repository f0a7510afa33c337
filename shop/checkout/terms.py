"""The terms of purchase at checkout: which version the buyer is shown, and recording that
they accepted it with their order."""

import copy
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import get_language

from wagtail.models import Site

from home.caching import cached
from home.models import CompanySettings, PolicyPage, PolicyVersion
from home.policies import record_policy_version

from .models import TermsAcceptance


def _live_localized(page: PolicyPage | None) -> PolicyPage | None:
    if page is None:
        return None
    page = page.localized.specific
    return page if page.live else None


def checkout_policies(request) -> tuple[PolicyPage | None, PolicyPage | None]:
    """The terms of purchase and the personal data policy, in the buyer's language."""
    company = CompanySettings.for_request(request)
    return _live_localized(company.terms_page), _live_localized(company.privacy_policy_page)


def current_terms_version(terms_page: PolicyPage | None) -> PolicyVersion | None:
    """The published version of the terms the buyer reads now (recorded if it never was)."""
    if terms_page is None:
        return None
    version = terms_page.versions().filter(version=terms_page.version).first()
    return version or record_policy_version(terms_page)


class Terms(NamedTuple):
    version: PolicyVersion | None  # of the terms of purchase in the buyer's language
    seller: CompanySettings | None  # the invoice's seller, when these are its settings


def terms_in_force(request) -> Terms:
    """The version of the terms a buyer accepts now, and the settings they were read from
    when they are also the invoice's seller's (those of the default site:
    shop.invoicing.services.company_settings()). Cached until the site's structure
    changes: publishing a policy page and saving the site's settings change it
    (home/signals.py). The preview shows this version and placing the order compares with it."""

    def build() -> Terms:
        terms_page, _privacy_page = checkout_policies(request)
        site = Site.find_for_request(request)
        seller = None
        if site is not None and site.is_default_site:
            seller = copy.copy(CompanySettings.for_request(request))
            seller._state.fields_cache = {}  # not its pages
        return Terms(current_terms_version(terms_page), seller)

    return cached("checkout-terms", build, request.get_host(), get_language())


def record_acceptance(order, terms: PolicyVersion | None) -> TermsAcceptance:
    """The order's record, and the buyer's own: a new major version of the terms is not put
    to them again once they accepted it ordering."""
    from gdpr.models import PolicyAcceptance

    acceptance = TermsAcceptance.objects.create(order=order, terms=terms, accepted_at=timezone.now())
    if terms is not None and order.user_id is not None:
        # One INSERT that keeps an earlier acceptance (a unique constraint), in place of
        # get_or_create's four queries.
        PolicyAcceptance.objects.bulk_create(
            [
                PolicyAcceptance(
                    user_id=order.user_id,
                    policy=terms,
                    occasion=PolicyAcceptance.Occasion.CHECKOUT,
                    accepted_at=acceptance.accepted_at,
                )
            ],
            ignore_conflicts=True,
        )
    return acceptance
