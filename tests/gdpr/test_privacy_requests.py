"""Privacy requests as cases: every right the person uses from the privacy centre, and every
request staff enter for a mail or a call, in one queue with its deadline, identity check,
status and steps; the audit log; customer lookup and legal holds; who may do what."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.users.models import UserProfile

import pytest
import time_machine

from gdpr import cases
from gdpr.models import LegalHold, Objection, PrivacyEvent, PrivacyRequest
from gdpr.suppression import is_suppressed
from home import roles
from tests.factories.home import UserFactory
from tests.factories.shop import place_order

pytestmark = pytest.mark.django_db
Kind, Status, Action = PrivacyRequest.Kind, PrivacyRequest.Status, PrivacyEvent.Action


@pytest.fixture(autouse=True)
def english(settings):
    settings.ACCOUNT_DELETION_NOTICE_TO = ["drift@cloocast.example"]
    with translation.override("en"):
        yield


@pytest.fixture
def person(home_page):
    return UserFactory(email="anna@example.com", first_name="Anna", last_name="Andersson")


@pytest.fixture
def dpo(role_groups):
    user = UserFactory(email="dpo@example.com", first_name="Dora", last_name="Dataskydd", is_staff=True)
    user.groups.add(role_groups[roles.STAFF], role_groups[roles.DATA_PROTECTION])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin in English, as the assertions are
    profile.save()
    return user


def act(client, case, action, note="", callbacks=None):
    url = reverse("gdpr_request", kwargs={"pk": case.pk})
    if callbacks is None:
        response = client.post(url, {"action": action, "note": note})
    else:
        with callbacks(execute=True):
            response = client.post(url, {"action": action, "note": note})
    case.refresh_from_db()
    return response


def steps(case):
    return list(case.steps.order_by("at", "pk").values_list("action", flat=True))


# --- The person's own requests are cases too ---


def test_a_copy_asked_for_in_the_centre_is_a_case_closed_when_it_is_built(
    client, person, django_capture_on_commit_callbacks
):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account-privacy-export"))

    case = PrivacyRequest.objects.get(user=person)
    assert (case.kind, case.status, case.identity) == (Kind.PORTABILITY, Status.DONE, "signed_in")
    assert steps(case) == [Action.RECEIVED, Action.STARTED, Action.EXPORT_READY, Action.DONE]
    assert mail.outbox == []  # the page shows it: no mail


def test_a_restriction_stays_open_until_staff_lift_it_and_the_person_is_told(
    client, person, dpo, django_capture_on_commit_callbacks
):
    client.force_login(person)
    client.post(reverse("account-privacy-restrict"), {"reason": "My company name is wrong"})
    case = PrivacyRequest.objects.get(user=person)
    assert (case.kind, case.status) == (Kind.RESTRICTION, Status.IN_PROGRESS)

    client.force_login(dpo)
    restriction = person.privacy_restrictions.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("gdpr_restrictions"), {"restriction": restriction.pk})

    case.refresh_from_db()
    assert case.status == Status.DONE and Action.RESTRICTION_LIFTED in steps(case)
    [message] = mail.outbox
    assert message.to == ["anna@example.com"] and "lifted" in message.body


def test_objections_are_recorded_with_time_and_policy_version(client, person, policy_page):
    client.force_login(person)
    client.post(reverse("account-privacy-object"))
    client.post(reverse("account-privacy-profiling"))

    assert set(person.objections.values_list("kind", "policy_version")) == {
        (Objection.Kind.DIRECT_MARKETING, policy_page.version),
        (Objection.Kind.PROFILING, policy_page.version),
    }
    assert set(person.privacy_requests.values_list("kind", "status")) == {
        (Kind.MARKETING_OBJECTION, Status.DONE),
        (Kind.OBJECTION, Status.DONE),
    }
    assert is_suppressed("anna@example.com")
    page = client.get(reverse("account-privacy")).content.decode()
    assert "you objected to it on" in page and "Object to profiling</button>" not in page


@pytest.mark.parametrize("kind", ["rectification", "objection"])
def test_what_only_staff_can_do_becomes_a_case_with_a_deadline(client, person, kind):
    client.force_login(person)
    response = client.post(
        reverse("account-privacy-ask", kwargs={"kind": kind}), {"details": "Invoice 1001 has the wrong name"}
    )

    case = PrivacyRequest.objects.get(user=person)
    assert (case.kind, case.status, case.details) == (
        kind,
        Status.VERIFIED,
        "Invoice 1001 has the wrong name",
    )
    assert case.due_on == cases.add_months(timezone.localdate(), 1)
    page = client.get(response.url).content.decode()
    assert "We received your request" in page and "Your requests" in page


def test_a_request_without_text_or_of_an_unknown_kind_changes_nothing(client, person):
    client.force_login(person)
    response = client.post(reverse("account-privacy-ask", kwargs={"kind": "rectification"}), {"details": " "})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert (
        client.post(reverse("account-privacy-ask", kwargs={"kind": "erasure"}), {"details": "x"}).status_code
        == 404
    )
    assert not PrivacyRequest.objects.exists()


def test_deleting_the_account_is_an_erasure_case_cancelled_then_carried_out(
    client, person, django_capture_on_commit_callbacks
):
    from gdpr.deletion import carry_out_due
    from tests.gdpr.test_account_deletion import PASSWORD, ask, cancel_url

    person.set_password(PASSWORD)
    person.save()
    ask(client, person, django_capture_on_commit_callbacks)
    first = PrivacyRequest.objects.get(user=person)
    assert (first.kind, first.status) == (Kind.ERASURE, Status.IN_PROGRESS)
    client.post(cancel_url(mail.outbox[0]))
    first.refresh_from_db()
    assert first.status == Status.CANCELLED

    ask(client, person, django_capture_on_commit_callbacks)
    later = timezone.now() + timedelta(days=15)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert carry_out_due() == 1
    second = PrivacyRequest.objects.exclude(pk=first.pk).get()
    # Kept: the request itself, the record that it was honoured.
    assert second.status == Status.DONE_RETAINED
    assert Action.ACCOUNT_LOCKED in steps(second) and Action.ERASED in steps(second)


# --- The register extract: free once a rolling year, then a case for staff ---


def test_the_first_extract_is_shown_at_once_a_second_waits_for_staff(
    client, person, dpo, django_capture_on_commit_callbacks
):
    client.force_login(person)
    response = client.post(reverse("account-privacy-ask-extract"))
    assert response.url == reverse("account-privacy-extract")
    granted = PrivacyRequest.objects.get(user=person)
    assert granted.status == Status.DONE and Action.EXTRACT_GRANTED in steps(granted)

    with time_machine.travel(timezone.now() + timedelta(days=60)):
        client.force_login(person)  # sessions end sooner
        assert client.get(reverse("account-privacy-extract")).status_code == 302  # read for 30 days
        client.post(reverse("account-privacy-ask-extract"))
        waiting = PrivacyRequest.objects.exclude(pk=granted.pk).get()
        assert waiting.status == Status.VERIFIED  # never refused by itself
        assert (
            "We received your request for a register extract"
            in client.get(reverse("account-privacy")).content.decode()
        )

        client.force_login(dpo)
        act(client, waiting, "carry_out", callbacks=django_capture_on_commit_callbacks)
        assert waiting.status == Status.DONE
        assert "Your register extract is ready" in mail.outbox[-1].body
        client.force_login(person)
        assert client.get(reverse("account-privacy-extract")).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(days=430)):  # a year after the last one
        client.force_login(person)
        client.post(reverse("account-privacy-ask-extract"))
        assert PrivacyRequest.objects.filter(user=person, status=Status.DONE, kind=Kind.EXTRACT).count() == 3


# --- A request that came by e-mail, handled by staff ---


def enter(client, dpo, callbacks, **fields):
    client.force_login(dpo)
    data = {"kind": "erasure", "channel": "email", "email": "", "name": "", "language": "en", "details": ""}
    data.update(fields)
    data.setdefault("send_confirmation", "on")
    with callbacks(execute=True):
        response = client.post(reverse("gdpr_new_request"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return PrivacyRequest.objects.latest("pk")


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/\S+/privacy/confirm/\S+/)", message.body).group(1)


def test_an_emailed_erasure_for_a_guest_is_confirmed_carried_out_and_answered(
    client, dpo, seller_company, django_capture_on_commit_callbacks
):
    from tests.factories.courses import make_course

    product = make_course(seller_company, "Kurs").course.product
    order = place_order(None, [(product, 1)])
    type(order).objects.filter(pk=order.pk).update(guest_email="gast@example.com")
    case = enter(
        client, dpo, django_capture_on_commit_callbacks, email="gast@example.com", name="Gustav Gäst",
        details="Radera allt om mig",
    )  # fmt: skip
    assert (case.user, case.entered_by, case.channel, case.status) == (None, dpo, "email", Status.SUBMITTED)
    [confirmation] = mail.outbox
    assert confirmation.to == ["gast@example.com"] and confirmation.subject == "Confirm your privacy request"

    # Carrying it out before the person confirmed is refused.
    act(client, case, "carry_out")
    assert case.status == Status.SUBMITTED

    link = confirm_link(confirmation)
    client.logout()
    assert client.get(link).status_code == 200  # a page with a button
    case.refresh_from_db()
    assert case.identity == "pending"
    client.post(link)
    case.refresh_from_db()
    assert (case.identity, case.status) == ("email_link", Status.VERIFIED)
    assert client.post(link).status_code == 200  # confirming twice is harmless

    client.force_login(dpo)
    act(client, case, "carry_out", callbacks=django_capture_on_commit_callbacks)
    assert case.status == Status.DONE_RETAINED  # the order is an accounting record: it stays
    order.refresh_from_db()
    assert order.guest_email == "gast@example.com"
    answer, notice = mail.outbox[1:]
    assert (
        answer.to == ["gast@example.com"]
        and "What we held about you is deleted or made anonymous" in answer.body
    )
    assert "Orders" in answer.body  # what was kept, and why
    assert notice.to == ["drift@cloocast.example"] and str(case.pk) in notice.subject
    assert "gast@example.com" not in notice.body and "Gustav" not in notice.body
    assert steps(case) == [
        Action.RECEIVED, Action.CONFIRMATION_SENT, Action.IDENTITY_VERIFIED, Action.STARTED, Action.ERASED, Action.DONE,
    ]  # fmt: skip
    page = client.get(reverse("gdpr_request", kwargs={"pk": case.pk})).content.decode()
    assert "Erasure carried out" in page and "the system" in page  # steps with and without a person
    assert "Erasure carried out" in client.get(reverse("gdpr_audit")).content.decode()


def test_a_confirmation_link_that_is_changed_expired_or_used_is_refused(
    client, dpo, django_capture_on_commit_callbacks
):
    case = enter(client, dpo, django_capture_on_commit_callbacks, email="x@example.com", kind="extract")
    link = confirm_link(mail.outbox[0])
    client.logout()
    assert client.get(link[:-3] + "AAA/").status_code == 400
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.post(link).status_code == 400
    case.refresh_from_db()
    assert case.identity == "pending"
    cases.close(case, Status.CANCELLED)
    assert client.post(link).status_code == 400


def test_staff_verify_by_hand_with_a_note_and_the_account_is_matched_by_address(
    client, dpo, person, django_capture_on_commit_callbacks
):
    case = enter(
        client, dpo, django_capture_on_commit_callbacks, email="ANNA@example.com", kind="portability",
        channel="phone", send_confirmation="",
    )  # fmt: skip
    assert case.user == person and mail.outbox == []
    act(client, case, "verify")  # no note: refused
    assert case.identity == "pending"
    act(client, case, "verify", note="Called back on the number in the order")
    assert case.identity == "staff"

    act(client, case, "carry_out", callbacks=django_capture_on_commit_callbacks)
    assert case.status == Status.DONE  # the copy is in her privacy centre, and she is told
    assert person.data_exports.get().status == "ready"
    assert mail.outbox[-1].to == ["anna@example.com"]


def test_the_deadline_extends_once_with_a_reason_the_person_is_told(
    client, dpo, django_capture_on_commit_callbacks
):
    case = enter(client, dpo, django_capture_on_commit_callbacks, email="x@example.com", kind="other")
    act(client, case, "extend")
    assert case.extended_to is None
    act(
        client,
        case,
        "extend",
        note="Many records in the archive",
        callbacks=django_capture_on_commit_callbacks,
    )
    assert case.extended_to == cases.add_months(case.due_on, 2) and case.deadline == case.extended_to
    assert "Many records in the archive" in mail.outbox[-1].body
    act(client, case, "extend", note="Again")
    assert case.extended_to == cases.add_months(case.due_on, 2)


def test_a_rejection_needs_a_reason_and_points_to_imy(client, dpo, django_capture_on_commit_callbacks):
    case = enter(client, dpo, django_capture_on_commit_callbacks, email="x@example.com", kind="other")
    act(client, case, "reject")
    assert case.status == Status.SUBMITTED
    act(client, case, "reject", note="Manifestly unfounded", callbacks=django_capture_on_commit_callbacks)
    assert case.status == Status.REJECTED and case.closed_at
    assert "Manifestly unfounded" in mail.outbox[-1].body and "imy.se" in mail.outbox[-1].body
    act(client, case, "done")  # closed: nothing more
    assert case.status == Status.REJECTED


def test_a_failed_erasure_can_be_retried_and_finishes(
    client, dpo, person, monkeypatch, django_capture_on_commit_callbacks
):
    import gdpr.erasure

    case = enter(
        client, dpo, django_capture_on_commit_callbacks, email="anna@example.com", send_confirmation=""
    )
    act(client, case, "verify", note="Signed letter")
    real = gdpr.erasure.erase_subject
    monkeypatch.setattr(gdpr.erasure, "erase_subject", lambda *a, **k: 1 / 0)
    act(client, case, "carry_out", callbacks=django_capture_on_commit_callbacks)
    assert case.status == Status.FAILED and Action.FAILED in steps(case)
    person.refresh_from_db()
    assert person.first_name == "Anna"

    monkeypatch.setattr(gdpr.erasure, "erase_subject", real)
    act(client, case, "retry", callbacks=django_capture_on_commit_callbacks)
    assert case.status == Status.DONE_RETAINED and Action.RETRIED in steps(case)
    person.refresh_from_db()
    assert person.first_name != "Anna"


def test_a_legal_hold_set_in_the_admin_stops_an_erasure_until_released(
    client, dpo, person, django_capture_on_commit_callbacks
):
    client.force_login(dpo)
    page = reverse("gdpr_person", kwargs={"user_id": person.pk})
    client.post(page, {"basis": "legal_claim", "reason": "Dispute about invoice 1001", "until": ""})
    hold = LegalHold.objects.get(user=person)
    assert hold.set_by == dpo

    case = enter(
        client, dpo, django_capture_on_commit_callbacks, email="anna@example.com", send_confirmation=""
    )
    act(client, case, "verify", note="Signed letter")
    act(client, case, "carry_out", callbacks=django_capture_on_commit_callbacks)
    assert case.status == Status.IN_PROGRESS and Action.BLOCKED in steps(case)
    person.refresh_from_db()
    assert person.first_name == "Anna"

    client.post(page, {"release": hold.pk})
    hold.refresh_from_db()
    assert hold.released_at
    assert {Action.HOLD_SET, Action.HOLD_RELEASED} <= set(
        PrivacyEvent.objects.filter(account_id=person.pk).values_list("action", flat=True)
    )


# --- Customer lookup, the dashboard and the audit log ---


def test_staff_find_a_person_by_address_name_organisation_or_order_number(
    client, dpo, person, seller_company
):
    from shop.companies.models import Company, Membership, Role
    from tests.factories.courses import make_course

    company = Company.objects.create(name="Exempel AB", organisation_number="556677-8899")
    Membership.objects.create(company=company, user=person, role=Role.ADMIN)
    order = place_order(person, [(make_course(seller_company, "Kurs").course.product, 1)])
    client.force_login(dpo)
    for query in ("anna@example", "andersson anna", "5566778899", str(order.number)):
        page = client.get(reverse("gdpr_customers"), {"q": query}).content.decode()
        assert reverse("gdpr_person", kwargs={"user_id": person.pk}) in page, query
    for query in ('"', "x" * 500, "%", "\\"):
        assert client.get(reverse("gdpr_customers"), {"q": query}).status_code == 200
    assert client.get(reverse("gdpr_customers"), {"q": "\x00"}).status_code == 400  # home.bad_input

    page = client.get(reverse("gdpr_person", kwargs={"user_id": person.pk})).content.decode()
    assert str(order.number) in page and "Exempel AB" in page
    viewed = PrivacyEvent.objects.get(action=Action.CUSTOMER_VIEWED)
    assert (viewed.actor, viewed.account_id) == (dpo, person.pk)


def test_the_dashboard_lists_open_requests_by_due_date_and_marks_the_overdue(
    client, dpo, django_capture_on_commit_callbacks
):
    late = enter(client, dpo, django_capture_on_commit_callbacks, email="late@example.com", kind="other")
    PrivacyRequest.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    enter(client, dpo, django_capture_on_commit_callbacks, email="soon@example.com", kind="other")

    page = client.get(reverse("gdpr_queue")).content.decode()
    assert page.index("late@example.com") < page.index("soon@example.com")
    assert "1 is overdue" in page and 'class="privacy-overdue"' in page
    assert "Requests per month" in page
    this_month, *earlier = cases.dashboard_counts()
    assert this_month["month"] == timezone.localdate().replace(day=1)
    assert (this_month["received"], this_month["closed"]) == (2, 0) and len(earlier) == 11


def test_the_audit_log_names_nobody_and_needs_its_own_permission(
    client, dpo, staff, django_capture_on_commit_callbacks
):
    enter(client, dpo, django_capture_on_commit_callbacks, email="x@example.com", name="Xena", kind="other")
    page = client.get(reverse("gdpr_audit")).content.decode()
    assert "Request received" in page and "x@example.com" not in page and "Xena" not in page
    client.force_login(staff)  # Wagtail sends those without the permission to its dashboard
    assert client.get(reverse("gdpr_audit")).url == reverse("wagtailadmin_home")


# --- Who may do what ---


STAFF_PAGES = ["gdpr_queue", "gdpr_new_request", "gdpr_customers", "gdpr_audit"]


@pytest.mark.parametrize("who", ["visitor", "learner", "editor", "seller", "staff"])
def test_only_data_protection_staff_reach_the_queue(
    client, who, learner, editor, seller, staff, dpo, django_capture_on_commit_callbacks
):
    case = enter(client, dpo, django_capture_on_commit_callbacks, email="x@example.com", kind="other")
    client.logout()
    if who != "visitor":
        client.force_login({"learner": learner, "editor": editor, "seller": seller, "staff": staff}[who])
    urls = [reverse(name) for name in STAFF_PAGES] + [
        reverse("gdpr_request", kwargs={"pk": case.pk}),
        reverse("gdpr_person", kwargs={"user_id": dpo.pk}),
        reverse("gdpr_request_download", kwargs={"pk": case.pk, "what": "extract"}),
    ]
    # Wagtail sends visitors and those without admin access to its login, the other staff
    # to its dashboard.
    refused = reverse("wagtailadmin_home") if who in ("editor", "seller", "staff") else "/admin/login/"
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(refused), url
    response = client.post(reverse("gdpr_request", kwargs={"pk": case.pk}), {"action": "reject", "note": "x"})
    assert response.status_code == 302 and response.url.startswith(refused)
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED

    client.force_login(dpo)
    for url in urls[:-1]:
        assert client.get(url).status_code == 200, url


def test_a_person_reads_only_their_own_extract_and_requests(client, person, dpo):
    other = UserFactory(email="other@example.com")
    client.force_login(other)
    client.post(reverse("account-privacy-ask-extract"))
    client.post(
        reverse("account-privacy-ask", kwargs={"kind": "rectification"}), {"details": "Secret matter"}
    )

    client.force_login(person)
    assert client.get(reverse("account-privacy-extract")).status_code == 302
    assert client.post(reverse("account-privacy-extract-pdf")).status_code == 302
    assert not person.data_exports.exists()
    pdf = other.data_exports.create(format="pdf", expires_at=timezone.now() + timedelta(days=7))
    for name in ("account-privacy-export-status", "account-privacy-export-download"):
        assert client.get(reverse(name, kwargs={"pk": pdf.pk})).status_code == 404
    assert "Secret matter" not in client.get(reverse("account-privacy")).content.decode()


def test_visitors_are_sent_to_the_login_and_nothing_is_recorded(client, home_page):
    for name, kwargs in [
        ("account-privacy-ask-extract", {}),
        ("account-privacy-profiling", {}),
        ("account-privacy-ask", {"kind": "objection"}),
    ]:
        assert client.post(reverse(name, kwargs=kwargs), {"details": "x"}).status_code == 302
    assert client.get(reverse("account-privacy-extract")).status_code == 302
    assert client.post(reverse("account-privacy-extract-pdf")).status_code == 302
    assert not PrivacyRequest.objects.exists() and not PrivacyEvent.objects.exists()


# --- Deleting an account that runs a company ---


def test_the_only_company_administrator_hands_over_to_the_first_member(
    client, person, django_capture_on_commit_callbacks
):
    from gdpr.deletion import carry_out_due
    from shop.companies.models import Company, Membership, Role
    from tests.gdpr.test_account_deletion import PASSWORD, ask

    company = Company.objects.create(name="Exempel AB", organisation_number="556677-8899")
    Membership.objects.create(company=company, user=person, role=Role.ADMIN)
    first = UserFactory(email="first@example.com")
    later = UserFactory(email="later@example.com")
    Membership.objects.create(company=company, user=first, joined_at=timezone.now() - timedelta(days=9))
    Membership.objects.create(company=company, user=later)
    lonely = Company.objects.create(name="Ensam AB", organisation_number="556000-0000")
    Membership.objects.create(company=lonely, user=person, role=Role.ADMIN)

    person.set_password(PASSWORD)
    person.save()
    client.force_login(person)
    page = client.get(reverse("account-delete")).content.decode()
    assert "only administrator of Exempel AB" in page
    ask(client, person, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    after_cooling_off = timezone.now() + timedelta(days=15)
    with time_machine.travel(after_cooling_off), django_capture_on_commit_callbacks(execute=True):
        carry_out_due()

    assert Membership.objects.get(company=company, user=first).role == Role.ADMIN
    assert Membership.objects.get(company=company, user=later).role == Role.MEMBER
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Exempel AB" in by_address["first@example.com"].subject  # in the site's language
    assert (
        "The administrator role of Exempel AB passed to the colleague" in by_address["anna@example.com"].body
    )
    assert "Ensam AB has no administrator now" in by_address["anna@example.com"].body
    assert "Ensam AB" in by_address["drift@cloocast.example"].body


def test_for_a_guest_staff_download_the_extract_and_the_copy_to_send(
    client, dpo, seller_company, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from tests.factories.courses import make_course

    order = place_order(None, [(make_course(seller_company, "Kurs").course.product, 1)])
    type(order).objects.filter(pk=order.pk).update(guest_email="gast@example.com")
    copy = enter(
        client, dpo, django_capture_on_commit_callbacks, email="gast@example.com", kind="portability"
    )
    url = reverse("gdpr_request_download", kwargs={"pk": copy.pk, "what": "copy"})
    assert client.get(url, follow=True).status_code == 404  # not before the person confirmed
    act(client, copy, "verify", note="Replied from the same address with the order number")
    act(client, copy, "carry_out")
    response = client.get(url)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    contact = archive.read("contact.json").decode()
    assert '"model": "order.Order"' in contact and "gast@example.com" in contact
    wrong = reverse("gdpr_request_download", kwargs={"pk": copy.pk, "what": "extract"})
    assert client.get(wrong, follow=True).status_code == 404

    extract = enter(client, dpo, django_capture_on_commit_callbacks, email="gast@example.com", kind="extract")
    act(client, extract, "verify", note="Replied from the same address with the order number")
    pdf = client.get(reverse("gdpr_request_download", kwargs={"pk": extract.pk, "what": "extract"}))
    assert pdf.content.startswith(b"%PDF")
    act(client, extract, "done", callbacks=django_capture_on_commit_callbacks)
    assert extract.status == Status.DONE and mail.outbox[-1].to == ["gast@example.com"]


def test_the_extract_pdf_is_made_by_the_worker_once_at_a_time_and_kept_seven_days(
    client, person, django_capture_on_commit_callbacks
):
    import pypdfium2

    client.force_login(person)
    client.post(reverse("account-privacy-ask-extract"))
    page = client.get(reverse("account-privacy-extract")).content.decode()
    assert "Make a PDF to keep" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account-privacy-extract-pdf"))
    pdf = person.data_exports.get()
    assert (pdf.format, pdf.status, pdf.language) == ("pdf", "ready", "en")
    download = reverse("account-privacy-export-download", kwargs={"pk": pdf.pk})
    assert download in client.get(reverse("account-privacy-extract")).content.decode()
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(b"".join(response.streaming_content))
    )
    assert "anna@example.com" in text and person.password not in text
    # The centre's copy of the data is another file: asking for it starts its own.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account-privacy-export"))
    assert set(person.data_exports.values_list("format", flat=True)) == {"pdf", "zip"}
    assert PrivacyRequest.objects.filter(user=person, kind=Kind.PORTABILITY, status=Status.DONE).count() == 1


# --- What review found: each case does what it says, and nothing more ---


def test_a_deletion_in_its_cooling_off_is_not_carried_out_early_and_rejecting_it_reopens_the_account(
    client, person, dpo, django_capture_on_commit_callbacks
):
    from gdpr.deletion import carry_out_due
    from tests.gdpr.test_account_deletion import PASSWORD, ask

    person.set_password(PASSWORD)
    person.save()
    ask(client, person, django_capture_on_commit_callbacks)
    case = PrivacyRequest.objects.get(user=person)
    client.force_login(dpo)
    act(client, case, "carry_out", callbacks=django_capture_on_commit_callbacks)
    person.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and person.first_name == "Anna"  # not early

    act(client, case, "reject", note="The person wrote that it was a mistake")
    person.refresh_from_db()
    assert case.status == Status.REJECTED and person.is_active
    after_cooling_off = timezone.now() + timedelta(days=15)
    with time_machine.travel(after_cooling_off), django_capture_on_commit_callbacks(execute=True):
        assert carry_out_due() == 0


def test_cancelling_a_deletion_leaves_a_request_staff_entered_alone(
    client, person, dpo, django_capture_on_commit_callbacks
):
    from gdpr.deletion import cancel, schedule

    letter = enter(client, dpo, django_capture_on_commit_callbacks, email="anna@example.com", kind="erasure")
    deletion = schedule(person, "en")
    assert deletion.request == letter  # the same request: it joined the open one
    cancel(deletion)
    letter.refresh_from_db()
    assert letter.status == Status.CANCELLED

    other = enter(client, dpo, django_capture_on_commit_callbacks, email="anna@example.com", kind="erasure")
    person.refresh_from_db()
    later = schedule(person, "en")
    later.request = None
    later.save()
    cancel(later)
    other.refresh_from_db()
    assert other.is_open


def test_rows_found_by_an_address_count_only_when_the_person_confirmed_it(
    client, dpo, person, seller_company, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from tests.factories.courses import make_course

    # A guest's order under the address the account's profile now shows (unconfirmed).
    order = place_order(None, [(make_course(seller_company, "Kurs").course.product, 1)])
    type(order).objects.filter(pk=order.pk).update(guest_email="anna@example.com")

    def copy_holds_the_guest_order(case):
        act(client, case, "carry_out")
        response = client.get(reverse("gdpr_request_download", kwargs={"pk": case.pk, "what": "copy"}))
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        return '"model": "order.Order"' in archive.read("contact.json").decode()

    by_phone = enter(
        client, dpo, django_capture_on_commit_callbacks, email="anna@example.com", kind="portability",
        send_confirmation="",
    )  # fmt: skip
    act(client, by_phone, "verify", note="Called back on the number in the profile")
    PrivacyRequest.objects.filter(pk=by_phone.pk).update(user=None)  # answered by staff, as for a guest
    by_phone.refresh_from_db()
    assert copy_holds_the_guest_order(by_phone)  # a guest's own request: the address is all there is

    cases.close(by_phone, Status.DONE)
    phoned = enter(
        client, dpo, django_capture_on_commit_callbacks, email="anna@example.com", kind="extract",
        send_confirmation="",
    )  # fmt: skip
    act(client, phoned, "verify", note="Called back")
    assert cases.subject_for(phoned).email == ""  # the account only
    mailed = enter(client, dpo, django_capture_on_commit_callbacks, email="anna@example.com", kind="other")
    client.post(confirm_link(mail.outbox[-1]))
    mailed.refresh_from_db()
    assert cases.subject_for(mailed).email == "anna@example.com"  # she confirmed that address


def test_an_objection_to_other_processing_is_decided_by_staff_not_taken_as_one_to_marketing(
    client, person, dpo, django_capture_on_commit_callbacks
):
    client.force_login(person)
    client.post(reverse("account-privacy-ask", kwargs={"kind": "objection"}), {"details": "Statistics"})
    case = PrivacyRequest.objects.get(user=person)
    client.force_login(dpo)
    page = client.get(reverse("gdpr_request", kwargs={"pk": case.pk})).content.decode()
    assert 'value="carry_out"' not in page
    act(client, case, "carry_out")
    assert case.is_open and not is_suppressed("anna@example.com")

    mailed = enter(client, dpo, django_capture_on_commit_callbacks, email="x@example.com", kind="marketing")
    act(client, mailed, "verify", note="Replied from the address")
    act(client, mailed, "carry_out", callbacks=django_capture_on_commit_callbacks)
    assert mailed.status == Status.DONE and is_suppressed("x@example.com")


def test_the_confirmation_link_does_not_carry_the_address(client, dpo, django_capture_on_commit_callbacks):
    import base64

    enter(client, dpo, django_capture_on_commit_callbacks, email="hemlig@example.com", kind="other")
    token = confirm_link(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[1]
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"hemlig" not in decoded


def test_a_legal_hold_stops_the_hand_over_too_and_the_notice_says_stopped(
    client, dpo, person, django_capture_on_commit_callbacks
):
    from shop.companies.models import Company, Membership, Role

    company = Company.objects.create(name="Exempel AB", organisation_number="556677-8899")
    Membership.objects.create(company=company, user=person, role=Role.ADMIN)
    colleague = UserFactory(email="kollega@example.com")
    Membership.objects.create(company=company, user=colleague)
    LegalHold.objects.create(user=person, basis="legal_claim", reason="Dispute")
    case = enter(
        client, dpo, django_capture_on_commit_callbacks, email="anna@example.com", send_confirmation=""
    )
    act(client, case, "verify", note="Signed letter")
    act(client, case, "carry_out", callbacks=django_capture_on_commit_callbacks)

    assert Membership.objects.get(user=colleague).role == Role.MEMBER
    [notice] = [m for m in mail.outbox if m.to == ["drift@cloocast.example"]]
    assert "stoppad av ett bevarandebeslut" in notice.subject  # the site's language
    assert not [m for m in mail.outbox if m.to == ["kollega@example.com"]]


def test_odd_numbers_in_the_admin_give_a_page_never_an_error(client, dpo, person):
    client.force_login(dpo)
    for value in ("²", "9" * 5000, "-1", "1e3", "١"):
        assert client.get(reverse("gdpr_audit"), {"account": value}).status_code == 200
        assert client.get(reverse("gdpr_new_request"), {"account": value}).status_code == 200
        response = client.post(reverse("gdpr_person", kwargs={"user_id": person.pk}), {"release": value})
        assert response.status_code in (200, 302)


def test_how_staff_checked_who_asks_stays_on_the_request_not_in_the_audit_log(
    client, dpo, django_capture_on_commit_callbacks
):
    case = enter(client, dpo, django_capture_on_commit_callbacks, email="x@example.com", kind="other")
    act(client, case, "verify", note="Called back on 070-123 45 67")
    assert case.identity_note == "Called back on 070-123 45 67"
    assert not PrivacyEvent.objects.filter(note__contains="070").exists()
    assert "070-123 45 67" in client.get(reverse("gdpr_request", kwargs={"pk": case.pk})).content.decode()


def test_what_is_closed_or_still_in_force_is_not_changed_by_a_button(
    client, dpo, person, django_capture_on_commit_callbacks
):
    client.force_login(person)
    client.post(reverse("account-privacy-restrict"), {"reason": "Wrong name"})
    restriction_case = PrivacyRequest.objects.get(user=person)
    client.force_login(dpo)
    act(client, restriction_case, "done")
    assert restriction_case.is_open  # lift the restriction first

    other = enter(client, dpo, django_capture_on_commit_callbacks, email="x@example.com", kind="other")
    act(client, other, "cancel")
    act(client, other, "verify", note="Too late")
    assert other.identity == "pending"


def test_only_a_system_administrator_erases_a_staff_account(
    client, dpo, staff, sysadmin, django_capture_on_commit_callbacks
):
    case = enter(
        client, dpo, django_capture_on_commit_callbacks, email="staff@example.com", send_confirmation=""
    )
    act(client, case, "verify", note="In person")
    act(client, case, "carry_out", callbacks=django_capture_on_commit_callbacks)
    staff.refresh_from_db()
    assert case.is_open and staff.email == "staff@example.com"


def test_the_centre_links_the_policy_in_force_and_the_terms_version_the_person_accepted(
    client, person, policy_page, seller_company
):
    from home.models import CompanySettings, PolicyPage
    from shop.checkout.terms import current_terms_version, record_acceptance
    from tests.factories.courses import make_course

    terms = PolicyPage.objects.get(pk=policy_page.pk)  # any published policy page will do as terms
    order = place_order(person, [(make_course(seller_company, "Kurs").course.product, 1)])
    record_acceptance(order, current_terms_version(terms))
    company = CompanySettings.for_site(terms.get_site())
    company.privacy_policy_page = terms
    company.save()
    client.force_login(person)

    page = client.get(reverse("account-privacy")).content.decode()
    slug = terms.version.replace(".", "-")
    assert f"{terms.url}versions/{slug}/" in page and f"version {terms.version}" in page
    assert client.get(f"{terms.url}versions/{slug}/").status_code == 200
