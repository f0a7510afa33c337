"""Who may see and touch a company's people and seats: per role, every company and seat
page and every action on them. A company or pool is looked up through the person asking,
so anyone else gets a 404 (a 403 would say that it exists) and the database is unchanged.
The leak of issue 9 is written here too: two buyers giving the same organisation number
see nothing of each other."""

from dataclasses import replace
from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from oscar.core.loading import get_model

import pytest

from courses.models import Enrolment, Seat
from courses.seats import assign_seats
from shop.companies.membership import invite_member
from shop.companies.models import Company, Invitation, JoinRequest, Membership, Role
from shop.invoicing import fulfilment
from shop.invoicing.models import Invoice, OrderBilling
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import ACME, place_order
from tests.shop.test_checkout import COMPANY, add_to_basket, go_to_company_step, place

Order = get_model("order", "Order")

# Everyone with an account who is not in Acme: a later buyer who gave Acme's number, the
# administrator of another company, a learner holding one of Acme's seats, and the site's
# own people.
OUTSIDERS = ["same_number_buyer", "other_admin", "learner", "seller", "staff", "sysadmin"]
MALFORMED_IDS = ["", "abc", "1.5", "-1", "0", "1e3", "0x10", "99999999999999999999", "١٢", " 7 "]


def swedish(message: str) -> str:
    """`message` as the /sv/ pages show it."""
    with translation.override("sv"):
        return escape(translation.gettext(message))


def fulfilled(order):
    fulfilment.fulfil_order(order)
    return Enrolment.objects.get(order_line__order=order)


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


@pytest.fixture
def acme_pool(buyer, course):
    """Acme's seat pool of 5: `buyer` administers Acme, having bought first."""
    return fulfilled(place_order(buyer, [(course.product, 5)]))


@pytest.fixture
def acme(acme_pool):
    return acme_pool.company


@pytest.fixture
def member(acme):
    user = UserFactory(email="medlem@acme.example", first_name="Maja", last_name="Medlem")
    Membership.objects.create(company=acme, user=user, role=Role.MEMBER)
    return user


@pytest.fixture
def same_number_buyer(course, acme):
    """Bought later for Acme's organisation number under another name: their own company."""
    user = UserFactory(email="senare.kopare@example.com")
    details = replace(ACME, company_name="Acme Holding AB", email="ekonomi@holding.example")
    fulfilled(place_order(user, [(course.product, 3)], details=details))
    return user


@pytest.fixture
def other_admin(course, acme):
    user = UserFactory(email="admin@beta.example")
    details = replace(ACME, company_name="Beta AB", organisation_number="559251-4557", vat_number="")
    fulfilled(place_order(user, [(course.product, 2)], details=details))
    return user


@pytest.fixture
def asker(acme):
    """Someone waiting for Acme's answer to their request to join."""
    user = UserFactory(email="fragar@acme.example")
    JoinRequest.objects.create(company=acme, user=user)
    return user


@pytest.fixture
def acme_world(buyer, acme, acme_pool, member, learner, asker, same_number_buyer, other_admin):
    """Acme with everything an action can aim at: a member, a learner holding a seat, a
    person invited to a seat, a colleague invited to join and a request to join."""
    assign_seats(acme_pool, [learner.email, "inbjuden@acme.example"], buyer)
    invite_member(acme, "kollega@acme.example", buyer)
    return {
        "company": acme,
        "pool": acme_pool,
        "admin_membership": Membership.objects.get(company=acme, user=buyer),
        "member_membership": Membership.objects.get(company=acme, user=member),
        "invitation": Invitation.objects.get(email="kollega@acme.example"),
        "request": JoinRequest.objects.get(user=asker),
        "held_seat": Seat.objects.get(pool=acme_pool, holder=learner),
        "invited_seat": Seat.objects.get(pool=acme_pool, email="inbjuden@acme.example"),
        "secrets": [
            "Acme AB",
            buyer.email,
            member.email,
            learner.email,
            asker.email,
            "inbjuden@acme.example",
            "kollega@acme.example",
            acme_pool.order_line.order.number,
        ],
    }


def snapshot() -> dict:
    """Every row a company or seat action could change."""
    return {
        "companies": list(Company.objects.order_by("pk").values_list()),
        "memberships": list(Membership.objects.order_by("pk").values_list()),
        "requests": list(JoinRequest.objects.order_by("pk").values_list()),
        "invitations": list(Invitation.objects.order_by("pk").values_list()),
        "seats": list(Seat.objects.order_by("pk").values_list()),
        "enrolments": list(Enrolment.objects.order_by("pk").values_list()),
    }


def company_url(world) -> str:
    return reverse("account-company", kwargs={"pk": world["company"].pk})


def pool_url(world) -> str:
    return reverse("account-seat-pool", kwargs={"pk": world["pool"].pk})


