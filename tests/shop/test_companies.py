"""Company accounts belong to the people in them: the first buyer administers, later buyers
of the same organisation number are kept apart until the administrators let them in."""

import dataclasses
from decimal import Decimal

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from shop.companies import membership as workflow
from shop.companies.models import Company, Invitation, JoinRequest, Membership, Role
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import ACME, place_order


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


@pytest.fixture
def first(buyer, course):
    place_order(buyer, [(course.product, 3)])
    return Company.objects.get()


@pytest.fixture
def second_buyer(db):
    return UserFactory(email="other.buyer@example.com")


def test_the_first_buyer_administers_and_a_later_buyer_gets_a_company_of_their_own(
    buyer, second_buyer, course, first
):
    renamed = dataclasses.replace(ACME, company_name="Acme Aktiebolag (felstavat)")
    later = place_order(second_buyer, [(course.product, 2)], details=renamed)
    again = place_order(buyer, [(course.product, 1)])

    first.refresh_from_db()
    assert first.name == "Acme AB"  # nobody's checkout renames it
    assert [(m.user, m.role) for m in first.memberships.all()] == [(buyer, Role.ADMIN)]
    own = later.billing.company
    assert own != first and own.organisation_number == first.organisation_number
    assert [(m.user, m.role) for m in own.memberships.all()] == [(second_buyer, Role.ADMIN)]
    assert again.billing.company == first
    assert later.invoice.buyer_name == "Acme Aktiebolag (felstavat)"


def test_a_later_buyer_asks_to_join_and_the_administrators_decide(
    client, buyer, second_buyer, course, first, django_capture_on_commit_callbacks
):
    place_order(second_buyer, [(course.product, 2)])
    client.force_login(second_buyer)
    page = client.get(reverse("account-companies"))
    assert first.organisation_number in page.text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account-company-join", kwargs={"pk": first.pk}), {"action": "ask"})
    (to_admin,) = mail.outbox
    assert to_admin.to == [buyer.email] and second_buyer.email in to_admin.body
    join_request = JoinRequest.objects.get()
    assert not Membership.objects.filter(company=first, user=second_buyer).exists()

    client.force_login(buyer)
    detail = reverse("account-company", kwargs={"pk": first.pk})
    assert second_buyer.email in client.get(detail).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, {"action": "approve", "target": join_request.pk})
    assert Membership.objects.get(company=first, user=second_buyer).role == Role.MEMBER
    assert mail.outbox[-1].to == [second_buyer.email]


def test_a_refused_request_leaves_the_person_out(buyer, second_buyer, course, first):
    place_order(second_buyer, [(course.product, 2)])
    join_request = workflow.request_to_join(second_buyer, first)
    workflow.decide_join_request(join_request, buyer, approve=False)
    assert not Membership.objects.filter(company=first, user=second_buyer).exists()
    with pytest.raises(ValidationError):
        workflow.decide_join_request(join_request, buyer, approve=True)


def test_nobody_asks_to_join_a_company_whose_number_they_never_bought_for(learner, first):
    with pytest.raises(PermissionDenied):
        workflow.request_to_join(learner, first)


def test_an_administrator_invites_a_colleague_who_joins_through_the_link(
    client, buyer, first, django_capture_on_commit_callbacks
):
    client.force_login(buyer)
    detail = reverse("account-company", kwargs={"pk": first.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, {"action": "invite", "email": "Kollega@Acme.example"})
    (message,) = mail.outbox
    link = next(word for word in message.body.split() if "/invitations/" in word)
    client.logout()

    response = client.post(
        link,
        {
            "first_name": "Kim",
            "last_name": "Kollega",
            "password1": "ett långt lösenord 42",
            "password2": "ett långt lösenord 42",
        },
    )
    assert response.status_code == 302
    colleague = Membership.objects.get(company=first, role=Role.MEMBER).user
    assert colleague.email == "kollega@acme.example"

    client.force_login(buyer)
    invalid = client.post(detail, {"action": "invite", "email": "not-an-address"})
    assert invalid.status_code == 200 and 'aria-invalid="true"' in invalid.text
    again = client.post(detail, {"action": "invite", "email": "kollega@acme.example"})
    assert again.status_code == 302  # already in the company: a message, nothing sent
    assert Invitation.objects.count() == 1


def test_members_are_removed_promoted_and_the_role_is_handed_on(buyer, learner, first):
    member = Membership.objects.create(company=first, user=learner, role=Role.MEMBER)
    own = first.memberships.get(user=buyer)

    with pytest.raises(ValidationError):
        workflow.step_down(own, buyer)  # the only administrator
    with pytest.raises(ValidationError):
        workflow.remove_member(own, buyer)
    with pytest.raises(PermissionDenied):
        workflow.remove_member(own, learner)  # a member removes nobody else

    workflow.hand_over(own, member, buyer)
    assert set(first.memberships.values_list("user__email", "role")) == {
        (buyer.email, Role.MEMBER),
        (learner.email, Role.ADMIN),
    }
    workflow.remove_member(first.memberships.get(user=buyer), learner)
    assert list(first.memberships.values_list("user", flat=True)) == [learner.pk]


def test_a_member_sees_the_company_and_its_administrators_only(client, buyer, learner, first):
    Membership.objects.create(company=first, user=learner, role=Role.MEMBER)
    client.force_login(learner)
    page = client.get(reverse("account-company", kwargs={"pk": first.pk}))
    assert page.status_code == 200 and str(buyer) in page.text
    assert buyer.email not in page.text  # the members' list is for administrators
    assert client.get(reverse("account-seats")).status_code == 200
    assert "GDPR" not in client.get(reverse("account-seats")).text

    response = client.post(reverse("account-company", kwargs={"pk": first.pk}), {"action": "leave"})
    assert response.status_code == 302
    assert not Membership.objects.filter(company=first, user=learner).exists()


def test_a_member_who_buys_administers_what_they_bought(buyer, learner, course, first):
    Membership.objects.create(company=first, user=learner, role=Role.MEMBER)
    order = place_order(learner, [(course.product, 2)])
    own = order.billing.company
    assert own != first and own.memberships.get().user == learner
    assert own.memberships.get().role == Role.ADMIN


def test_a_company_whose_administrator_is_deleted_gets_another_one(buyer, learner, first):
    Membership.objects.create(company=first, user=learner, role=Role.MEMBER)
    buyer.delete()
    assert first.memberships.get().user == learner and first.memberships.get().role == Role.ADMIN


def test_a_refusal_names_the_number_not_the_company(
    buyer, second_buyer, course, first, django_capture_on_commit_callbacks
):
    place_order(second_buyer, [(course.product, 2)])
    join_request = workflow.request_to_join(second_buyer, first)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.decide_join_request(join_request, buyer, approve=False)
    refusal = mail.outbox[-1]
    assert refusal.to == [second_buyer.email]
    assert first.organisation_number in refusal.subject and "Acme AB" not in refusal.body


def test_an_overlong_address_is_a_form_error(client, buyer, first):
    client.force_login(buyer)
    detail = reverse("account-company", kwargs={"pk": first.pk})
    response = client.post(detail, {"action": "invite", "email": "a" * 250 + "@acme.example"})
    assert response.status_code == 200 and not Invitation.objects.exists()
