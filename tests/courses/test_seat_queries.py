"""Seats cost the same number of queries however many there are: the pool page for 5 or
60 holders, and giving 2 or 40 seats from a pasted list."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from courses.models import Enrolment
from courses.seats import assign_seats
from shop.invoicing import fulfilment
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import place_order


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


def new_pool(buyer, course, seats):
    order = place_order(buyer, [(course.product, seats)])
    fulfilment.fulfil_order(order)
    return Enrolment.objects.get(order_line__order=order)


def people(tag, count):
    """`count` addresses: a third with accounts, the rest new people to invite."""
    with_account = [UserFactory(email=f"{tag}-konto{n}@acme.example").email for n in range(count // 3)]
    return with_account + [f"{tag}-ny{n}@acme.example" for n in range(count - len(with_account))]


def filled_pool(buyer, course, seats):
    """A pool whose seats are all given: some started, some not, some invitations."""
    pool = new_pool(buyer, course, seats)
    assign_seats(pool, people(f"p{seats}", seats), buyer)
    started = Enrolment.objects.filter(seat__pool=pool).order_by("pk")[: max(1, seats // 5)]
    Enrolment.objects.filter(pk__in=[e.pk for e in started]).update(started_at=timezone.now())
    return pool


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_the_pool_page_costs_the_same_queries_for_5_or_60_seats(client, buyer, course):
    small, large = filled_pool(buyer, course, 5), filled_pool(buyer, course, 60)
    client.force_login(buyer)

    def page(pool):
        url = reverse("account-seat-pool", kwargs={"pk": pool.pk})
        client.get(url)  # warm: session, site and page caches

        def get():
            response = client.get(url)
            assert response.status_code == 200
            assert response.text.count('name="seat"') == pool.seats

        return queries(get)

    assert page(small) == page(large)


def test_the_pools_page_costs_the_same_queries_for_1_or_12_pools(client, buyer, course):
    client.force_login(buyer)
    url = reverse("account-seats")
    new_pool(buyer, course, 5)
    client.get(url)
    one = queries(lambda: client.get(url))
    for _ in range(11):
        new_pool(buyer, course, 5)
    assert queries(lambda: client.get(url)) == one


def test_giving_2_or_40_seats_costs_the_same_queries(buyer, course):
    """Two addresses (one account, one new person) take every path forty do."""
    small, large = new_pool(buyer, course, 5), new_pool(buyer, course, 42)
    for pool in (small, large):  # neither pool is empty
        assign_seats(pool, ["forst@acme.example", "andra@acme.example"], buyer)
    two = [UserFactory(email="tva-konto@acme.example").email, "tva-ny@acme.example"]
    forty = people("fyrtio", 40)

    assert queries(lambda: assign_seats(small, two, buyer)) == queries(
        lambda: assign_seats(large, forty, buyer)
    )
    assert large.assigned_seats.taken().count() == 42
