"""Bad input gets a clear page in the site's design, never a 500."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied, server_error

import pytest

from tests.factories.courses import make_course


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def _in_design(response, language="sv"):
    text = response.content.decode()
    return f'<html lang="{language}">' in text and '<main id="main"' in text and 'class="site-footer"' in text


@pytest.mark.parametrize(
    "url",
    [
        "/sv/search/?q=%00",
        "/sv/kurser/?subject=%00",
        "/sv/kurser/?page=1&sort=x%00",
        "/sv/shop/search/?q=%00",
        "/sv/shop/basket/?%00=1",
    ],
)
def test_a_nul_character_in_the_query_gets_the_400_page(url, visitor, catalogue):
    response = visitor.get(url)

    assert response.status_code == 400 and _in_design(response)
    with translation.override("sv"):
        assert _("Bad request") in response.content.decode()


def test_a_nul_character_in_a_form_gets_the_400_page_in_english(visitor, seller_company):
    product = make_course(seller_company, "Kurs", price=Decimal("100")).course.product
    response = visitor.post(f"/en/shop/basket/add/{product.pk}/", {"quantity": "1\x00"})

    assert response.status_code == 400 and _in_design(response, "en")
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/sv/kurser/?page=abc",
        "/sv/kurser/?page=99999999999999999999",
        "/sv/search/?q=kurs&page=x",
        "/private/zzzzzzzzzzzzzzzzzzzz.0.f.x/videos/../../etc/passwd",
        "/learning/lessons/99999999999999999999/done/",
        "/sv/shop/accounts/invoices/99999999999999999999.pdf",
        "/sv/shop/catalogue/99999999999999999999/",
    ],
)
def test_malformed_ids_and_pages_never_give_a_500(url, visitor, catalogue, buyer):
    visitor.force_login(buyer)
    assert visitor.get(url).status_code < 500


def test_the_404_page_is_in_the_design(visitor, home_page):
    response = visitor.get("/sv/finns-inte/")
    assert response.status_code == 404 and _in_design(response)


def test_the_403_page_is_in_the_design(rf, home_page):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/sv/")
    request.user = AnonymousUser()
    with translation.override("sv"):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403 and _in_design(response)


def test_the_500_page_needs_nothing_but_static_files(rf):
    response = server_error(rf.get("/"))
    text = response.content.decode()
    assert response.status_code == 500 and "css/site.css" in text and "Något gick fel" in text


@pytest.mark.parametrize("query", ["²", "٥٥٩٢٥١-٤٥٥٧", "１２３"])
def test_the_invoice_search_takes_digits_of_any_script_without_a_500(query, visitor, staff):
    from django.urls import reverse

    visitor.force_login(staff)
    response = visitor.get(reverse("invoicing-dashboard:invoice-list"), {"q": query})

    assert response.status_code == 200
