"""Fixtures the shop's tests share."""

from wagtail.models import Site

import pytest

from home.models import CompanySettings
from home.translation import translate_page
from tests.factories.home import PolicyPageFactory


@pytest.fixture
def terms_page(policy_page, home_page, django_capture_on_commit_callbacks):
    """Terms of purchase, version 3.1, in Swedish and English, named in the site's settings."""
    terms = PolicyPageFactory(parent=home_page, title="Köpvillkor", slug="kopvillkor", version="3.1")
    with django_capture_on_commit_callbacks(execute=True):
        translate_page(
            terms,
            "en",
            {
                "Köpvillkor": "Terms of purchase",
                "kopvillkor": "terms-of-purchase",
                "Varför vi behandlar uppgifter": "Why we process data",
                "Vi behandlar uppgifter för att leverera kurser.": "We process data to deliver courses.",
            },
        )
    company = CompanySettings.for_site(Site.objects.get(root_page=home_page))
    company.terms_page = terms
    company.save()
    return terms
