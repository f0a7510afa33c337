"""The contact page and its cases: a message opens a case and an acknowledgement mail;
robots and floods are refused with a clear message, nothing stored and nothing mailed;
staff reply by mail, write notes, assign and close cases in the admin; closed cases
become history only some may see, and the retention sweep ends them."""

import time
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.users.models import UserProfile

import pytest
import time_machine

from gdpr.declarations.common import AFTER_RELATIONSHIP
from gdpr.erasure import erase_person, erase_subject
from gdpr.models import CustomerRelationship, LegalHold
from gdpr.relationships import end_relationship
from gdpr.subjects import Subject
from gdpr.sweep import sweep
from home import roles
from home.contact import cases, spam
from home.models import ContactCase, ContactMessage
from home.models.contact import KEPT_MONTHS
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db
Status, Kind = ContactCase.Status, ContactMessage.Kind
MESSAGE = "Hur beställer jag platser till hela avdelningen?"


def contact_url(language="en"):
    with translation.override(language):
        return reverse("contact")


def stamp(seconds_ago=10) -> str:
    """The hidden time stamp of a form shown `seconds_ago`."""
    return spam._signer.sign(str(int(time.time() - seconds_ago)))


def form(**changes):
    data = {
        "name": "Vera Visitor",
        "email": "vera@example.com",
        "company": "Exempel AB",
        "subject": "Platser",
        "message": MESSAGE,
        "website": "",
        "started": stamp(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def send(client, callbacks, language="en", address="203.0.113.7", **changes):
    with callbacks(execute=True):
        return client.post(contact_url(language), form(**changes), REMOTE_ADDR=address)


@pytest.fixture
def handler(role_groups):
    """Staff, the admin in English (the assertions are)."""
    user = UserFactory(email="sam@cloocast.example", first_name="Sam", last_name="Support", is_staff=True)
    user.groups.add(role_groups[roles.STAFF])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def case(home_page):
    return cases.open_case(
        name="Vera Visitor",
        email="vera@example.com",
        company="",
        subject="Platser",
        message=MESSAGE,
        language="sv",
    )


# --- A message becomes a case ---


def test_a_message_becomes_a_case_and_an_acknowledgement_mail(
    client, home_page, policy_page, django_capture_on_commit_callbacks
):
    response = send(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == "/en/contact/sent/"
    case = ContactCase.objects.get()
    assert (case.name, case.email, case.company, case.subject) == (
        "Vera Visitor",
        "vera@example.com",
        "Exempel AB",
        "Platser",
    )
    assert (case.status, case.language, case.user, case.assigned_to) == (Status.NEW, "en", None, None)
    [message] = case.messages.all()
    assert (message.kind, message.body, message.author) == (Kind.INBOUND, MESSAGE, None)
    assert message.mailed_at is not None

    [ack] = mail.outbox
    assert ack.to == ["vera@example.com"]
    assert f"case {case.pk}" in ack.subject and f"case {case.pk}" in ack.body
    assert policy_page.localized.url in ack.body  # how the message is handled and kept
    # Nothing the visitor typed is mailed back: the form cannot carry anyone's spam.
    sent = ack.subject + ack.body + ack.alternatives[0][0]
    assert "Vera" not in sent and "Platser" not in sent and "avdelningen" not in sent

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Thank you for your message" in thanks.content.decode()


def test_the_acknowledgement_is_in_the_language_of_the_page(
    client, home_page, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, language="sv")

    case = ContactCase.objects.get()
    assert case.language == "sv"
    with translation.override("sv"):
        expected = translation.gettext("We have received your message (case %(number)s)") % {
            "number": case.pk
        }
    assert mail.outbox[0].subject == expected


def test_the_mail_task_run_twice_mails_once(case, django_capture_on_commit_callbacks):
    inbound = case.messages.get()
    cases.mail_message(inbound.pk)
    cases.mail_message(inbound.pk)

    assert len(mail.outbox) == 1


def test_a_signed_in_person_writing_from_their_own_address_gets_the_case_on_their_account(
    client, learner, home_page, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    page = client.get(contact_url()).content.decode()
    assert 'value="learner@example.com"' in page  # filled in for them

    send(client, django_capture_on_commit_callbacks, email="Learner@Example.com")
    send(client, django_capture_on_commit_callbacks, email="colleague@example.com")

    own, other = ContactCase.objects.order_by("pk")
    assert own.user == learner and own.messages.get().author == learner
    assert other.user is None  # someone else's address: not the account's case


def test_an_account_s_address_typed_by_someone_not_signed_in_links_nothing(
    client, learner, home_page, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, email=learner.email)

    assert ContactCase.objects.get().user is None
    assert not learner.contact_cases.exists()


# --- Spam: refused with a clear message, nothing stored, nothing mailed ---


@pytest.mark.parametrize(
    "changes, says",
    [
        (lambda: {"website": "https://spam.example"}, "“Leave this field empty” was filled in"),
        (lambda: {"started": stamp(seconds_ago=1)}, "faster than a person can write"),
        (lambda: {"started": stamp(seconds_ago=25 * 60 * 60)}, "open for more than a day"),
        (lambda: {"started": stamp().replace(":", ":1", 1)}, "the form was not complete"),
        (lambda: {"started": "1700000000:forged"}, "the form was not complete"),
        (lambda: {"started": None}, "the form was not complete"),
    ],
    ids=["honeypot", "too-fast", "stale", "tampered", "forged", "missing"],
)
def test_robots_are_refused_with_a_clear_message_and_nothing_stored(
    client, home_page, django_capture_on_commit_callbacks, changes, says
):
    response = send(client, django_capture_on_commit_callbacks, **changes())

    assert response.status_code == 400
    page = response.content.decode()
    assert says in page and 'role="alert"' in page
    assert 'value="Platser"' in page  # what they wrote is still there
    assert not ContactCase.objects.exists() and not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_a_person_who_was_too_quick_can_send_the_same_form_a_moment_later(
    client, home_page, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        page = client.get(contact_url()).content.decode()
        shown = page.split('name="started" value="')[1].split('"')[0]
        refused = send(client, django_capture_on_commit_callbacks, started=shown)
        assert refused.status_code == 400 and f'value="{shown}"' in refused.content.decode()

        traveller.shift(timedelta(seconds=5))
        accepted = send(client, django_capture_on_commit_callbacks, started=shown)

    assert accepted.status_code == 302 and ContactCase.objects.count() == 1


def test_the_minimum_time_can_be_set(client, home_page, settings, django_capture_on_commit_callbacks):
    settings.CONTACT_FORM_MIN_SECONDS = 0

    response = send(client, django_capture_on_commit_callbacks, started=stamp(seconds_ago=0))

    assert response.status_code == 302


def test_five_messages_an_hour_from_one_address_then_a_clear_refusal(
    client, home_page, django_capture_on_commit_callbacks
):
    for number in range(spam.PER_ADDRESS):
        address = f"198.51.{number}.1"  # five networks: only the address counts
        assert send(client, django_capture_on_commit_callbacks, address=address).status_code == 302
    mail.outbox.clear()

    refused = send(client, django_capture_on_commit_callbacks, email="VERA@example.com ", address="192.0.2.1")

    assert refused.status_code == 429
    assert "several messages from this e-mail address" in refused.content.decode()
    assert ContactCase.objects.count() == spam.PER_ADDRESS and mail.outbox == []
    other = send(client, django_capture_on_commit_callbacks, email="ulla@example.com", address="192.0.2.1")
    assert other.status_code == 302


@pytest.mark.parametrize(
    "first, same_network, other_network",
    [
        ("203.0.113.7", "203.0.113.200", "203.0.114.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:3::1"),
    ],
    ids=["ipv4-24", "ipv6-64"],
)
def test_twenty_messages_an_hour_from_one_network_then_a_clear_refusal(
    client, home_page, django_capture_on_commit_callbacks, first, same_network, other_network
):
    for number in range(spam.PER_NETWORK):
        response = send(
            client, django_capture_on_commit_callbacks, email=f"p{number}@example.com", address=first
        )
        assert response.status_code == 302
    mail.outbox.clear()

    refused = send(client, django_capture_on_commit_callbacks, email="new@example.com", address=same_network)

    assert refused.status_code == 429
    assert "many messages from your network" in refused.content.decode()
    assert ContactCase.objects.count() == spam.PER_NETWORK and mail.outbox == []
    other = send(client, django_capture_on_commit_callbacks, email="new@example.com", address=other_network)
    assert other.status_code == 302


def test_the_cache_holds_no_address(client, home_page, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    send(client, django_capture_on_commit_callbacks)

    address = spam.salted_hmac("home.contact.address", "vera@example.com").hexdigest()
    assert cache.get(f"contact:address:{address}") == 1
    assert cache.get("contact:network:203.0.113.0/24") == 1


# --- Bad input: a page, never an error ---


@pytest.mark.parametrize(
    "changes, says",
    [
        ({"message": "x" * 10_000}, "at most 5000 characters"),
        ({"name": "", "email": None, "subject": "", "message": ""}, "This field is required"),
        ({"email": "not an address"}, "Enter a valid email address"),
        ({"subject": "s" * 300}, "at most 200 characters"),
    ],
    ids=["long-message", "missing", "bad-email", "long-subject"],
)
def test_bad_input_gets_the_form_again_with_its_errors(
    client, home_page, django_capture_on_commit_callbacks, changes, says
):
    response = send(client, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 400
    page = response.content.decode()
    assert says in page and 'aria-invalid="true"' in page
    assert not ContactCase.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("field", ["message", "website", "started", "na\x00me"])
def test_a_nul_character_gets_the_400_page(client, home_page, django_capture_on_commit_callbacks, field):
    response = send(client, django_capture_on_commit_callbacks, **{field: "a\x00b"})

    assert response.status_code == 400
    assert not ContactCase.objects.exists() and mail.outbox == []


def test_a_post_without_a_csrf_token_is_refused(home_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(contact_url(), form())

    assert response.status_code == 403 and not ContactCase.objects.exists()


# --- The page in both languages ---


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_page_renders_in_each_language_with_the_policy_link(client, policy_page, language):
    response = client.get(contact_url(language))

    page = response.content.decode()
    assert response.status_code == 200 and f'<html lang="{language}">' in page
    with translation.override(language):
        assert translation.gettext("Send the message") in page
        assert f'href="{policy_page.localized.url}"' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page and 'autocomplete="off"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_page_states_the_registry_s_retention():
    """The page says "12 months" for both: the registry's periods must agree."""
    assert AFTER_RELATIONSHIP.months == KEPT_MONTHS


# --- Staff handle cases in the admin ---


def admin_post(client, case, callbacks=None, **data):
    url = reverse("contact_case", kwargs={"pk": case.pk})
    if callbacks is None:
        response = client.post(url, data)
    else:
        with callbacks(execute=True):
            response = client.post(url, data)
    case.refresh_from_db()
    return response


def test_staff_find_the_case_and_reply_by_mail(client, handler, case, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    client.force_login(handler)
    listing = client.get(reverse("contact_cases")).content.decode()
    assert f"#{case.pk} Platser" in listing
    page = client.get(reverse("contact_case", kwargs={"pk": case.pk})).content.decode()
    assert MESSAGE in page

    response = admin_post(
        client, case, django_capture_on_commit_callbacks, action="reply", body="Hej Vera!\nSå här gör du."
    )

    assert response.status_code == 302
    reply = case.messages.get(kind=Kind.REPLY)
    assert (reply.author, reply.body) == (handler, "Hej Vera!\nSå här gör du.")
    assert reply.mailed_at is not None and case.status == Status.WAITING
    [answer] = mail.outbox
    assert answer.to == ["vera@example.com"] and "Så här gör du." in answer.body
    assert str(case.pk) in answer.subject
    assert "Hej Vera!<br>Så här gör du." in answer.alternatives[0][0]


def test_an_internal_note_is_stored_and_never_mailed(
    client, handler, case, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(handler)

    admin_post(client, case, django_capture_on_commit_callbacks, action="note", body="Kund sedan 2024.")

    note = case.messages.get(kind=Kind.NOTE)
    assert (note.author, note.body, note.mailed_at) == (handler, "Kund sedan 2024.", None)
    assert mail.outbox == []
    cases.mail_message(note.pk)  # even when asked to
    assert mail.outbox == []


def test_an_empty_or_overlong_reply_is_refused_on_the_page(client, handler, case):
    client.force_login(handler)

    for body in ("", "x" * 6000):
        response = admin_post(client, case, action="reply", body=body)
        assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    assert not case.messages.exclude(kind=Kind.INBOUND).exists()


def test_staff_assign_a_case_and_find_it_under_assigned_to_me(client, handler, role_groups, case):
    colleague = UserFactory(email="kim@cloocast.example", is_staff=True)
    colleague.groups.add(role_groups[roles.STAFF])
    client.force_login(handler)

    admin_post(client, case, action="update", status=Status.NEW, assigned_to=colleague.pk)

    assert case.assigned_to == colleague and case.status == Status.OPEN  # taken on
    mine = client.get(reverse("contact_cases"), {"mine": "1"}).content.decode()
    assert f"#{case.pk} Platser" not in mine
    client.force_login(colleague)
    mine = client.get(reverse("contact_cases"), {"mine": "1"}).content.decode()
    assert f"#{case.pk} Platser" in mine


def test_a_case_cannot_be_assigned_to_someone_who_may_not_handle_it(client, handler, learner, case):
    client.force_login(handler)

    response = admin_post(client, case, action="update", status=Status.OPEN, assigned_to=learner.pk)

    assert response.status_code == 400 and case.assigned_to is None and case.status == Status.NEW


def test_closing_and_reopening_a_case(client, handler, case):
    client.force_login(handler)

    admin_post(client, case, action="update", status=Status.CLOSED, assigned_to="")
    assert case.status == Status.CLOSED and case.closed_at is not None
    admin_post(client, case, action="update", status=Status.OPEN, assigned_to="")
    assert case.status == Status.OPEN and case.closed_at is None


def test_the_list_shows_open_cases_first_and_filters_by_status(client, handler, home_page):
    def opened(subject, status):
        made = cases.open_case(
            name="P", email="p@example.com", company="", subject=subject, message="m", language="sv"
        )
        cases.update(made, status=status, assigned_to=None)
        return made

    opened("Stängt ärende", Status.CLOSED)
    opened("Väntar på svar", Status.WAITING)
    opened("Nytt ärende", Status.NEW)
    client.force_login(handler)

    listing = client.get(reverse("contact_cases"), {"status": "all"}).content.decode()
    assert listing.index("Nytt ärende") < listing.index("Väntar på svar") < listing.index("Stängt ärende")
    not_closed = client.get(reverse("contact_cases")).content.decode()
    assert "Stängt ärende" not in not_closed and "Nytt ärende" in not_closed
    waiting = client.get(reverse("contact_cases"), {"status": "waiting"}).content.decode()
    assert "Väntar på svar" in waiting and "Nytt ärende" not in waiting
    odd = client.get(reverse("contact_cases"), {"status": "\u00e5", "p": "x"})
    assert odd.status_code == 200


def test_what_people_write_is_shown_as_text_in_the_admin(client, handler, home_page):
    written = cases.open_case(
        name="<b>Vera</b>",
        email="vera@example.com",
        company="<i>AB</i>",
        subject="<script>alert(1)</script>",
        message="<img src=x onerror=alert(2)>",
        language="sv",
    )
    client.force_login(handler)

    for url in (reverse("contact_cases"), reverse("contact_case", kwargs={"pk": written.pk})):
        page = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert" not in page and "<b>Vera" not in page and "<img src=x" not in page
        assert "<i>AB" not in page


@pytest.mark.parametrize("role", ["visitor", "learner", "editor", "seller"])
def test_only_staff_reach_the_contact_cases(client, request, role, case, handler):
    if role != "visitor":
        client.force_login(request.getfixturevalue(role))
    detail = reverse("contact_case", kwargs={"pk": case.pk})

    for response in (
        client.get(reverse("contact_cases")),
        client.get(detail),
        client.post(detail, {"action": "reply", "body": "x"}),
        client.post(detail, {"action": "note", "body": "x"}),
        client.post(detail, {"action": "update", "status": "closed", "assigned_to": handler.pk}),
    ):
        assert response.status_code in (302, 403)
        assert MESSAGE not in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.assigned_to, case.messages.count()) == (Status.NEW, None, 1)


def test_staff_reach_every_contact_case_view(client, handler, case):
    client.force_login(handler)
    admin_home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("contact_cases") in admin_home  # the menu item
    assert client.get(reverse("contact_cases")).status_code == 200
    assert client.get(reverse("contact_case", kwargs={"pk": case.pk})).status_code == 200
    assert admin_post(client, case, action="note", body="x").status_code == 302


def test_the_menu_item_is_hidden_from_editors(client, editor):
    client.force_login(editor)

    assert reverse("contact_cases") not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- History: closed cases later only with a permission of their own ---


def test_a_case_closed_long_ago_is_history_that_only_the_permission_shows(
    client, handler, role_groups, case, time_machine
):
    cases.update(case, status=Status.CLOSED, assigned_to=None)
    time_machine.move_to(timezone.now() + timedelta(days=200))
    client.force_login(handler)
    detail = reverse("contact_case", kwargs={"pk": case.pk})

    assert "Platser" not in client.get(reverse("contact_cases"), {"status": "all"}).content.decode()
    # Not found (the 404 of an admin URL goes by the language redirect first).
    assert client.get(detail, follow=True).status_code == 404

    handler.groups.add(role_groups[roles.DATA_PROTECTION])
    handler = type(handler).objects.get(pk=handler.pk)  # permissions are cached per instance
    client.force_login(handler)
    assert "Platser" in client.get(reverse("contact_cases"), {"status": "all"}).content.decode()
    page = client.get(detail)
    assert page.status_code == 200 and "kept as history" in page.content.decode()


def test_a_closed_case_of_someone_no_longer_a_customer_is_history_at_once(learner, home_page):
    linked = cases.open_case(
        name="L", email=learner.email, company="", subject="s", message="m", language="sv", user=learner
    )
    cases.update(linked, status=Status.CLOSED, assigned_to=None)
    assert not ContactCase.objects.history().exists()

    end_relationship(learner, CustomerRelationship.EndReason.ACCOUNT_CLOSED)

    assert list(ContactCase.objects.history()) == [linked]


# --- Retention and erasure ---


def test_a_case_sent_without_signing_in_is_erased_a_year_after_it_was_last_handled(case, time_machine):
    cases.update(case, status=Status.CLOSED, assigned_to=None)
    closed = timezone.now()

    time_machine.move_to(closed + timedelta(days=360))
    sweep()
    assert ContactCase.objects.filter(pk=case.pk).exists()

    time_machine.move_to(closed + timedelta(days=370))
    sweep()
    assert not ContactCase.objects.filter(pk=case.pk).exists()
    assert not ContactMessage.objects.filter(case_id=case.pk).exists()


def test_a_customer_s_case_lasts_with_the_relationship_then_a_year_more(learner, home_page, time_machine):
    linked = cases.open_case(
        name="L", email=learner.email, company="", subject="s", message="m", language="sv", user=learner
    )
    cases.update(linked, status=Status.CLOSED, assigned_to=None)

    time_machine.move_to(timezone.now() + timedelta(days=365 * 5))
    sweep()
    assert ContactCase.objects.filter(pk=linked.pk).exists()  # still a customer

    end_relationship(learner, CustomerRelationship.EndReason.CONTRACT_OVER)
    ended = timezone.now()
    time_machine.move_to(ended + timedelta(days=360))
    sweep()
    assert ContactCase.objects.filter(pk=linked.pk).exists()  # history

    time_machine.move_to(ended + timedelta(days=370))
    sweep()
    assert not ContactCase.objects.filter(pk=linked.pk).exists()
    assert not ContactMessage.objects.filter(case_id=linked.pk).exists()


def test_erasing_a_person_found_by_their_address_removes_their_cases(case):
    result = erase_subject(Subject.for_email("VERA@example.com"))

    assert not ContactCase.objects.exists() and not ContactMessage.objects.exists()
    assert result.removed["home.ContactCase"] == 1


def test_a_legal_hold_on_a_case_keeps_its_whole_thread(learner, handler, home_page):
    from django.contrib.contenttypes.models import ContentType

    linked = cases.open_case(
        name="L", email=learner.email, company="", subject="s", message="m", language="sv", user=learner
    )
    cases.add_note(linked, "n", by=handler)
    hold = LegalHold.objects.create(
        basis=LegalHold.Basis.LEGAL_CLAIM,
        reason="Tvist",
        content_type=ContentType.objects.get_for_model(ContactCase),
        object_id=str(linked.pk),
    )

    result = erase_person(learner)

    assert linked.messages.count() == 2
    assert {r.model for r in result.retained} >= {"home.ContactCase", "home.ContactMessage"}
    hold.released_at = timezone.now()
    hold.save()
    erase_person(learner)
    assert not ContactCase.objects.filter(pk=linked.pk).exists()
