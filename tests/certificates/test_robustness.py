"""What can go wrong around issuing: no name on the account, no signing key, a second
click, an account deleted outside the registry. None of it is a 500, and none of it
puts an e-mail address or a stale name on a public page."""

from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

import pytest

from certificates import credentials, keys
from certificates.models import Certificate
from certificates.signing import verify
from courses.models import Enrolment, GrantSource, LessonPage
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def nameless(course_page):
    person = UserFactory(email="utan.namn@example.com", first_name="", last_name="")
    Enrolment.objects.create(user=person, course=course_page.course, source=GrantSource.STAFF)
    return person


def test_no_certificate_carries_an_email_address(nameless, course_page, complete):
    complete(nameless, course_page)

    assert not Certificate.objects.exists()


def test_my_certificates_asks_for_the_name_and_then_issues(
    client, nameless, course_page, complete, django_capture_on_commit_callbacks
):
    complete(nameless, course_page)
    client.force_login(nameless)

    page = client.get("/en/shop/accounts/certificates/").content.decode()
    assert "Certificates on their way" in page and "Dataskydd i praktiken" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account-certificate-name"), {"first_name": " Ulla ", "last_name": "Namn"}
        )

    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.learner_name == "Ulla Namn" and certificate.credential
    assert [m for m in mail.outbox if nameless.email in m.to]
    assert "Certificates on their way" not in client.get("/en/shop/accounts/certificates/").content.decode()


def test_a_blank_name_is_refused_with_a_message(client, nameless, course_page, complete):
    complete(nameless, course_page)
    client.force_login(nameless)

    response = client.post("/en/shop/accounts/certificates/name/", {"first_name": "  ", "last_name": ""})

    assert response.status_code == 302
    assert "This field is required" in client.get(response["Location"]).content.decode()
    assert not Certificate.objects.exists()


def test_without_a_signing_key_the_learner_still_completes_and_the_command_issues_later(
    client, holder, course_page, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = tmp_path / "missing.pem"
    client.force_login(holder)
    lessons = LessonPage.objects.descendant_of(course_page).order_by("path")

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(reverse("lesson-done", kwargs={"lesson_id": lesson.pk})).status_code
            for lesson in lessons
        ]

    assert statuses == [302, 302]
    certificate = Certificate.objects.get()
    assert certificate.credential is None and certificate.mailed_at is None
    assert client.get("/certificates/status/1").status_code == 503
    # /en/ spelt out: the lesson's view activated its page's language (Swedish) in this thread.
    response = client.get(f"/en/shop/accounts/certificates/{certificate.pk}/credential.json", follow=True)
    assert "cannot be made just now" in response.content.decode()

    keys.generate_key_file(settings.CERTIFICATE_SIGNING_KEY_FILE)
    keys.load_private_key.cache_clear()
    call_command("issue_certificates")

    certificate.refresh_from_db()
    assert certificate.credential and certificate.mailed_at


def test_a_second_reissue_click_is_a_message(client, certificate, holder):
    holder.last_name = "Berg"
    holder.save()
    client.force_login(holder)
    url = reverse("account-certificate-reissue", kwargs={"pk": certificate.pk})

    client.post(url)
    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "cannot be reissued" in response.content.decode()
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_reissue_is_signed_and_mailed(client, certificate, holder, django_capture_on_commit_callbacks):
    holder.last_name = "Berg"
    holder.save()
    client.force_login(holder)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account-certificate-reissue", kwargs={"pk": certificate.pk}))

    new = Certificate.objects.get(revoked_at__isnull=True)
    assert new.credential and new.mailed_at
    assert len([m for m in mail.outbox if holder.email in m.to]) == 2


def test_the_old_certificate_never_leads_to_the_new_name(client, certificate, holder):
    holder.last_name = "Berg"
    holder.save()
    client.force_login(holder)
    client.post(reverse("account-certificate-reissue", kwargs={"pk": certificate.pk}))
    new = Certificate.objects.get(revoked_at__isnull=True)
    client.logout()

    page = client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()

    assert "replaced by a reissued certificate" in page
    assert new.code not in page and "Berg" not in page


def test_an_account_deleted_outright_leaves_its_certificates_anonymised(certificate, holder):
    holder.delete()

    kept = Certificate.objects.get()
    assert (kept.learner_name, kept.credential) == ("", None)
    assert kept.revoked_at and kept.anonymised_at


def test_the_issuer_profile_lists_its_keys_as_a_verifier_checks(client, certificate):
    """A verifier (Digital Bazaar's, for one) fetches the key's controller and wants the
    key among its assertion methods."""
    method = certificate.credential["proof"]["verificationMethod"]
    key = client.get(method.removeprefix("http://testserver")).json()
    profile = client.get(key["controller"].removeprefix("http://testserver")).json()

    assert profile["id"] == key["controller"] == certificate.credential["issuer"]["id"]
    assert method in profile["assertionMethod"]
    from certificates.jsonld import undefined_terms

    assert undefined_terms(credentials.issuer_profile()) == []


def test_a_leaked_key_is_withdrawn_and_its_certificates_signed_again(client, certificate, settings, tmp_path):
    old_credential = certificate.credential
    old_key = keys.multibase_from_key_id(old_credential["proof"]["verificationMethod"])
    with pytest.raises(CommandError, match="configured now"):
        call_command("withdraw_signing_key", old_key)
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = keys.generate_key_file(tmp_path / "new.pem")
    call_command("withdraw_signing_key", old_key)

    def trusted(url):
        return keys.trusted_public_key(keys.multibase_from_key_id(url))

    assert verify(old_credential, trusted) != []  # nothing the leaked key signed is trusted
    renewed = Certificate.objects.get().credential
    assert renewed["proof"]["verificationMethod"] != old_credential["proof"]["verificationMethod"]
    assert verify(renewed, trusted) == []
    assert client.get(f"/certificates/keys/{old_key}").status_code == 410
    assert keys.key_id(old_key) not in credentials.issuer_profile()["assertionMethod"]
