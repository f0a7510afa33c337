"""A certificate outlives its holder only revoked and nameless: erasure and the retention
sweep anonymise it, and it still verifies as revoked."""

from datetime import date, timedelta

from django.utils import timezone

import pytest

from certificates import status_list
from certificates.models import Certificate
from gdpr.erasure import erase_person
from gdpr.models import CustomerRelationship
from gdpr.relationships import end_relationship
from gdpr.sweep import sweep

pytestmark = pytest.mark.django_db


def test_erasure_revokes_and_anonymises_and_the_code_still_verifies_as_revoked(client, certificate, holder):
    erase_person(holder)

    certificate.refresh_from_db()
    assert certificate.user is None and certificate.learner_name == "" and certificate.credential is None
    assert certificate.revoked_at is not None and certificate.anonymised_at is not None
    response = client.get(f"/en/certificates/verify/{certificate.code}/")
    text = response.content.decode()
    assert response.status_code == 200 and "Revoked" in text
    assert "Anna" not in text and "Andersson" not in text
    listed = client.get("/certificates/status/1").json()
    assert status_list.is_set(listed["credentialSubject"]["encodedList"], certificate.status_index)


def test_an_earlier_revocation_keeps_its_date(certificate, holder):
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at="2026-01-02T10:00:00+01:00")

    erase_person(holder)

    assert Certificate.objects.get().revoked_at.date() == date(2026, 1, 2)


def test_erasing_twice_changes_nothing_more(certificate, holder):
    erase_person(holder)
    first = Certificate.objects.values().get()

    erase_person(holder)

    assert Certificate.objects.values().get() == first


def test_the_retention_sweep_ends_a_certificate_with_the_relationship(client, certificate, holder):
    end_relationship(
        holder, CustomerRelationship.EndReason.ACCOUNT_CLOSED, when=timezone.now() - timedelta(days=10)
    )

    sweep(today=timezone.localdate() + timedelta(days=30))  # within 12 months: kept as it is
    assert Certificate.objects.get().learner_name == "Anna Andersson"

    later = timezone.localdate() + timedelta(days=400)
    counts = sweep(today=later)

    kept = Certificate.objects.get()
    assert (kept.user, kept.learner_name, kept.credential) == (None, "", None)
    assert kept.revoked_at and kept.anonymised_at
    assert sum(n for label, n in counts.items() if label.startswith("certificates.Certificate")) == 1
    assert "Revoked" in client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()
    assert sweep(today=later) == {}  # nothing left to do
