"""One account area in the site's design: orders, profile, password and registration
pages, with Oscar's unused customer features gone and nothing of one buyer shown to another."""

from decimal import Decimal
from urllib.parse import urlsplit

from django.core import mail
from django.urls import reverse
from django.utils import translation

import pytest

from shop.invoicing.pdf import store_invoice_pdf
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import place_order

OTHERS = ["learner", "seller", "staff"]


@pytest.fixture
def order(buyer, seller_company):
    course = make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course
    order = place_order(buyer, [(course.product, 5)])
    store_invoice_pdf(order.invoice)
    return order


def account_pages(order):
    return {
        "orders": reverse("customer:order-list"),
        "order": reverse("customer:order", args=[order.number]),
        "profile": reverse("customer:profile-view"),
        "profile-update": reverse("customer:profile-update"),
        "change-password": reverse("customer:change-password"),
    }


def test_a_visitor_is_sent_to_log_in(client, order):
    for url in account_pages(order).values():
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url, url


def test_the_buyer_sees_their_order_with_seats_invoice_and_status(client, buyer, order):
    client.force_login(buyer)
    with translation.override("sv"):
        listing = client.get(reverse("customer:order-list"))
        detail = client.get(reverse("customer:order", args=[order.number]))
    assert listing.status_code == 200 and str(order.number) in listing.text
    assert detail.status_code == 200
    assert "GDPR för alla" in detail.text and "5 platser" in detail.text
    assert "Inväntar betalning" in detail.text and "Awaiting payment" not in detail.text
    invoice_pdf = reverse("account-invoice-pdf", kwargs={"number": order.invoice.number})
    assert invoice_pdf in detail.text and invoice_pdf in listing.text
    assert 'class="account-nav"' in detail.text and "Re-order" not in detail.text


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_else_sees_the_buyers_order(client, order, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert str(order.number) not in client.get(reverse("customer:order-list")).text
    assert client.get(reverse("customer:order", args=[order.number])).status_code == 404
    line = order.lines.get()
    assert client.get(reverse("customer:order-line", args=[order.number, line.pk])).status_code == 404


def test_an_order_line_url_leads_to_its_order(client, buyer, order):
    client.force_login(buyer)
    line = order.lines.get()
    response = client.get(reverse("customer:order-line", args=[order.number, line.pk]))
    assert response.status_code == 302
    assert response.url == reverse("customer:order", args=[order.number]) + f"#line-{line.pk}"
    assert client.post(reverse("customer:order-line", args=[order.number, line.pk])).status_code == 405


def test_an_order_cannot_be_re_ordered(client, buyer, order):
    client.force_login(buyer)
    response = client.post(reverse("customer:order", args=[order.number]), {"action": "reorder"})
    assert response.status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "accounts/addresses/",
        "accounts/addresses/add/",
        "accounts/addresses/1/",
        "accounts/wishlists/",
        "accounts/wishlists/create/",
        "accounts/alerts/",
        "accounts/alerts/create/1/",
        "accounts/alerts/confirm/abc/",
        "accounts/emails/",
        "accounts/emails/1/",
        "accounts/notifications/",
        "accounts/notifications/inbox/",
        "accounts/profile/delete/",
        "accounts/order-status/1/abc/",
        "wishlists/abc/",
        "catalogue/kurs_1/reviews/",
        "catalogue/kurs_1/reviews/add/",
    ],
)
def test_oscar_features_the_shop_does_not_use_have_no_route(client, buyer, path):
    client.force_login(buyer)
    assert client.get(f"/sv/shop/{path}").status_code == 404


@pytest.mark.parametrize("path", ["reviews/", "shipping/", "users/alerts/"])
def test_the_dashboard_has_no_route_to_unused_features(client, sysadmin, path, home_page):
    client.force_login(sysadmin)
    # LocaleMiddleware sends an unknown path to /sv/…, where nothing answers either.
    assert client.get(f"/dashboard/{path}", follow=True).status_code == 404
    menu = client.get("/dashboard/").text
    assert f'href="/dashboard/{path}"' not in menu


def test_a_get_does_not_log_out(client, buyer, home_page):
    client.force_login(buyer)
    assert client.get(reverse("customer:logout")).status_code == 405
    assert client.get(reverse("customer:order-list")).status_code == 200
    assert client.post(reverse("customer:logout")).status_code == 302
    assert client.get(reverse("customer:order-list")).status_code == 302


def test_the_header_logs_out_with_a_form(client, buyer, home_page):
    client.force_login(buyer)
    page = client.get(reverse("customer:profile-view")).text
    assert f'<form class="inline-form" method="post" action="{reverse("customer:logout")}">' in page


def register(client, email):
    return client.post(
        reverse("customer:login"),
        {"registration-email": email, "registration-accept": "on", "registration_submit": "1"},
        follow=True,
    )


def test_registering_a_known_address_answers_as_for_a_new_one(client, buyer, home_page):
    known = register(client, buyer.email)
    new = register(client, "ny@example.com")
    assert known.redirect_chain == new.redirect_chain == [(reverse("customer:registration-sent"), 302)]
    assert known.content == new.content
    assert [m.to for m in mail.outbox] == [[buyer.email], ["ny@example.com"]]
    assert buyer.password and not known.wsgi_request.user.is_authenticated
    assert reverse("customer:login") in mail.outbox[0].body


def test_a_registration_mail_leads_to_a_first_password(client, home_page):
    from django.contrib.auth import get_user_model

    register(client, "ny@example.com")
    user = get_user_model().objects.get(email="ny@example.com")
    assert not user.has_usable_password()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/confirm/" in line)
    form = client.get(urlsplit(link).path, follow=True)
    assert form.status_code == 200
    data = {"new_password1": "ett-bra-lösenord-77", "new_password2": "ett-bra-lösenord-77"}
    done = client.post(form.redirect_chain[-1][0], data, follow=True)
    assert "Your password is saved" in done.text or "Ditt lösenord är sparat" in done.text
    assert "reset complete" not in done.text.lower() and "återställning" not in done.text.lower()
    user.refresh_from_db()
    assert user.has_usable_password()


def test_a_forgotten_password_is_changed_not_set(client, home_page):
    user = UserFactory(email="gammal@example.com")
    from shop.invoicing.mail import set_password_url

    link = urlsplit(set_password_url(user)).path
    form = client.get(link, follow=True)
    data = {"new_password1": "ett-bra-lösenord-77", "new_password2": "ett-bra-lösenord-77"}
    done = client.post(form.redirect_chain[-1][0], data, follow=True)
    assert "Ditt lösenord är ändrat" in done.text or "Your password is changed" in done.text


@pytest.mark.parametrize("language", ["sv", "en"])
def test_account_pages_render_in_both_languages(client, buyer, order, language):
    client.force_login(buyer)
    with translation.override(language):
        pages = account_pages(order)
    for url in pages.values():
        assert url.startswith(f"/{language}/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.text, url
    with translation.override(language):
        login_page = reverse("customer:login")
    client.logout()
    assert client.get(login_page).status_code == 200


def test_the_registration_page_answers_alike_for_known_and_new_addresses(client, buyer, home_page):
    url = reverse("customer:register")
    known = client.post(url, {"email": buyer.email, "accept": "on"})
    new = client.post(url, {"email": "ny@example.com", "accept": "on"})
    assert known.status_code == new.status_code == 302
    assert known.url == new.url == reverse("customer:registration-sent")
    assert len(mail.outbox) == 2
