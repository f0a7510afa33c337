"""No page in Oscar's own storefront design is left: what the shop does not use sends the
visitor to the page of ours that does the job."""

from decimal import Decimal

from django.urls import reverse

import pytest

from tests.factories.courses import make_course
from tests.factories.shop import make_document_product


@pytest.fixture
def course_page(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000"))


def test_a_products_page_is_its_course_page(client, course_page, seller_company):
    product = course_page.course.product
    response = client.get(reverse("catalogue:detail", kwargs={"product_slug": "x", "pk": product.pk}))
    assert response.status_code == 302 and response.url == course_page.url

    document = make_document_product(seller_company)
    document.document_product.course = course_page.course
    document.document_product.save()
    response = client.get(reverse("catalogue:detail", kwargs={"product_slug": "x", "pk": document.pk}))
    assert response.status_code == 302 and response.url == course_page.url

    missing = client.get(reverse("catalogue:detail", kwargs={"product_slug": "x", "pk": 987654}))
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("name", "kwargs", "lands_on"),
    [
        ("catalogue:category", {"category_slug": "kurser", "pk": 1}, "catalogue"),
        ("catalogue:range", {"slug": "allt"}, "catalogue"),
        ("offer:list", {}, "catalogue"),
        ("offer:detail", {"slug": "kampanj"}, "catalogue"),
        ("search:search", {}, "/search/"),
        ("basket:saved", {}, "/shop/basket/"),
        ("checkout:shipping-address", {}, "/shop/checkout/"),
        ("checkout:shipping-method", {}, "/shop/checkout/"),
        ("checkout:user-address-update", {"pk": 1}, "/shop/checkout/"),
    ],
)
def test_storefront_pages_the_shop_does_not_use_lead_to_ours(client, catalogue, name, kwargs, lands_on):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    if lands_on == "catalogue":
        assert response.url == catalogue.url
    else:
        assert lands_on in response.url
