"""Every retention the companies and seats declare really ends: the sweep, under the
dates it would run on."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from courses.models import Enrolment, Seat
from courses.seats import assign_seats
from gdpr.models import CustomerRelationship
from gdpr.relationships import end_relationship
from gdpr.sweep import sweep
from shop.companies.models import Company, Invitation, JoinRequest, Membership
from shop.invoicing import fulfilment
from tests.factories.courses import make_course
from tests.factories.shop import place_order


@pytest.fixture
def company_with_seats(buyer, learner, seller_company):
    course = make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course
    order = place_order(buyer, [(course.product, 5)])
    fulfilment.fulfil_order(order)
    pool = Enrolment.objects.get(order_line__order=order)
    assign_seats(pool, [learner.email, "aldrig.svarat@acme.example"], buyer)
    JoinRequest.objects.create(company=pool.company, user=learner)
    return pool.company


def test_company_data_ends_with_the_relationships_and_unused_invitations(buyer, learner, company_with_seats):
    ended = timezone.now() - timedelta(days=10)
    for person in (buyer, learner):
        end_relationship(person, CustomerRelationship.EndReason.ACCOUNT_CLOSED, when=ended)

    sweep(today=timezone.localdate() + timedelta(days=30))  # within every period: nothing ends
    assert Membership.objects.count() == 1 and JoinRequest.objects.count() == 1
    assert Invitation.objects.count() == 1
    assert set(Seat.objects.values_list("email", flat=True)) == {learner.email, "aldrig.svarat@acme.example"}

    later = date.today() + timedelta(days=500)  # relationship end + 12 months; link expiry + 3
    sweep(today=later)
    sweep(today=later)  # the company lost its last member in the first run
    assert not Membership.objects.exists() and not JoinRequest.objects.exists()
    assert not Invitation.objects.exists()
    emails = set(Seat.objects.values_list("email", flat=True))
    assert learner.email not in emails and "aldrig.svarat@acme.example" not in emails
    assert not Seat.objects.filter(holder__isnull=False).exists()
    company = Company.objects.get(pk=company_with_seats.pk)
    assert (company.name, company.organisation_number) == ("[erased]", "")
    assert sweep(today=later) == {}  # nothing left to do
