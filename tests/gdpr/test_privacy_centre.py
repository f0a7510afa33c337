"""The privacy centre, the person's side: what we hold about them, and their copy of it
(built by the worker, theirs alone, gone after seven days)."""

import json
import zipfile
from datetime import timedelta
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest
import time_machine

from gdpr.models import DataExport
from gdpr.portability import build, request_export
from gdpr.sweep import sweep
from tests.factories.home import UserFactory
from tests.factories.shop import place_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def person(home_page):
    return UserFactory(email="anna@example.com", first_name="Anna", last_name="Andersson")


def export_for(client, person, django_capture_on_commit_callbacks) -> DataExport:
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account-privacy-export"))
    return DataExport.objects.get(user=person)


def test_the_centre_says_what_we_hold_why_and_how_long(client, person):
    client.force_login(person)

    page = client.get(reverse("account-privacy")).content.decode()

    assert "What we hold about you" in page
    assert "Contact information" in page and "Giving you an account" in page
    assert "Orders and invoices" not in page  # nothing ordered: nothing said about orders
    assert "imy.se" in page


def test_the_copy_is_built_by_the_worker_and_holds_the_profile_and_no_secret(
    client, person, django_capture_on_commit_callbacks
):
    export = export_for(client, person, django_capture_on_commit_callbacks)

    assert export.status == DataExport.Status.READY and export.downloadable
    page = client.get(reverse("account-privacy")).content.decode()
    assert "Download my data (zip)" in page
    response = client.get(reverse("account-privacy-export-download", kwargs={"pk": export.pk}))
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    contact = json.loads(archive.read("contact.json"))
    assert any(r["model"] == "home.User" and r["email"] == "anna@example.com" for r in contact["records"])
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert person.password not in everything and "_auth_user_hash" not in everything


def test_a_second_request_while_one_is_made_starts_nothing(client, person):
    client.force_login(person)
    first = request_export(person)  # not run: on_commit is not executed here

    response = client.post(reverse("account-privacy-export"), follow=True)

    assert DataExport.objects.filter(user=person).count() == 1
    assert "already being prepared" in response.content.decode()
    assert client.get(reverse("account-privacy-export-status", kwargs={"pk": first.pk})).json() == {
        "status": "pending",
        "ready": False,
    }


def test_a_request_whose_worker_was_lost_can_be_made_again(person):
    stale = request_export(person)
    DataExport.objects.filter(pk=stale.pk).update(requested_at=timezone.now() - timedelta(hours=2))

    fresh = request_export(person)

    assert fresh.pk != stale.pk
    assert DataExport.objects.get(pk=stale.pk).status == DataExport.Status.FAILED


def test_a_copy_expires_after_seven_days_and_the_sweep_deletes_it(
    client, person, django_capture_on_commit_callbacks
):
    export = export_for(client, person, django_capture_on_commit_callbacks)
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.get(
            reverse("account-privacy-export-download", kwargs={"pk": export.pk}), follow=True
        )
        assert "no longer available" in response.content.decode()
        sweep()

    assert not DataExport.objects.exists()
    assert not storage.exists(name)


def test_a_failed_build_says_so_and_may_be_tried_again(client, person, monkeypatch):
    export = request_export(person)
    monkeypatch.setattr("gdpr.portability.export_subject", lambda *a: 1 / 0)

    build(export.pk)

    client.force_login(person)
    assert "Preparing your last copy failed" in client.get(reverse("account-privacy")).content.decode()
    assert request_export(person).pk != export.pk


@pytest.mark.parametrize("who", ["visitor", "another person", "staff"])
def test_nobody_else_reaches_a_persons_copy(client, person, who, staff, django_capture_on_commit_callbacks):
    export = export_for(client, person, django_capture_on_commit_callbacks)
    client.logout()
    if who != "visitor":
        client.force_login(staff if who == "staff" else UserFactory())

    for name in ("account-privacy-export-status", "account-privacy-export-download"):
        response = client.get(reverse(name, kwargs={"pk": export.pk}))
        assert response.status_code == (302 if who == "visitor" else 404), name
    if who == "visitor":
        assert client.get(reverse("account-privacy")).status_code == 302
        assert client.post(reverse("account-privacy-export")).status_code == 302
        for name in ("account-privacy-restrict", "account-privacy-object", "account-delete"):
            assert client.post(reverse(name), {"reason": "x", "password": "x"}).status_code == 302, name
        assert not person.privacy_restrictions.exists() and not person.objections.exists()
    assert DataExport.objects.count() == 1


def test_the_summary_costs_the_same_with_many_orders(client, person, seller_company):
    from tests.factories.courses import make_course

    product = make_course(seller_company, "Kurs").course.product
    client.force_login(person)
    place_order(person, [(product, 1)])
    client.get(reverse("account-privacy"))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("account-privacy"))
        return len(captured)

    one = queries()
    for _n in range(5):
        place_order(person, [(product, 1)])

    assert queries() == one
    assert "Orders and invoices" in client.get(reverse("account-privacy")).content.decode()


