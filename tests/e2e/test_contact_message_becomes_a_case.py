"""A visitor writes to us from the contact page, in Swedish, and gets an acknowledgement
with the case number; staff find the case in the Wagtail admin and reply; the visitor gets
the reply by mail. axe checks the contact page in both languages (with its errors shown
too) and the case's page in the admin.

Labels are matched in English or Swedish: the page is Swedish once the catalogue has them.
"""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

from home.contact import spam
from home.models import ContactCase, ContactMessage
from tests.e2e.conftest import assert_accessible
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "en-lång-lösenfras-2026"
VISITOR = "vera.visitor@example.com"


@pytest.fixture
def staff_member(home_page, policy_page, role_groups):
    from wagtail.users.models import UserProfile

    from home import roles

    user = UserFactory(email="sam@cloocast.example", password=PASSWORD, is_staff=True, first_name="Sam")
    user.groups.add(role_groups[roles.STAFF])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def label(english, swedish):
    return re.compile(rf"^({english}|{swedish})")


def test_a_contact_message_becomes_a_case_staff_answer(page, new_tab, staff_member):
    visitor = page

    # Both languages' pages, and the errors of an empty form, pass axe.
    visitor.goto("/en/contact/")
    assert_accessible(visitor)
    visitor.get_by_role("button", name="Send the message").click()
    expect(visitor.get_by_text("This field is required.").first).to_be_visible()
    assert_accessible(visitor)

    # The visitor writes in Swedish, taking the few seconds a person takes.
    visitor.goto("/sv/contact/")
    assert_accessible(visitor)
    visitor.get_by_label(label("Your name", "Ditt namn")).fill("Vera Visitor")
    visitor.get_by_label(label("Your e-mail address", "Din e-postadress")).fill(VISITOR)
    visitor.get_by_label(label("Company", "Företag")).fill("Exempel AB")
    visitor.get_by_label(label("Subject", "Ämne")).fill("Platser till avdelningen")
    visitor.get_by_label(label("Message", "Meddelande")).fill("Hur beställer jag tio platser?")
    visitor.wait_for_timeout(spam.min_seconds() * 1000 + 300)
    visitor.get_by_role("button", name=label("Send the message", "Skicka meddelandet")).click()
    expect(visitor.get_by_role("heading", name=label("Thank you", "Tack"))).to_be_visible()
    assert_accessible(visitor)

    case = ContactCase.objects.get()
    assert (case.language, case.status, case.email, case.user) == ("sv", "new", VISITOR, None)
    [acknowledgement] = mail.outbox
    assert acknowledgement.to == [VISITOR] and str(case.pk) in acknowledgement.subject
    mail.outbox.clear()

    # Staff find the case in the admin and answer it.
    admin = new_tab()
    admin.goto("/admin/login/")
    admin.fill("#id_username", staff_member.email)
    admin.fill("#id_password", PASSWORD)
    admin.get_by_role("button", name=re.compile("Sign in|Logga in")).click()
    admin.goto("/admin/")
    admin.get_by_role("link", name="Contact cases").click()
    admin.get_by_role("link", name=f"#{case.pk} Platser till avdelningen").click()
    expect(admin.get_by_text("Hur beställer jag tio platser?")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_label("Text", exact=True).fill("Hej Vera!\nDu beställer platserna i butiken.")
    admin.get_by_role("button", name="Mail the reply").click()
    expect(admin.get_by_text(f"The reply is on its way to {VISITOR}.")).to_be_visible()
    expect(admin.get_by_text("Du beställer platserna i butiken.")).to_be_visible()
    admin.wait_for_timeout(1000)  # Wagtail's message fades in: axe measures it once it has
    assert_accessible(admin)

    # The visitor has the answer.
    [answer] = mail.outbox
    assert answer.to == [VISITOR] and "Du beställer platserna i butiken." in answer.body
    reply = ContactMessage.objects.get(kind=ContactMessage.Kind.REPLY)
    assert reply.author == staff_member and reply.mailed_at is not None
    case.refresh_from_db()
    assert case.status == "waiting"
