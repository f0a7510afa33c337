"""The privacy centre's summary costs the same queries whatever the person's history: one
order or fifty (`make bench` loads it for a person with 1,000)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import place_order

pytestmark = pytest.mark.django_db


def summary_queries(client, person) -> list[str]:
    """The SQL of one warm request for the summary (the first fills the caches)."""
    client.force_login(person)
    with translation.override("en"):
        client.get(reverse("account-privacy"))
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("account-privacy")).content.decode()
    assert "Orders and invoices" in page
    return [query["sql"] for query in captured]


def test_the_summary_costs_the_same_for_one_order_and_for_fifty(client, home_page, seller_company):
    product = make_course(seller_company, "Kurs").course.product
    one, fifty = UserFactory(), UserFactory()
    place_order(one, [(product, 1)])
    for _n in range(50):
        place_order(fifty, [(product, 1)])

    few, many = summary_queries(client, one), summary_queries(client, fifty)

    grown = [sql for sql in many if sql not in few]
    assert len(many) == len(few), f"{len(few)} queries for one order, {len(many)} for fifty: {grown}"