def join_url(world) -> str:
    return reverse("account-company-join", kwargs={"pk": world["company"].pk})


def company_posts(world) -> list[dict]:
    """Every button of the company page, each aimed at one of Acme's rows."""
    return [
        {"action": "invite", "email": "ny@acme.example"},
        {"action": "resend", "target": world["invitation"].pk},
        {"action": "withdraw", "target": world["invitation"].pk},
        {"action": "remove", "target": world["member_membership"].pk},
        {"action": "remove", "target": world["admin_membership"].pk},
        {"action": "make_admin", "target": world["member_membership"].pk},
        {"action": "step_down", "target": world["admin_membership"].pk},
        {"action": "approve", "target": world["request"].pk},
        {"action": "refuse", "target": world["request"].pk},
        {"action": "leave"},
    ]


def seat_posts(world, email) -> list[dict]:
    """Every button of the seat pool page, each aimed at one of Acme's seats."""
    return [
        {"action": "assign", "addresses": email},
        {"action": "assign", "addresses": "ny1@example.com\nny2@example.com"},
        {"action": "assign_me"},
        {"action": "take_back", "seat": world["held_seat"].pk},
        {"action": "take_back", "seat": world["invited_seat"].pk},
        {"action": "resend", "seat": world["invited_seat"].pk},
    ]


def every_post(world, email) -> list[tuple[str, dict]]:
    return [
        *((company_url(world), data) for data in company_posts(world)),
        *((pool_url(world), data) for data in seat_posts(world, email)),
        (join_url(world), {"action": "ask"}),
        (join_url(world), {"action": "withdraw"}),
    ]


# --- A visitor ------------------------------------------------------------------------


