"""A person mails us to be erased. The data-protection officer enters the request in the
Wagtail admin, the person confirms it from the mailed link, the officer finds them with
customer lookup and carries the erasure out; the person gets what was kept and why, the
administrators their notice, and the database holds nothing of the person outside the
retained records. Every step is in the request and in the audit log. axe checks the
person's pages and ours in the admin."""

import re
from decimal import Decimal

from django.core import mail

import pytest
from playwright.sync_api import expect

from gdpr.erasure_actions import Retain
from gdpr.models import PrivacyEvent, PrivacyRequest
from gdpr.registry import registry
from tests.e2e.conftest import assert_accessible
from tests.factories.courses import make_catalogue, make_course, make_seller
from tests.factories.home import UserFactory
from tests.factories.shop import place_order
from tests.gdpr.test_round_trip import scan_database

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "en-lång-lösenfras-2026"
MARK = "plughqvist"


@pytest.fixture
def people(home_page, policy_page, role_groups, settings):
    from wagtail.users.models import UserProfile

    from home import roles

    settings.ACCOUNT_DELETION_NOTICE_TO = ["drift@cloocast.example"]
    seller = make_seller(make_catalogue(home_page), "Akademin")
    learner = UserFactory(email=f"greta.{MARK}@example.com", first_name="Greta", last_name=MARK.title())
    place_order(learner, [(make_course(seller, "Trygg i tjänsten", Decimal("990")).course.product, 1)])
    officer = UserFactory(email="dora@cloocast.example", password=PASSWORD, is_staff=True, first_name="Dora")
    officer.groups.add(role_groups[roles.STAFF], role_groups[roles.DATA_PROTECTION])
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "en"
    profile.save()
    return {"learner": learner, "officer": officer}


def test_staff_handle_an_emailed_erasure_request_end_to_end(page, new_tab, people):
    admin, learner = page, people["learner"]
    admin.goto("/admin/login/")
    admin.fill("#id_username", people["officer"].email)
    admin.fill("#id_password", PASSWORD)
    admin.get_by_role("button", name=re.compile("Sign in|Logga in")).click()

    # The officer finds the person who wrote, by the address in the mail.
    admin.goto("/admin/")
    admin.get_by_role("link", name="Customer lookup").click()
    admin.get_by_label("E-mail, name, organisation number or order number").fill(f"greta.{MARK}")
    admin.get_by_role("button", name="Find").click()
    admin.get_by_role("link", name=f"Greta {MARK.title()}").click()
    expect(admin.get_by_role("heading", name="Orders (1)")).to_be_visible()
    assert_accessible(admin)

    # They enter the request as it came, in Swedish, and a confirmation link goes out.
    admin.get_by_role("link", name="Enter a request for this person").click()
    admin.get_by_label("What the person asks for").select_option("erasure")
    admin.get_by_label("Received by").select_option("email")
    admin.get_by_label("Language").select_option("sv")
    admin.get_by_label("What the person asks, in their words").fill("Radera allt ni har om mig.")
    assert_accessible(admin)
    admin.get_by_role("button", name="Add to the queue").click()
    expect(admin.get_by_text("Confirmation link mailed")).to_be_visible()
    case = PrivacyRequest.objects.get()
    assert (case.user, case.channel, case.status) == (learner, "email", "submitted")
    admin.wait_for_timeout(1000)  # Wagtail's message fades in: axe measures it once it has
    admin.screenshot(path="/tmp/shots/admin-request.png", full_page=True)
    assert_accessible(admin)

    # The person confirms from the mail, in Swedish, without signing in.
    [confirmation] = [m for m in mail.outbox if "/privacy/confirm/" in m.body]
    assert confirmation.to == [learner.email]
    assert confirmation.subject == "Bekräfta din begäran om dina personuppgifter"
    mail.outbox.clear()
    link = re.search(r"(/sv/privacy/confirm/\S+/)", confirmation.body).group(1)
    person = new_tab()
    person.goto(link)
    assert_accessible(person)
    person.get_by_role("button", name="Ja, begäran kommer från mig").click()
    expect(person.get_by_role("heading", name="Din begäran är bekräftad")).to_be_visible()
    assert_accessible(person)

    # The officer carries the erasure out: the worker runs it, the request closes.
    admin.reload()
    expect(admin.get_by_text("Confirmed from a link mailed to the address")).to_be_visible()
    assert "home.User" in {label for label, _pk in scan_database(MARK)}  # the scan sees them
    admin.get_by_role("button", name="Carry out the erasure").click()
    admin.wait_for_load_state()
    expect(admin.get_by_text("Done, some records retained").first).to_be_visible()
    expect(admin.get_by_role("rowheader", name="Erasure carried out")).to_be_visible()

    # The person has what was kept and why; the administrators a notice naming nobody.
    [answer] = [m for m in mail.outbox if m.to == [learner.email]]
    assert "raderat eller anonymiserat" in answer.body and "bokföringslagen" in answer.body
    assert "Acme AB har ingen administratör" in answer.body  # the company the order made
    [notice] = [m for m in mail.outbox if m.to == ["drift@cloocast.example"]]
    assert MARK not in (notice.subject + notice.body).lower()
    retained = {d.model for d in registry.declarations.values() if isinstance(d.erasure, Retain)}
    left = {label for label, _pk in scan_database(MARK)}
    assert left <= retained, left - retained

    # The queue shows it closed; the audit log has every step, by account number only.
    admin.goto("/admin/privacy/requests/?show=closed")
    expect(admin.get_by_role("link", name=re.compile(f"#{case.pk} Erasure"))).to_be_visible()
    assert_accessible(admin)
    admin.goto("/admin/privacy/audit/")
    assert_accessible(admin)
    actions = set(PrivacyEvent.objects.filter(account_id=learner.pk).values_list("action", flat=True))
    assert {
        "customer_viewed",
        "received",
        "confirmation_sent",
        "identity_verified",
        "erased",
        "done",
    } <= actions
    assert MARK not in admin.content().lower()
