"""Accepting the policies: at registration, at checkout, and when an editor publishes a new
major version, which everyone who joined before it is asked to accept at their next page."""

from datetime import timedelta
from urllib.parse import parse_qs

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

import pytest

from gdpr import acceptance
from gdpr.models import PolicyAcceptance
from home.models import PolicyPage
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def publish(page, version, summary="We now keep support cases for 12 months."):
    page = PolicyPage.objects.get(pk=page.pk)
    page.version, page.change_summary = version, summary
    page.save_revision().publish()
    return page


@pytest.fixture
def person(policy_page):
    """Joined under the policy's current version."""
    return UserFactory(email="anna@example.com")


def test_someone_who_joined_before_a_new_version_and_never_accepted_it_is_asked(client, policy_page):
    old = UserFactory(email="old@example.com", date_joined=timezone.now() - timedelta(days=400))
    client.force_login(old)
    assert client.get(reverse("account-courses")).status_code == 200  # a policy's first version is not put
    publish(policy_page, "2.0")
    assert client.get(reverse("account-courses")).url.startswith(reverse("account-accept-policies"))


def test_registration_needs_the_policies_accepted_and_records_them(client, policy_page):
    url = reverse("customer:register")
    response = client.post(url, {"email": "ny@example.com"})
    assert response.status_code == 200 and "Accept the terms of purchase" in response.content.decode()
    assert not PolicyAcceptance.objects.exists()

    client.post(url, {"email": "ny@example.com", "accept": "on"})
    [accepted] = PolicyAcceptance.objects.all()
    assert accepted.user.email == "ny@example.com" and accepted.occasion == "registration"
    assert accepted.policy.version == policy_page.version and accepted.policy.locale.language_code == "en"


def test_a_new_major_version_is_put_to_the_person_at_their_next_page(client, person, policy_page):
    client.force_login(person)
    assert client.get(reverse("account-courses")).status_code == 200  # nothing to accept yet

    publish(policy_page, "3.0")
    response = client.get(reverse("account-courses"))
    assert response.status_code == 302
    assert (
        response.url
        == f"{reverse('account-accept-policies')}?{urlencode({'next': reverse('account-courses')})}"
    )
    assert "Version 3.0" in client.get(response.url).content.decode()
    with translation.override("sv"):  # the summary as the editor wrote it, on the Swedish page
        page = client.get(reverse("account-accept-policies")).content.decode()
    assert "We now keep support cases for 12 months." in page

    done = client.post(reverse("account-accept-policies"), {"next": reverse("account-courses")})
    assert done.url == reverse("account-courses")
    [accepted] = person.policy_acceptances.all()
    assert (accepted.policy.version, accepted.occasion) == ("3.0", "new_version")
    assert client.get(reverse("account-courses")).status_code == 200


def test_a_minor_version_or_a_later_account_is_not_asked(client, person, policy_page):
    publish(policy_page, "1.1")
    client.force_login(person)
    assert client.get(reverse("account-courses")).status_code == 200

    publish(policy_page, "4.0")
    newcomer = UserFactory(email="ny@example.com")  # joined after 4.0: accepted it signing up
    client.force_login(newcomer)
    assert client.get(reverse("account-courses")).status_code == 200


def test_while_asked_the_person_can_read_the_policy_leave_or_use_their_rights(client, person, policy_page):
    page = publish(policy_page, "3.0")
    client.force_login(person)
    for url in (page.url, reverse("account-privacy"), reverse("account-delete")):
        assert client.get(url).status_code == 200, url
    assert client.post(reverse("customer:logout")).status_code == 302


def test_once_settled_the_check_costs_nothing(client, person, policy_page, monkeypatch):
    client.force_login(person)
    client.get(reverse("account-courses"))

    def never(user):
        raise AssertionError("asked the database again")

    monkeypatch.setattr(acceptance, "to_accept", never)
    assert client.get(reverse("account-courses")).status_code == 200


def test_the_next_address_never_leads_elsewhere_and_keeps_its_query(client, person, policy_page):
    publish(policy_page, "3.0")
    client.force_login(person)
    done = client.post(reverse("account-accept-policies"), {"next": "https://evil.example/"})
    assert done.url == reverse("account-courses")

    publish(policy_page, "4.0")
    asked = client.get("/en/search/?q=a&page=2")
    address, query = asked.url.split("?")
    done = client.post(address, {"next": parse_qs(query)["next"][0]})
    assert done.url == "/en/search/?q=a&page=2"


def test_acceptances_are_in_the_persons_register_extract(client, person, policy_page):
    from gdpr.extract import extract
    from gdpr.subjects import Subject

    publish(policy_page, "3.0")
    client.force_login(person)
    client.post(reverse("account-accept-policies"))
    tables = [t for c in extract(Subject.for_own_account(person))["categories"] for t in c["tables"]]
    assert any(t.caption == "Policy acceptances" for t in tables)


def test_ordering_records_the_terms_accepted_as_the_persons_own(person, policy_page, seller_company):
    from shop.checkout.terms import current_terms_version, record_acceptance
    from tests.factories.courses import make_course
    from tests.factories.shop import place_order

    order = place_order(person, [(make_course(seller_company, "Kurs").course.product, 1)])
    record_acceptance(order, current_terms_version(policy_page))
    assert person.policy_acceptances.get().occasion == "checkout"


def test_the_footer_links_every_policy(client, policy_page, home_page):
    from wagtail.models import Site

    from home.models import CompanySettings
    from tests.factories.home import PolicyPageFactory

    terms = PolicyPageFactory(parent=home_page, title="Köpvillkor", slug="kopvillkor")
    cookies = PolicyPageFactory(parent=home_page, title="Kakpolicy", slug="kakpolicy")
    company = CompanySettings.for_site(Site.objects.get(root_page=home_page))
    company.terms_page, company.cookie_policy_page = terms, cookies
    company.save()

    with translation.override("sv"):
        footer = client.get("/sv/").content.decode().split('class="site-footer"')[1]
    for page in (policy_page, terms, cookies):
        assert f'href="{page.url}"' in footer, page.slug


def test_a_policy_newly_named_in_the_settings_is_put_at_once(client, person, policy_page, home_page):
    from wagtail.models import Site

    from home.models import CompanySettings
    from tests.factories.home import PolicyPageFactory

    terms = PolicyPageFactory(parent=home_page, title="Köpvillkor", slug="kopvillkor")
    publish(terms, "1.0")
    publish(terms, "2.0")  # replaces its 1.0
    client.force_login(person)
    assert client.get(reverse("account-courses")).status_code == 200  # not named yet: nothing to accept

    company = CompanySettings.for_site(Site.objects.get(root_page=home_page))
    company.terms_page = terms
    company.save()
    assert client.get(reverse("account-courses")).url.startswith(reverse("account-accept-policies"))
