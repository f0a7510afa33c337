"""A person deletes their own account: password, locked at once, a mail with a cancel link,
the cooling-off period, then the registry's erasure, the person told what was kept and
the system administrators given a notice that names nobody."""

import re
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

import pytest
import time_machine

from gdpr.deletion import cancel_token, carry_out_due
from gdpr.models import AccountDeletion
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def english(settings):
    settings.ACCOUNT_DELETION_NOTICE_TO = ["drift@cloocast.example"]
    with translation.override("en"):
        yield


@pytest.fixture
def person(home_page):
    return UserFactory(email="anna@example.com", first_name="Anna", last_name="Andersson")


def ask(client, person, django_capture_on_commit_callbacks, password=PASSWORD):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account-delete"), {"password": password})


def cancel_url(message) -> str:
    return re.search(r"http://testserver(/\S+/shop/accounts/deletion/\S+/)", message.body).group(1)


def test_the_password_is_asked_and_a_wrong_one_changes_nothing(
    client, person, django_capture_on_commit_callbacks
):
    response = ask(client, person, django_capture_on_commit_callbacks, password="wrong")

    assert response.status_code == 200 and "The password is not right" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active and not AccountDeletion.objects.exists() and mail.outbox == []


def test_the_account_locks_at_once_and_the_mail_can_cancel(
    client, person, django_capture_on_commit_callbacks
):
    other = UserFactory()
    client.force_login(other)  # someone else's session stays
    response = ask(client, person, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response.url == reverse("account-deletion-scheduled")
    person.refresh_from_db()
    assert not person.is_active
    assert client.get(reverse("account-privacy")).status_code == 302  # logged out
    assert Session.objects.count() == 1  # the other person's
    [message] = mail.outbox
    assert message.to == ["anna@example.com"]

    url = cancel_url(message)
    assert client.get(url).status_code == 200  # a page with a button: a GET changes nothing
    assert AccountDeletion.objects.get().cancelled_at is None
    client.post(url)

    person.refresh_from_db()
    assert person.is_active and AccountDeletion.objects.get().cancelled_at
    assert client.post(url).status_code == 400  # used: refused, with a page
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        assert carry_out_due() == 0  # cancelled: never carried out


def test_after_the_cooling_off_the_registry_erases_and_everyone_is_told(
    client, person, django_capture_on_commit_callbacks
):
    ask(client, person, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert carry_out_due() == 0  # still cooling off
    with (
        time_machine.travel(timezone.now() + timedelta(days=15)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert carry_out_due() == 1
        assert carry_out_due() == 0  # once

    person.refresh_from_db()
    assert person.email.endswith("@erased.invalid") and not person.first_name
    assert AccountDeletion.objects.get().carried_out_at  # the record that it was done
    to_person, notice = mail.outbox
    assert to_person.to == ["anna@example.com"] and "Your account is deleted" in to_person.subject
    # In the site's language (Swedish), naming the account by its number only.
    assert notice.to == ["drift@cloocast.example"] and f"Konto {person.pk} raderat" in notice.subject
    assert "anna" not in (notice.subject + notice.body).lower()
    # What was kept, each in its mail's language: the person's (English), the site's (Swedish).
    assert "account deletions (1)" in to_person.body and "raderingar av konton (1)" in notice.body


def test_the_page_offers_certificates_invoices_and_says_what_else_happens(
    client, person, buyer, seller_company
):
    from decimal import Decimal

    from shop.invoicing import fulfilment
    from tests.factories.courses import make_course
    from tests.factories.shop import place_order

    order = place_order(
        person, [(make_course(seller_company, "Kurs", price=Decimal("500")).course.product, 2)]
    )
    fulfilment.fulfil_order(order)
    client.force_login(person)

    page = client.get(reverse("account-delete")).content.decode()

    assert "Download your invoices" in page
    assert "only administrator of" in page  # the buyer's company has no other administrator
    assert "invoice is unpaid" in page or "invoices are unpaid" in page


@pytest.mark.parametrize("token", ["x", "a" * 500, "ÅÄÖ", "%00"])
def test_a_changed_or_made_up_link_is_refused_with_a_page(client, token):
    assert client.get(f"/en/shop/accounts/deletion/{token}/").status_code == 400


def test_an_expired_link_is_refused(client, person, django_capture_on_commit_callbacks):
    ask(client, person, django_capture_on_commit_callbacks)
    token = cancel_token(AccountDeletion.objects.get())

    with time_machine.travel(timezone.now() + timedelta(days=20)):
        assert client.get(f"/en/shop/accounts/deletion/{token}/").status_code == 400


def test_asking_twice_schedules_once(client, person, django_capture_on_commit_callbacks):
    from gdpr.deletion import schedule

    schedule(person, "sv")
    schedule(person, "sv")

    assert AccountDeletion.objects.count() == 1


def test_a_visitor_is_sent_to_log_in(client, db, home_page):
    assert client.get(reverse("account-delete")).status_code == 302
    assert client.post(reverse("account-delete"), {"password": "x"}).status_code == 302
