"""The company pages cost the same number of queries for 3 people or 30 (with their
invitations and requests to join), and for 1 company or 10."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from shop.companies.membership import create_invitations
from shop.companies.models import Company, JoinRequest, Membership, Role
from tests.factories.home import UserFactory


def company_of(user, name, role=Role.ADMIN):
    company = Company.objects.create(name=name, organisation_number="556036-0793")
    Membership.objects.create(company=company, user=user, role=role)
    return company


def grow(company, people):
    """`people` in the company (every tenth an administrator), a third as many invited
    to join and as many asking to."""
    users = [UserFactory(email=f"{company.pk}-m{n}@acme.example") for n in range(people - 1)]
    Membership.objects.bulk_create(
        Membership(company=company, user=user, role=Role.ADMIN if n % 10 == 0 else Role.MEMBER)
        for n, user in enumerate(users)
    )
    others = max(1, people // 3)
    create_invitations(
        company, [f"{company.pk}-i{n}@acme.example" for n in range(others)], users[0], as_member=True
    )
    JoinRequest.objects.bulk_create(
        JoinRequest(company=company, user=UserFactory(email=f"{company.pk}-j{n}@acme.example"))
        for n in range(others)
    )


def queries(client, url) -> int:
    client.get(url)  # warm: session and site caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MEMBER])
def test_the_company_page_costs_the_same_queries_for_3_or_30_people(client, buyer, role):
    small, large = company_of(buyer, "Liten AB", role), company_of(buyer, "Stor AB", role)
    grow(small, 3)
    grow(large, 30)
    client.force_login(buyer)

    small_page = reverse("account-company", kwargs={"pk": small.pk})
    large_page = reverse("account-company", kwargs={"pk": large.pk})
    assert queries(client, small_page) == queries(client, large_page)
    if role == Role.ADMIN:
        assert client.get(large_page).text.count('name="target"') == 30 + 10 + 10


def test_the_company_list_costs_the_same_queries_for_1_or_10_companies(client, buyer):
    client.force_login(buyer)
    url = reverse("account-companies")
    company_of(buyer, "Ett AB")
    one = queries(client, url)
    for n in range(9):
        company_of(buyer, f"Bolag {n} AB", Role.MEMBER if n % 2 else Role.ADMIN)
        Company.objects.create(name=f"Annan {n} AB", organisation_number="556036-0793")  # to join
    assert queries(client, url) == one
