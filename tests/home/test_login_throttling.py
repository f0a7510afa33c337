"""Login throttling (django-axes): every login form locks an account after five wrong
passwords from one address, for a while; the owner elsewhere still gets in."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import authenticate
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import pytest
from axes.models import AccessAttempt

from home.login_throttling import client_ip
from tests.factories.home import UserFactory

PASSWORD = "correct horse battery staple"
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


@pytest.fixture
def member(db):
    return UserFactory(email="anna@example.com", is_staff=True, is_superuser=True)


def _shop(client, email, password, ip, language="sv", **headers):
    return client.post(
        f"/{language}/shop/accounts/login/",
        {"login-username": email, "login-password": password, "login_submit": "1"},
        REMOTE_ADDR=ip,
        **headers,
    )


def _django_form(path):
    def post(client, email, password, ip):
        return client.post(path, {"username": email, "password": password}, REMOTE_ADDR=ip)

    return post


LOGIN_FORMS = {
    "shop": _shop,
    "wagtail admin": _django_form("/admin/login/"),
    "oscar dashboard": _django_form("/dashboard/login/"),
    "django admin": _django_form("/django-admin/login/"),
}


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("form", LOGIN_FORMS)
def test_thirty_wrong_passwords_lock_the_account_from_that_address_only(form, member, home_page, client):
    post = LOGIN_FORMS[form]
    statuses = [post(client, member.email, f"wrong-{n}", ATTACKER).status_code for n in range(30)]

    # Four answers with the form's error, then the lockout page: never a 500.
    assert statuses[:4] == [200] * 4, statuses
    assert set(statuses[4:]) == {429}, statuses
    page = post(client, member.email, PASSWORD, ATTACKER)
    assert page.status_code == 429 and not _logged_in(client)
    assert int(page["Retry-After"]) == 15 * 60
    text = page.content.decode()
    assert '<html lang="sv">' in text and '<main id="main"' in text
    with translation.override("sv"):
        assert _("Too many attempts") in text and _("Reset your password") in text

    # The owner, from elsewhere, is not locked out by the attacker.
    owner = client.__class__()
    response = post(owner, member.email, PASSWORD, OWNER)
    assert response.status_code == 302 and _logged_in(owner)


@pytest.mark.parametrize("form", LOGIN_FORMS)
def test_the_lock_ends_after_the_cool_off(form, member, home_page, client):
    post = LOGIN_FORMS[form]
    for n in range(5):
        post(client, member.email, f"wrong-{n}", ATTACKER)
    assert post(client, member.email, PASSWORD, ATTACKER).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = post(client, member.email, PASSWORD, ATTACKER)
    assert response.status_code == 302 and _logged_in(client)
    # A right password wipes the slate for that account and address.
    assert not AccessAttempt.objects.filter(ip_address=ATTACKER).exists()


def test_the_checkout_sign_in_is_throttled_too(member, seller_company, client):
    from tests.factories.courses import make_course

    product = make_course(seller_company, "Kurs", price=Decimal("100")).course.product
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    statuses = [
        client.post(
            reverse("checkout:index"),
            {"username": member.email, "password": f"wrong-{n}", "options": "existing"},
            REMOTE_ADDR=ATTACKER,
        ).status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_the_address_tried_counts_whatever_its_case(member, home_page, client):
    for n, spelling in enumerate(
        ["ANNA@example.com", " anna@EXAMPLE.com", "Anna@Example.com", "anna@example.com"]
    ):
        assert _shop(client, spelling, f"wrong-{n}", ATTACKER).status_code == 200
    assert _shop(client, "AnNa@example.COM", "wrong", ATTACKER).status_code == 429


def test_lockout_page_is_in_english_on_english_pages(member, home_page, client):
    for n in range(5):
        response = _shop(client, member.email, f"wrong-{n}", ATTACKER, language="en")
    assert response.status_code == 429
    text = response.content.decode()
    assert '<html lang="en">' in text and "Too many attempts" in text and "Try again in 15 minutes" in text


def test_failed_logins_never_store_the_password(member, home_page, client):
    _shop(client, member.email, "s3cret-guess", ATTACKER)
    LOGIN_FORMS["wagtail admin"](client, member.email, "an0ther-guess", ATTACKER)
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "s3cret-guess" not in stored and "an0ther-guess" not in stored
    assert member.email not in stored  # the address tried is in its own column only
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {member.email}


def test_authenticating_without_a_request_still_works(member):
    """Oscar's registration logs the new account in through authenticate() with no request."""
    assert authenticate(username=member.email, password=PASSWORD) == member


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_client_address_is_the_connection_unless_a_proxy_is_trusted():
    # Without a trusted proxy a client cannot choose its address by writing the header.
    assert client_ip(FakeRequest("198.51.100.7", "10.9.9.9")) == "198.51.100.7"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        # nginx appends the address it saw: whatever the client wrote sits to its left.
        assert client_ip(FakeRequest("127.0.0.1", "10.9.9.9, 198.51.100.7")) == "198.51.100.7"
        assert client_ip(FakeRequest("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
        assert client_ip(FakeRequest("127.0.0.1", "not an address")) == "127.0.0.1"
        assert client_ip(FakeRequest("127.0.0.1")) == "127.0.0.1"
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert client_ip(FakeRequest("127.0.0.1", "10.9.9.9, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"
        assert client_ip(FakeRequest("127.0.0.1", "198.51.100.7")) == "127.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_is_counted_apart(member, home_page, client):
    proxy = "127.0.0.1"
    for n in range(5):
        _shop(client, member.email, f"wrong-{n}", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    response = _shop(client.__class__(), member.email, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=OWNER)
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_the_retention_sweep_deletes_failed_logins_a_month_old(member):
    from gdpr.registry import registry
    from gdpr.sweep import sweep_declaration

    def attempt(ip, days_ago):
        row = AccessAttempt.objects.create(
            username=member.email,
            ip_address=ip,
            user_agent="x",
            get_data="",
            post_data="",
            failures_since_start=5,
        )
        AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - timedelta(days=days_ago))
        return row

    old, recent = attempt(ATTACKER, 40), attempt(OWNER, 20)

    removed = sweep_declaration(registry.declarations["axes.AccessAttempt"], timezone.localdate())

    assert removed == 1
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
