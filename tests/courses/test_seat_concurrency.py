"""Administrators giving a company's last free seats at the same moment, on PostgreSQL: the
pool's row lock lets each seat go to one person only."""

import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from courses import seats as seats_workflow
from courses import tasks as course_tasks
from courses.models import Enrolment, Seat
from shop.companies import tasks as company_tasks
from shop.companies.models import Invitation, Membership, Role
from shop.invoicing import fulfilment, tasks
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import place_order
from tests.shop.test_concurrency import at_once

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

# Long enough for a second administrator to read the free seats while the first is
# still writing, were the pool's row not locked.
WINDOW = 0.3


@pytest.fixture(autouse=True)
def quiet(postgres, monkeypatch):
    """No worker: invoices, fulfilment and mails are not what these tests are about. Each
    assignment waits a moment between counting the free seats and taking them."""
    monkeypatch.setattr(tasks.send_invoice, "delay", lambda *args, **kwargs: None)
    monkeypatch.setattr(tasks.fulfil_order, "delay", lambda *args, **kwargs: None)
    monkeypatch.setattr(course_tasks.tell_seat_holders, "delay", lambda *args, **kwargs: None)
    monkeypatch.setattr(company_tasks.send_invitations, "delay", lambda *args, **kwargs: None)
    create_invitations = seats_workflow.create_invitations

    def slow_create_invitations(*args, **kwargs):
        time.sleep(WINDOW)
        return create_invitations(*args, **kwargs)

    monkeypatch.setattr(seats_workflow, "create_invitations", slow_create_invitations)


@pytest.fixture
def pool(buyer, seller_company):
    course = make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course
    order = place_order(buyer, [(course.product, 5)])
    fulfilment.fulfil_order(order)
    return Enrolment.objects.get(order_line__order=order)


def administrators(pool, buyer, count):
    admins = [buyer]
    for n in range(count - 1):
        admin = UserFactory(email=f"admin{n}@acme.example")
        Membership.objects.create(company=pool.company, user=admin, role=Role.ADMIN)
        admins.append(admin)
    return admins


def test_two_administrators_giving_the_last_free_seat_at_once_give_it_once(buyer, pool):
    first, second = administrators(pool, buyer, 2)
    seats_workflow.assign_seats(pool, [f"kollega{n}@acme.example" for n in range(4)], first)
    wanted = ["anna@acme.example", "bertil@acme.example"]

    def assign(i):
        with translation.override("en"):
            return seats_workflow.assign_seats(pool, [wanted[i]], (first, second)[i])

    results, errors = at_once(assign, 2)

    assert len(results) == 1 and len(errors) == 1, (results, errors)
    (error,) = errors
    assert isinstance(error, ValidationError)
    assert "Only 0 seats are free, and you gave 1 new addresses." in error.messages
    given = Seat.objects.filter(pool=pool).taken()
    assert given.count() == 5
    winner = (results[0].invited + results[0].enrolled)[0]
    assert given.filter(email__in=wanted).get().email == winner
    assert Invitation.objects.filter(email__in=wanted).count() == 1  # the loser left nothing


def test_many_administrators_at_once_never_give_more_seats_than_were_bought(buyer, pool):
    admins = administrators(pool, buyer, 6)
    seats_workflow.assign_seats(pool, ["kollega@acme.example", "kollega2@acme.example"], buyer)

    results, errors = at_once(
        lambda i: seats_workflow.assign_seats(pool, [f"person{i}@acme.example"], admins[i]), len(admins)
    )

    assert len(results) == 3 and len(errors) == 3, (results, errors)
    assert all(isinstance(error, ValidationError) for error in errors), errors
    assert Seat.objects.filter(pool=pool).taken().count() == 5
    assert Invitation.objects.count() == 5
