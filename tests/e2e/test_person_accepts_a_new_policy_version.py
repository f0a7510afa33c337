"""An editor publishes a new major version of the personal data policy; a learner who is
logged in is asked, at their next page, to accept it, reads what changed, accepts, and
goes on where they were. axe checks the page in both languages."""

import re

import pytest
from playwright.sync_api import expect

from gdpr.models import PolicyAcceptance
from home.models import PolicyPage
from tests.e2e.conftest import assert_accessible
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "en-lång-lösenfras-2026"


def test_a_logged_in_person_is_asked_to_accept_a_new_major_version(page, policy_page):
    learner = UserFactory(email="lina@example.com", first_name="Lina", password=PASSWORD)
    page.goto("/sv/shop/accounts/login/")
    page.fill("#id_login-username", learner.email)
    page.fill("#id_login-password", PASSWORD)
    page.click("button[name=login_submit]")
    page.wait_for_url(re.compile(r"/shop/accounts/courses/"))

    policy = PolicyPage.objects.get(pk=policy_page.pk)
    policy.version, policy.change_summary = "2.0", "Supportärenden sparas nu i tolv månader."
    policy.save_revision().publish()

    page.goto("/sv/shop/accounts/certificates/")
    expect(page.get_by_role("heading", name="En ny version att godkänna")).to_be_visible()
    expect(page.get_by_text("Supportärenden sparas nu i tolv månader.")).to_be_visible()
    assert_accessible(page)
    page.goto("/en/shop/accounts/policies/?next=/en/shop/accounts/certificates/")
    expect(page.get_by_role("heading", name="A new version to accept")).to_be_visible()
    assert_accessible(page)
    page.goto("/sv/shop/accounts/certificates/")
    page.get_by_role("button", name="Jag godkänner").click()
    page.wait_for_url(re.compile(r"/sv/shop/accounts/certificates/"))
    [accepted] = PolicyAcceptance.objects.filter(user=learner)
    assert accepted.policy.version == "2.0" and accepted.policy.locale.language_code == "sv"
    page.goto("/sv/shop/accounts/courses/")
    expect(page.get_by_role("heading", name="En ny version att godkänna")).to_have_count(0)
