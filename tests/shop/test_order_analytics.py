"""The figures of Oscar's analytics that a placed order adds (the dashboard's reports),
written by shop/order/analytics.py."""

from decimal import Decimal

from oscar.core.loading import get_model

import pytest

from gdpr.restriction import restrict
from tests.factories.courses import make_course
from tests.factories.shop import make_document_product, place_order

ProductRecord = get_model("analytics", "ProductRecord")
UserRecord = get_model("analytics", "UserRecord")


@pytest.fixture
def products(seller_company):
    course = make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course
    return course.product, make_document_product(seller_company, price=Decimal("200"))


def test_orders_add_to_each_products_purchases_and_to_the_buyers_record(buyer, products):
    course, document = products
    ProductRecord.objects.create(product=course, num_views=7, num_purchases=3)

    first = place_order(buyer, [(course, 1), (document, 2)])
    second = place_order(buyer, [(document, 1)])

    purchases = dict(ProductRecord.objects.values_list("product", "num_purchases"))
    assert purchases == {course.pk: 4, document.pk: 3}
    assert ProductRecord.objects.get(product=course).num_views == 7  # the rest untouched
    record = UserRecord.objects.get(user=buyer)
    assert (record.num_orders, record.num_order_lines, record.num_order_items) == (2, 3, 4)
    assert record.total_spent == first.total_incl_tax + second.total_incl_tax
    assert record.date_last_order == second.date_placed


def test_a_buyer_restricted_for_statistics_is_left_out_but_the_products_still_count(buyer, products):
    course, _document = products
    restrict(buyer, "Objected to statistics")

    place_order(buyer, [(course, 2)])

    assert ProductRecord.objects.get(product=course).num_purchases == 2
    assert not UserRecord.objects.filter(user=buyer).exists()
