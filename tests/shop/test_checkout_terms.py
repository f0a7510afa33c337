"""The preview step links the terms of purchase and the personal data policy; the buyer
accepts the terms, and the order records the version accepted."""

from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from oscar.core.loading import get_model

import pytest

from home.models import PolicyVersion
from shop.checkout.models import TermsAcceptance
from tests.factories.courses import make_course
from tests.shop.test_checkout import COMPANY, add_to_basket, go_to_company_step, place_order_data

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


def _at_preview(client, buyer, course):
    client.force_login(buyer)
    add_to_basket(client, course.product)
    go_to_company_step(client)
    assert client.post(reverse("checkout:payment-method"), COMPANY).status_code == 302
    preview = client.get(reverse("checkout:preview"))
    assert preview.status_code == 200
    return preview


def test_the_preview_links_the_terms_and_the_personal_data_policy(
    client, buyer, course, terms_page, policy_page
):
    preview = _at_preview(client, buyer, course)

    text = preview.content.decode()
    assert f'href="{terms_page.url}"' in text and f'href="{policy_page.url}"' in text
    assert 'name="accept_terms"' in text and "required" in text


def test_placing_the_order_without_accepting_the_terms_places_nothing(client, buyer, course, terms_page):
    preview = _at_preview(client, buyer, course)
    data = place_order_data(preview)
    del data["accept_terms"]

    response = client.post(reverse("checkout:preview"), data)

    assert response.status_code == 200
    text = response.content.decode()
    assert _("Accept the terms of purchase to place the order.") in text
    assert _("The order has not been placed: see below.") in text
    assert 'aria-invalid="true"' in text
    assert not Order.objects.exists() and not TermsAcceptance.objects.exists()
    assert Basket.objects.get(owner=buyer).status == Basket.OPEN


def test_the_order_records_the_version_of_the_terms_accepted(
    client, buyer, course, terms_page, django_capture_on_commit_callbacks
):
    preview = _at_preview(client, buyer, course)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout:preview"), place_order_data(preview))

    assert response.status_code == 302 and response.url == reverse("checkout:thank-you")
    acceptance = TermsAcceptance.objects.get(order=Order.objects.get())
    assert (acceptance.terms.version, acceptance.terms.title, acceptance.terms.locale.language_code) == (
        "3.1",
        "Köpvillkor",
        "sv",
    )
    assert acceptance.terms.translation_key == terms_page.translation_key and acceptance.accepted_at


def test_a_buyer_in_english_accepts_the_english_terms(
    client, buyer, course, terms_page, django_capture_on_commit_callbacks
):
    with translation.override("en"):
        preview = _at_preview(client, buyer, course)
        assert 'href="/en/terms-of-purchase/"' in preview.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("checkout:preview"), place_order_data(preview))

    acceptance = TermsAcceptance.objects.get()
    assert (acceptance.terms.title, acceptance.terms.locale.language_code) == ("Terms of purchase", "en")


def test_terms_changed_since_the_preview_must_be_accepted_again(client, buyer, course, terms_page):
    preview = _at_preview(client, buyer, course)
    terms_page.version = "4.0"
    terms_page.save_revision().publish()

    response = client.post(reverse("checkout:preview"), place_order_data(preview))

    assert response.status_code == 200 and not Order.objects.exists()
    assert _(
        "The terms of purchase have changed since this page was opened: read them and accept them again."
    ) in (response.content.decode())
    new = PolicyVersion.objects.get(version="4.0", locale__language_code="sv")
    assert f'name="terms_version" value="{new.pk}"' in response.content.decode()
    assert (
        client.post(
            reverse("checkout:preview"), {**place_order_data(preview), "terms_version": new.pk}
        ).status_code
        == 302
    )
    assert TermsAcceptance.objects.get().terms == new


def test_without_terms_configured_the_box_is_still_required_and_recorded(
    client, buyer, course, django_capture_on_commit_callbacks
):
    preview = _at_preview(client, buyer, course)
    assert client.post(reverse("checkout:preview"), {"action": "place_order"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("checkout:preview"), place_order_data(preview))

    assert TermsAcceptance.objects.get().terms is None
