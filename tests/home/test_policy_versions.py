"""Every published version of a policy stays readable; the current one lists its history."""

import pytest

from home.models import PolicyVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(policy_page):
    policy_page.save_revision().publish()  # records 1.0
    policy_page.version = "2.0"
    policy_page.change_summary = "Ny text om dina rättigheter."
    policy_page.body = [("paragraph", "<p>Version två av texten.</p>")]
    policy_page.save_revision().publish()
    return policy_page


def test_each_published_version_is_recorded_once(two_versions):
    two_versions.save_revision().publish()  # republishing 2.0 updates its record

    versions = PolicyVersion.objects.filter(
        translation_key=two_versions.translation_key, locale=two_versions.locale
    )
    assert list(versions.values_list("version", flat=True)) == ["2.0", "1.0"]


def test_the_current_policy_links_to_earlier_versions(client, two_versions):
    response = client.get(two_versions.url)

    assert "Ny text om dina rättigheter." in response.text
    assert "Version två av texten." in response.text
    assert f'href="{two_versions.url}versions/1-0/"' in response.text


def test_an_earlier_version_reads_as_it_did(client, two_versions):
    response = client.get(f"{two_versions.url}versions/1-0/")

    assert response.status_code == 200
    assert "Vi behandlar uppgifter för att leverera kurser." in response.text
    assert "Version två av texten." not in response.text
    assert "som inte längre gäller" in response.text


def test_an_unknown_version_is_404(client, two_versions):
    assert client.get(f"{two_versions.url}versions/9-9/").status_code == 404


def test_the_major_version_is_what_asks_users_to_accept_again(policy_page):
    policy_page.version = "3.1"

    assert policy_page.major_version == 3
