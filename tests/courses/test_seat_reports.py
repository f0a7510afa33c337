"""The company's view of its seats: per seat whether, and when, the learner started and
finished, read from the seat's report (the purpose "reporting completion to the company
that paid for the seat"), for the company's administrators only, in flat queries."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

import pytest

from courses.models import Enrolment, Seat, SeatReport
from courses.seats import assign_seats
from shop.invoicing import fulfilment
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import place_order


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


def new_pool(buyer, course, seats):
    order = place_order(buyer, [(course.product, seats)])
    fulfilment.fulfil_order(order)
    return Enrolment.objects.get(order_line__order=order)


def short(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def pool_page(client, pool):
    return client.get(reverse("account-seat-pool", kwargs={"pk": pool.pk}))


def start(seat, started, completed=None):
    """What courses.progress does as the learner goes: the enrolment started, the report written."""
    Enrolment.objects.filter(seat=seat).update(started_at=started)
    SeatReport.objects.create(seat=seat, started_at=started, completed_at=completed)


@pytest.fixture
def pool(buyer, course):
    pool = new_pool(buyer, course, 5)
    people = [UserFactory(email=f"{name}@acme.example").email for name in ("klar", "igang", "ny")]
    assign_seats(pool, people, buyer)
    return pool


def seat(pool, local) -> Seat:
    return pool.assigned_seats.get(email=f"{local}@acme.example")


def row_of(text, email) -> str:
    start_at = text.index(f'<th scope="row">{email}</th>')
    return text[start_at : text.index("</tr>", start_at)]


def test_the_administrator_sees_who_started_and_finished_and_when(client, buyer, pool):
    started, finished = timezone.now() - timedelta(days=9), timezone.now() - timedelta(days=2)
    start(seat(pool, "klar"), started, finished)
    start(seat(pool, "igang"), started)
    client.force_login(buyer)

    text = pool_page(client, pool).text

    assert f"Started {short(started)}, finished {short(finished)}" in row_of(text, "klar@acme.example")
    assert f"Started {short(started)}" in row_of(text, "igang@acme.example")
    assert "finished" not in row_of(text, "igang@acme.example")
    assert "Not started yet" in row_of(text, "ny@acme.example")


def test_only_an_unstarted_seat_can_be_taken_back(client, buyer, pool):
    start(seat(pool, "klar"), timezone.now(), timezone.now())
    client.force_login(buyer)
    text = pool_page(client, pool).text
    assert "Take back the seat of" not in row_of(text, "klar@acme.example")
    assert "Take back the seat of" in row_of(text, "ny@acme.example")


def test_what_is_shown_comes_from_the_report_alone(client, buyer, pool):
    """The report is the record kept for the company; the enrolment is the learner's."""
    started = timezone.now() - timedelta(days=3)
    start(seat(pool, "klar"), started)
    Enrolment.objects.filter(seat=seat(pool, "klar")).update(started_at=timezone.now() - timedelta(days=400))
    client.force_login(buyer)
    assert f"Started {short(started)}" in row_of(pool_page(client, pool).text, "klar@acme.example")


def test_another_companys_administrator_sees_nothing_of_the_reports(client, pool, course):
    start(seat(pool, "klar"), timezone.now(), timezone.now())
    other_admin = UserFactory(email="admin@other.example")
    new_pool(other_admin, course, 2)
    client.force_login(other_admin)
    response = pool_page(client, pool)
    assert response.status_code == 404
    assert "klar@acme.example" not in response.text


def test_a_learner_holding_a_seat_does_not_see_the_pool(client, pool):
    client.force_login(seat(pool, "klar").holder)
    assert pool_page(client, pool).status_code == 404


def test_the_pool_page_costs_the_same_queries_with_reports_for_5_or_60_seats(client, buyer, course):
    def filled(seats):
        pool = new_pool(buyer, course, seats)
        assign_seats(
            pool, [UserFactory(email=f"p{seats}-{n}@acme.example").email for n in range(seats)], buyer
        )
        for n, given in enumerate(pool.assigned_seats.order_by("pk")):
            if n % 2 == 0:
                start(given, timezone.now(), timezone.now() if n % 4 == 0 else None)
        return pool

    small, large = filled(5), filled(60)
    client.force_login(buyer)

    def count(pool):
        pool_page(client, pool)  # warm: session, site and page caches
        with CaptureQueriesContext(connection) as captured:
            response = pool_page(client, pool)
        assert response.text.count("finished") == len(range(0, pool.seats, 4))
        return len(captured)

    assert count(small) == count(large)