def test_a_person_restricts_processing_and_staff_lift_it(client, person, staff):
    from gdpr import is_restricted
    from gdpr.registry import Purpose

    client.force_login(person)
    response = client.post(reverse("account-privacy-restrict"), {"reason": "Min adress är fel."}, follow=True)
    assert "restricted since" in response.content.decode()
    client.post(reverse("account-privacy-restrict"), {"reason": "Igen"})  # a second click changes nothing
    assert is_restricted(person, Purpose.MARKETING) and person.privacy_restrictions.count() == 1

    client.force_login(staff)
    listing = client.get(reverse("gdpr_restrictions")).content.decode()
    assert "Min adress är fel." in listing
    client.post(reverse("gdpr_restrictions"), {"restriction": person.privacy_restrictions.get().pk})

    assert not is_restricted(person, Purpose.MARKETING)
    client.force_login(person)
    assert "restricted since" not in client.get(reverse("account-privacy")).content.decode()


@pytest.mark.parametrize("who", ["person", "editor", "seller"])
def test_only_staff_lift_restrictions(client, person, who, editor, seller):
    from gdpr.restriction import restrict

    restriction = restrict(person, "fel")
    client.force_login({"person": person, "editor": editor, "seller": seller}[who])

    assert client.get(reverse("gdpr_restrictions")).status_code in (302, 403)
    client.post(reverse("gdpr_restrictions"), {"restriction": restriction.pk})

    restriction.refresh_from_db()
    assert restriction.lifted_at is None


def test_an_objection_to_marketing_is_recorded_and_outlives_the_account(client, person, policy_page):
    from gdpr.erasure import erase_person
    from gdpr.models import Objection, SuppressedAddress
    from gdpr.suppression import is_suppressed

    client.force_login(person)
    response = client.post(reverse("account-privacy-object"), follow=True)
    client.post(reverse("account-privacy-object"))  # twice: one record

    assert "You objected to direct marketing" in response.content.decode()
    objection = Objection.objects.get(user=person)
    assert objection.policy_version == policy_page.version
    assert is_suppressed("  ANNA@example.com ")
    assert not SuppressedAddress.objects.filter(
        address_hash__icontains="anna"
    ).exists()  # a hash, not the address

    erase_person(person)

    assert not Objection.objects.exists()
    assert is_suppressed("anna@example.com")  # an erased person is never mailed again
    assert not is_suppressed("someone.else@example.com")


def test_another_buyers_invoice_address_in_the_profile_reaches_nothing(
    client, buyer, seller_company, django_capture_on_commit_callbacks
):
    """The profile's address is unconfirmed: a person who types someone's invoice address
    into it gets neither that buyer's invoices in their copy nor in the summary."""
    from tests.factories.courses import make_course

    order = place_order(buyer, [(make_course(seller_company, "Kurs").course.product, 1)])
    mallory = UserFactory(email="mallory@example.com")
    mallory.email = order.billing.email  # the other buyer's invoice address
    mallory.save()

    export = export_for(client, mallory, django_capture_on_commit_callbacks)

    response = client.get(reverse("account-privacy-export-download", kwargs={"pk": export.pk}))
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert str(order.number) not in everything and order.billing.company_name not in everything
    assert "Orders and invoices" not in client.get(reverse("account-privacy")).content.decode()


def test_a_copy_whose_row_went_while_it_was_built_leaves_no_file(person, monkeypatch, tmp_path):
    from gdpr import portability

    export = request_export(person)
    real = portability.export_subject

    def export_and_lose_the_row(subject, path):
        written = real(subject, path)
        DataExport.objects.filter(pk=export.pk).delete()  # an erasure meanwhile
        return written

    monkeypatch.setattr(portability, "export_subject", export_and_lose_the_row)
    build(export.pk)

    from django.conf import settings

    private = settings.STORAGES["private"]["OPTIONS"]["location"]
    from pathlib import Path

    assert not list((Path(private) / "exports").glob("*.zip"))


def test_an_account_deleted_outright_takes_its_copy_with_it(
    client, person, django_capture_on_commit_callbacks
):
    export = export_for(client, person, django_capture_on_commit_callbacks)
    storage, name = export.file.storage, export.file.name

    with django_capture_on_commit_callbacks(execute=True):
        person.delete()

    assert not storage.exists(name)


def test_a_copy_whose_worker_was_lost_can_be_asked_for_again_from_the_page(client, person):
    stale = request_export(person)
    DataExport.objects.filter(pk=stale.pk).update(requested_at=timezone.now() - timedelta(hours=2))
    client.force_login(person)

    page = client.get(reverse("account-privacy")).content.decode()
    assert "Preparing your last copy failed" in page and "Prepare a copy of my data" in page
    client.post(reverse("account-privacy-export"))

    assert DataExport.objects.filter(user=person).count() == 2


def test_an_objection_follows_the_person_to_a_new_address(client, person):
    from gdpr.suppression import is_suppressed

    client.force_login(person)
    client.post(reverse("account-privacy-object"))
    person.email = "anna.ny@example.com"
    person.save()

    assert is_suppressed("anna@example.com") and is_suppressed("anna.ny@example.com")


@pytest.mark.parametrize("value", ["abc", "", "9999999", "1; drop"])
def test_the_restrictions_page_takes_any_input_without_error(client, staff, value):
    client.force_login(staff)

    assert client.post(reverse("gdpr_restrictions"), {"restriction": value}).status_code == 302


def test_a_restriction_without_reason_shows_the_form_with_its_error(client, person):
    client.force_login(person)

    response = client.post(reverse("account-privacy-restrict"), {"reason": "  "})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page and "This field is required" in page
