"""Prices carry Swedish VAT: 25 % by default, configurable per product class."""

from decimal import Decimal

import pytest

from shop.partner.strategy import Selector
from tests.factories.courses import make_course

pytestmark = pytest.mark.django_db


def price_of(page):
    product = page.course.product
    return Selector().strategy().fetch_for_product(product).price


def test_a_course_costs_its_price_plus_25_percent_vat(seller_company):
    price = price_of(make_course(seller_company, "Alfa", Decimal("1490")))

    assert price.is_tax_known
    assert (price.excl_tax, price.tax, price.incl_tax) == (
        Decimal("1490"),
        Decimal("372.50"),
        Decimal("1862.50"),
    )


def test_the_rate_is_set_per_product_class(seller_company, settings):
    settings.SHOP_VAT_RATES = {"Course": "0.06"}

    assert price_of(make_course(seller_company, "Alfa", Decimal("1000"))).incl_tax == Decimal("1060.00")


def test_the_catalogue_shows_prices_with_and_without_vat(client, catalogue, seller_company):
    make_course(seller_company, "Alfa", Decimal("1000"))

    text = client.get(catalogue.url).text

    assert "1\xa0250,00\xa0kr" in text and "1\xa0000,00\xa0kr exkl. moms" in text


def test_the_basket_total_includes_vat(client, seller_company):
    page = make_course(seller_company, "Alfa", Decimal("1000"))
    client.post(f"/sv/shop/basket/add/{page.course.product_id}/", {"quantity": 2})

    basket = client.get("/sv/shop/basket/").context["basket"]

    assert (basket.total_excl_tax, basket.total_incl_tax) == (Decimal("2000.00"), Decimal("2500.00"))


def test_unpublishing_a_course_withdraws_its_product_from_sale(client, seller_company):
    from courses.models import CoursePage

    page = make_course(seller_company, "Alfa", Decimal("1000"))
    CoursePage.objects.get(pk=page.pk).unpublish()

    response = client.post(f"/sv/shop/basket/add/{page.course.product_id}/", {"quantity": 1}, follow=True)

    assert response.context["basket"].num_items == 0
    product = type(page.course.product).objects.get(pk=page.course.product_id)
    assert not product.is_public
    assert not Selector().strategy().fetch_for_product(product).availability.is_available_to_buy


def test_republishing_puts_it_back_on_sale(client, seller_company):
    from courses.models import CoursePage

    page = make_course(seller_company, "Alfa", Decimal("1000"))
    CoursePage.objects.get(pk=page.pk).unpublish()
    CoursePage.objects.get(pk=page.pk).save_revision().publish()

    client.post(f"/sv/shop/basket/add/{page.course.product_id}/", {"quantity": 1})

    assert client.get("/sv/shop/basket/").context["basket"].num_items == 1