def test_a_visitor_is_sent_to_log_in_from_every_company_and_seat_page_and_action(client, acme_world):
    before = snapshot()
    urls = [
        reverse("account-companies"),
        company_url(acme_world),
        join_url(acme_world),
        reverse("account-seats"),
        pool_url(acme_world),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url, url
    for url, data in every_post(acme_world, "visitor@example.com"):
        response = client.post(url, data)
        assert response.status_code == 302 and "login" in response.url, (url, data)
    assert snapshot() == before


# --- Outsiders ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_an_outsider_gets_a_404_for_the_company_its_seats_and_every_action(
    client, acme_world, persona, request
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = snapshot()

    assert client.get(company_url(acme_world)).status_code == 404
    assert client.get(pool_url(acme_world)).status_code == 404
    for url, data in every_post(acme_world, user.email):
        if persona == "same_number_buyer" and url == join_url(acme_world):
            continue  # they may ask; that they then join nothing is tested below
        assert client.post(url, data).status_code == 404, (url, data)

    assert snapshot() == before


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_an_outsiders_own_pages_show_nothing_of_the_company(client, acme_world, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    shown = [reverse("account-companies"), reverse("account-seats"), reverse("account-courses")]
    shown += [
        reverse("account-company", kwargs={"pk": m.company_id}) for m in Membership.objects.filter(user=user)
    ]
    shown += [
        reverse("account-seat-pool", kwargs={"pk": pool.pk})
        for pool in Enrolment.objects.filter(
            company__memberships__user=user, company__memberships__role="admin"
        )
    ]
    for url in shown:
        response = client.get(url)
        assert response.status_code == 200, url
        for secret in acme_world["secrets"]:
            if secret != user.email:
                assert secret not in response.text, (url, secret)
        # No link to Acme's pages (a later buyer of its number sees where to ask to join).
        assert f'"{pool_url(acme_world)}"' not in response.text
        assert f'"{company_url(acme_world)}"' not in response.text


def test_another_companys_administrator_cannot_reach_its_rows_through_their_own_pages(
    client, acme_world, other_admin
):
    """Ids of Acme's rows posted to the administrator's own company and pool find nothing."""
    client.force_login(other_admin)
    own_company = Company.objects.get(memberships__user=other_admin)
    own_pool = Enrolment.objects.get(company=own_company)
    own_company_url = reverse("account-company", kwargs={"pk": own_company.pk})
    own_pool_url = reverse("account-seat-pool", kwargs={"pk": own_pool.pk})
    before = snapshot()

    for data in company_posts(acme_world):
        if "target" in data:
            assert client.post(own_company_url, data).status_code == 404, data
    for data in seat_posts(acme_world, other_admin.email):
        if "seat" in data:
            response = client.post(own_pool_url, data, follow=True)
            assert response.status_code == 200, data
            assert swedish("This seat has already been taken back.") in response.text

    assert snapshot() == before


def test_a_seat_invitation_is_not_withdrawn_from_the_company_page(client, acme_world, buyer):
    """It goes with its seat (seat page): withdrawn alone, it would hold the seat for nobody."""
    client.force_login(buyer)
    before = snapshot()
    seat_invitation = acme_world["invited_seat"].invitation
    for action in ("withdraw", "resend"):
        data = {"action": action, "target": seat_invitation.pk}
        assert client.post(company_url(acme_world), data).status_code == 404
    assert snapshot() == before


# --- A member -------------------------------------------------------------------------


def test_a_member_sees_the_company_but_not_its_seats_people_or_requests(client, acme_world, member):
    client.force_login(member)
    page = client.get(company_url(acme_world))
    assert page.status_code == 200 and "Acme AB" in page.text
    for hidden in [
        "kollega@acme.example",
        "fragar@acme.example",
        "inbjuden@acme.example",
        "learner@example.com",
    ]:
        assert hidden not in page.text
    assert client.get(pool_url(acme_world)).status_code == 404
    assert pool_url(acme_world) not in client.get(reverse("account-seats")).text


def test_a_member_can_do_nothing_an_administrator_does(client, acme_world, member):
    client.force_login(member)
    before = snapshot()
    own = acme_world["member_membership"].pk
    for data in company_posts(acme_world):
        if data["action"] == "leave" or (data["action"] == "remove" and data["target"] == own):
            continue  # leaving is their own right, below
        assert client.post(company_url(acme_world), data).status_code == 403, data
    for data in seat_posts(acme_world, member.email):
        assert client.post(pool_url(acme_world), data).status_code == 404, data
    assert snapshot() == before

    assert client.post(company_url(acme_world), {"action": "leave"}).status_code == 302
    assert not Membership.objects.filter(user=member).exists()
    assert client.get(company_url(acme_world)).status_code == 404


# --- Joining --------------------------------------------------------------------------


def test_asking_to_join_joins_nothing_until_an_administrator_approves(
    client, acme_world, buyer, same_number_buyer
):
    client.force_login(same_number_buyer)
    assert client.post(join_url(acme_world), {"action": "ask"}).status_code == 302
    assert JoinRequest.objects.filter(
        company=acme_world["company"], user=same_number_buyer, outcome="pending"
    ).exists()
    assert not Membership.objects.filter(company=acme_world["company"], user=same_number_buyer).exists()
    assert client.get(company_url(acme_world)).status_code == 404
    assert client.get(pool_url(acme_world)).status_code == 404
    assert "Acme AB" not in client.get(reverse("account-companies")).text

    join_request = JoinRequest.objects.get(user=same_number_buyer, outcome="pending")
    client.force_login(buyer)
    client.post(company_url(acme_world), {"action": "approve", "target": join_request.pk})
    client.force_login(same_number_buyer)
    assert client.get(company_url(acme_world)).status_code == 200
    assert client.get(pool_url(acme_world)).status_code == 404  # a member, not an administrator


@pytest.mark.parametrize("persona", ["other_admin", "learner", "member", "seller", "staff"])
def test_nobody_without_the_number_can_ask_to_join(client, acme_world, persona, request):
    client.force_login(request.getfixturevalue(persona))
    before = snapshot()
    assert client.post(join_url(acme_world), {"action": "ask"}).status_code == 404
    assert snapshot() == before


def test_an_asker_cannot_answer_their_own_request(client, acme_world, asker):
    client.force_login(asker)
    before = snapshot()
    for action in ("approve", "refuse"):
        data = {"action": action, "target": acme_world["request"].pk}
        assert client.post(company_url(acme_world), data).status_code == 404
    assert snapshot() == before


# --- The leak of issue 9 ----------------------------------------------------------------


def check_out(client, user, product, quantity, company, capture):
    client.force_login(user)
    add_to_basket(client, product, quantity)
    go_to_company_step(client)
    with capture(execute=True):
        response = place(client, company)
    assert response.status_code == 302 and response.url == reverse("checkout:thank-you")
    return Order.objects.filter(user=user).latest("date_placed")


def test_two_buyers_checking_out_with_one_organisation_number_see_nothing_of_each_other(
    client, buyer, course, django_capture_on_commit_callbacks
):
    second = UserFactory(email="bo@holding.example", first_name="Bo", last_name="Bolag")
    first_order = check_out(client, buyer, course.product, 3, COMPANY, django_capture_on_commit_callbacks)
    second_details = {
        **COMPANY,
        "company_name": "Acme Holding AB",
        "first_name": "Bo",
        "last_name": "Bolag",
        "invoice_email": "ekonomi@holding.example",
        "reference": "HOLD-1",
    }
    second_order = check_out(
        client, second, course.product, 2, second_details, django_capture_on_commit_callbacks
    )

    first_pool = Enrolment.objects.get(order_line__order=first_order)
    second_pool = Enrolment.objects.get(order_line__order=second_order)
    first_company, second_company = first_pool.company, second_pool.company
    assert first_company != second_company
    assert first_company.organisation_number == second_company.organisation_number == "556036-0793"
    assert first_company.name == "Acme AB"  # not renamed by the second checkout
    assert second_company.name == "Acme Holding AB"
    assert list(first_company.memberships.values_list("user", "role")) == [(buyer.pk, "admin")]
    assert list(second_company.memberships.values_list("user", "role")) == [(second.pk, "admin")]
    assert OrderBilling.objects.get(order=first_order).company == first_company
    assert OrderBilling.objects.get(order=second_order).company == second_company
    assert Invoice.objects.get(order=first_order).buyer_name == "Acme AB"
    assert Invoice.objects.get(order=second_order).buyer_name == "Acme Holding AB"

    for user, own_pool, other_pool, others in [
        (
            buyer,
            first_pool,
            second_pool,
            [
                "Acme Holding AB",
                second.email,
                "Bo Bolag",
                "ekonomi@holding.example",
                "HOLD-1",
                second_order.number,
            ],
        ),
        (
            second,
            second_pool,
            first_pool,
            ["Acme AB", buyer.email, "faktura@acme.example", "PO-4711", first_order.number],
        ),
    ]:
        client.force_login(user)
        other_company = other_pool.company
        assert client.get(reverse("account-company", kwargs={"pk": other_company.pk})).status_code == 404
        assert client.get(reverse("account-seat-pool", kwargs={"pk": other_pool.pk})).status_code == 404
        for url in [
            reverse("account-companies"),
            reverse("account-company", kwargs={"pk": own_pool.company_id}),
            reverse("account-seats"),
            reverse("account-seat-pool", kwargs={"pk": own_pool.pk}),
            reverse("account-courses"),
            reverse("account-invoices"),
            reverse("customer:order-list"),
        ]:
            page = client.get(url)
            assert page.status_code == 200, url
            for secret in others:  # "Acme AB" is not a part of "Acme Holding AB"
                assert secret not in page.text, (url, secret)
            assert reverse("account-seat-pool", kwargs={"pk": other_pool.pk}) not in page.text


# --- Bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("raw", MALFORMED_IDS)
def test_malformed_ids_never_give_a_server_error(client, acme_world, buyer, raw):
    """The test client raises on a 500; every answer here is a redirect, a page or a 404."""
    client.force_login(buyer)
    before = snapshot()
    for action in ("resend", "withdraw", "remove", "make_admin", "step_down", "approve", "refuse"):
        response = client.post(company_url(acme_world), {"action": action, "target": raw})
        assert response.status_code in (302, 404), (action, raw, response.status_code)
    for action in ("take_back", "resend"):
        response = client.post(pool_url(acme_world), {"action": action, "seat": raw})
        assert response.status_code == 302, (action, raw, response.status_code)
    if raw.strip() in ("0", "-1", "abc", ""):
        assert snapshot() == before  # nothing anyone could mean


@pytest.mark.parametrize("action", ["", "explode", "ASSIGN", "leave ", "__class__"])
def test_an_unknown_action_is_refused_with_a_message(client, acme_world, buyer, action):
    client.force_login(buyer)
    before = snapshot()
    for url in (company_url(acme_world), pool_url(acme_world)):
        response = client.post(url, {"action": action, "target": "1", "seat": "1"}, follow=True)
        assert response.status_code == 200, url
        assert swedish("That cannot be done here.") in response.text, url
        assert client.post(url, {}).status_code == 302  # no action at all
    assert snapshot() == before


def test_huge_or_unknown_ids_in_the_address_are_a_404(client, acme_world, buyer):
    client.force_login(buyer)
    huge = 10**20
    for name in ("account-company", "account-seat-pool"):
        assert client.get(reverse(name, kwargs={"pk": huge})).status_code == 404
        assert client.post(reverse(name, kwargs={"pk": huge}), {"action": "leave"}).status_code == 404
    assert client.post(reverse("account-company-join", kwargs={"pk": huge})).status_code == 404
    for token in ("x" * 500, "..", "%00", "a b"):
        assert client.get(reverse("company-invitation", kwargs={"token": token})).status_code == 404


def test_bad_assign_input_is_shown_on_the_page(client, acme_world, buyer):
    client.force_login(buyer)
    before = snapshot()
    too_many = " ".join(f"p{n}@acme.example" for n in range(501))
    for addresses in ("", "inte en adress", too_many, "a@b.example," * 3 + "@"):
        response = client.post(pool_url(acme_world), {"action": "assign", "addresses": addresses})
        assert response.status_code == 200, addresses[:40]
    # A NUL character is turned away before any view, as a bad request.
    assert (
        client.post(pool_url(acme_world), {"action": "assign", "addresses": "\x00@x.example"}).status_code
        == 400
    )
    assert client.post(pool_url(acme_world), {"action": "assign"}).status_code == 200
    assert snapshot() == before
