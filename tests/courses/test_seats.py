"""A company's seats: given by e-mail, taken by the people they were given to, taken back
while unused, and gone with the order that bought them."""

from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from courses.models import Enrolment, Seat
from courses.progress import mark_done
from courses.seats import assign_seats, parse_addresses, take_back
from shop.companies.models import Invitation
from shop.invoicing import fulfilment, services
from tests.factories.courses import make_course, make_lessons
from tests.factories.home import UserFactory
from tests.factories.shop import place_order


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English (the pages' Swedish is tested elsewhere)."""
    with translation.override("en"):
        yield


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


@pytest.fixture
def pool(buyer, course):
    order = place_order(buyer, [(course.product, 5)])
    fulfilment.fulfil_order(order)
    return Enrolment.objects.get(order_line__order=order)


def link_in(message) -> str:
    return next(word for word in message.body.split() if "/invitations/" in word)


def test_a_pasted_list_is_read_whatever_separates_the_addresses():
    text = "Anna@Acme.example, bo@acme.example;\n<cecilia@acme.example>\n\nanna@acme.example"
    assert parse_addresses(text) == ["anna@acme.example", "bo@acme.example", "cecilia@acme.example"]
    with pytest.raises(ValidationError, match="not an e-mail address: nope"):
        parse_addresses("bo@acme.example nope")
    with pytest.raises(ValidationError):
        parse_addresses("  \n ")


def test_an_existing_account_learns_at_once_and_is_told(
    buyer, learner, pool, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = assign_seats(pool, [learner.email, buyer.email], buyer)

    assert sorted(result.enrolled) == sorted([learner.email, buyer.email]) and result.invited == []
    assert Enrolment.objects.active().filter(user=learner, course=course, source="seat").exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([learner.email, buyer.email])
    assert "GDPR för alla" in mail.outbox[0].body


def test_a_new_person_is_invited_creates_an_account_and_finds_the_course(
    client, buyer, pool, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = assign_seats(pool, ["ny.kollega@acme.example"], buyer)
    assert result.invited == ["ny.kollega@acme.example"]
    (message,) = mail.outbox
    assert message.to == ["ny.kollega@acme.example"] and "GDPR för alla" in message.body
    link = link_in(message)

    page = client.get(link)
    assert page.status_code == 200 and "GDPR för alla" in page.text
    response = client.post(
        link,
        {
            "first_name": "Nils",
            "last_name": "Kollega",
            "password1": "ett långt lösenord 42",
            "password2": "ett långt lösenord 42",
        },
    )
    assert response.status_code == 302 and response.url == reverse("account-courses")
    courses = client.get(response.url)
    assert "GDPR för alla" in courses.text
    seat = Seat.objects.get(email="ny.kollega@acme.example")
    assert seat.holder.get_full_name() == "Nils Kollega"
    assert Enrolment.objects.active().filter(seat=seat, user=seat.holder).exists()
    assert client.get(link).status_code == 410  # used once


def test_an_invitation_link_expires_and_sending_it_again_gives_a_new_one(
    client, buyer, pool, settings, django_capture_on_commit_callbacks
):
    settings.COMPANY_INVITATION_DAYS = 14
    with django_capture_on_commit_callbacks(execute=True):
        assign_seats(pool, ["sen@acme.example"], buyer)
    old_link = link_in(mail.outbox[-1])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(old_link).status_code == 410

    seat = Seat.objects.get(email="sen@acme.example")
    client.force_login(buyer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account-seat-pool", kwargs={"pk": pool.pk}), {"action": "resend", "seat": seat.pk}
        )
    new_link = link_in(mail.outbox[-1])
    client.logout()
    assert new_link != old_link
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200
    assert Invitation.objects.get().expires_at > timezone.now() + timedelta(days=13)


def test_too_few_free_seats_gives_none(buyer, pool):
    addresses = [f"person{n}@acme.example" for n in range(6)]
    with pytest.raises(ValidationError, match="Only 5 seats are free"):
        assign_seats(pool, addresses, buyer)
    assert not Seat.objects.exists() and not Invitation.objects.exists()


def test_the_same_person_twice_takes_one_seat(buyer, learner, pool):
    assign_seats(pool, [learner.email], buyer)
    result = assign_seats(pool, [learner.email, "annan@acme.example"], buyer)
    assert result.already == [learner.email] and result.invited == ["annan@acme.example"]
    assert pool.assigned_seats.taken().count() == 2


def test_an_unused_seat_is_taken_back_and_given_to_someone_else(buyer, learner, pool, course):
    assign_seats(pool, [learner.email, "inbjuden@acme.example"], buyer)
    seat = Seat.objects.get(holder=learner)
    invited = Seat.objects.get(email="inbjuden@acme.example")

    take_back(pool, seat.pk, buyer)
    take_back(pool, invited.pk, buyer)

    assert not Enrolment.objects.active().filter(user=learner, course=course).exists()
    assert Invitation.objects.get(email="inbjuden@acme.example").withdrawn_at is not None
    assert pool.assigned_seats.taken().count() == 0
    assign_seats(pool, [f"p{n}@acme.example" for n in range(5)], buyer)  # all five free again


def test_a_started_seat_cannot_be_taken_back(client, buyer, learner, pool, course):
    assign_seats(pool, [learner.email], buyer)
    lesson = make_lessons(course.pages.get(), modules=1, lessons_per_module=2)[1]  # not the preview
    mark_done(learner, lesson)  # the learner's first step in the course

    seat = Seat.objects.get(holder=learner)
    with translation.override("en"), pytest.raises(ValidationError, match="started"):
        take_back(pool, seat.pk, buyer)
    assert Enrolment.objects.active().filter(user=learner, course=course).exists()


def test_crediting_the_order_takes_back_its_seats_and_nothing_else(buyer, learner, pool, course):
    own = place_order(learner, [(course.product, 1)])
    fulfilment.fulfil_order(own)  # the learner's own purchase, from another company account
    assign_seats(pool, [learner.email, "inbjuden@acme.example"], buyer)

    services.credit_invoice(pool.order_line.order.invoice, "Fel antal", user=None)

    assert Enrolment.objects.active().filter(user=learner, course=course).count() == 1
    assert Enrolment.objects.active().get(user=learner, course=course).seat.pool.order_line.order == own
    assert Seat.objects.filter(pool=pool).taken().count() == 0
    assert Invitation.objects.get(email="inbjuden@acme.example").withdrawn_at is not None


def test_a_single_seat_bought_is_the_buyers_and_can_be_given_away_until_started(buyer, learner, course):
    order = place_order(buyer, [(course.product, 1)])
    fulfilment.fulfil_order(order)
    pool = Enrolment.objects.get(order_line__order=order)
    assert Enrolment.objects.active().filter(user=buyer, course=course, seat__pool=pool).exists()

    take_back(pool, pool.assigned_seats.get().pk, buyer)
    assign_seats(pool, [learner.email], buyer)
    assert not Enrolment.objects.active().filter(user=buyer, course=course).exists()
    assert Enrolment.objects.active().filter(user=learner, course=course).exists()


def test_the_seat_page_shows_each_holder_and_assigns_from_a_pasted_list(
    client, buyer, learner, pool, django_capture_on_commit_callbacks
):
    client.force_login(buyer)
    url = reverse("account-seat-pool", kwargs={"pk": pool.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "assign", "addresses": f"{learner.email}\nny@acme.example"})
    assert response.status_code == 302
    page = client.get(url)
    assert learner.email in page.text and "ny@acme.example" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "assign_me"})
    assert Seat.objects.filter(holder=buyer).exists()

    bad = client.post(url, {"action": "assign", "addresses": "inte en adress"})
    assert bad.status_code == 200 and "inte" in bad.text
    assert pool.assigned_seats.taken().count() == 3


def test_an_invitation_for_an_existing_account_asks_to_sign_in_as_that_account(
    client, buyer, pool, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assign_seats(pool, ["senare@acme.example"], buyer)
    link = link_in(mail.outbox[-1])
    later = UserFactory(email="senare@acme.example")  # made an account some other way meanwhile

    assert "login" in client.get(link).text
    client.force_login(buyer)
    assert client.get(link).status_code == 403  # someone else's invitation
    client.force_login(later)
    response = client.post(link)
    assert response.status_code == 302
    assert Seat.objects.get(email="senare@acme.example").holder == later


def test_the_order_mail_for_seats_says_where_to_give_them(buyer, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        place_order(buyer, [(course.product, 5)])
    (to_buyer,) = [message for message in mail.outbox if message.to == [buyer.email]]
    with translation.override("sv"):  # the invoice's language
        assert reverse("account-seats") in to_buyer.body


def test_the_seat_page_finds_an_address_and_pages_a_long_list(client, buyer, course, settings):
    order = place_order(buyer, [(course.product, 130)])
    fulfilment.fulfil_order(order)
    pool = Enrolment.objects.get(order_line__order=order)
    assign_seats(pool, [f"person{n:03d}@acme.example" for n in range(120)], buyer)
    client.force_login(buyer)
    url = reverse("account-seat-pool", kwargs={"pk": pool.pk})

    first = client.get(url)
    assert "person000@" in first.text and "person119@" not in first.text and "page=2" in first.text
    assert "person119@" in client.get(url, {"page": 2}).text
    found = client.get(url, {"q": "person05"})
    assert found.text.count("@acme.example</th>") == 10 and "person060@" not in found.text


def test_erasing_an_administrator_leaves_the_seats_they_gave(buyer, learner, pool, course):
    from gdpr.erasure import erase_person

    assign_seats(pool, [learner.email, "inbjuden@acme.example"], buyer)
    erase_person(buyer)

    assert Seat.objects.get(holder=learner).email == learner.email
    assert Seat.objects.filter(email="inbjuden@acme.example").exists()
    assert Enrolment.objects.active().filter(user=learner, course=course).exists()


def test_a_pasted_list_too_long_or_with_an_overlong_address_is_refused_quickly():
    with pytest.raises(ValidationError, match="at most 500"):
        parse_addresses(" ".join(f"p{n}@acme.example" for n in range(100_000)))
    with pytest.raises(ValidationError, match="not an e-mail address"):
        parse_addresses("a" * 250 + "@acme.example")


def test_an_account_made_at_checkout_without_a_password_takes_its_seat_through_the_link(
    client, buyer, pool, django_capture_on_commit_callbacks
):
    guest = UserFactory(email="gast@acme.example", password=None)
    guest.set_unusable_password()
    guest.save()
    with django_capture_on_commit_callbacks(execute=True):
        assign_seats(pool, ["inbjuden@acme.example"], buyer)
    # (an existing account is enrolled at once; this one registered after the invitation)
    Seat.objects.filter(email="inbjuden@acme.example").update(email=guest.email)
    Invitation.objects.update(email=guest.email)
    link = link_in(mail.outbox[-1])

    assert "password1" in client.get(link).text  # no password to sign in with: it sets one
    password = "ett långt lösenord 42"
    response = client.post(
        link, {"first_name": "Gun", "last_name": "Gäst", "password1": password, "password2": password}
    )
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.check_password(password) and Seat.objects.get(email=guest.email).holder == guest
    again = client.post(
        link, {"first_name": "X", "last_name": "Y", "password1": password, "password2": password}
    )
    assert again.status_code in (400, 410)  # used once; a double submit never 500s
