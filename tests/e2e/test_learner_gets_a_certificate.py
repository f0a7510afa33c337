"""A learner completes a course in the browser, finds the certificate in My certificates
and downloads the PDF; its QR code, read from the rendered page, opens the verification
page ("valid"). Staff revoke it in the Wagtail admin: the page says "revoked" and the
signed status list marks it. axe checks every page on the way, in Swedish and English.
"""

import re
from pathlib import Path

from django.utils import translation

import pytest
from playwright.sync_api import expect

from certificates import keys, status_list
from certificates.models import Certificate
from certificates.signing import verify
from courses.models import Enrolment, GrantSource
from tests.certificates.test_pages import pdf_text_and_qr
from tests.e2e.conftest import assert_accessible
from tests.factories.courses import make_catalogue, make_course, make_lessons, make_seller
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "en-lång-lösenfras-2026"


@pytest.fixture
def journey(home_page, role_groups, live_server, settings):
    from home import roles

    settings.WAGTAILADMIN_BASE_URL = live_server.url  # the QR code leads to this server
    seller = make_seller(make_catalogue(home_page), "Akademin")
    page = make_course(seller, "Säker vardag", summary="Kort kurs.")
    lessons = make_lessons(page, modules=1, lessons_per_module=2, free_preview_first=False)
    learner = UserFactory(email="lina@exempel.se", first_name="Lina", last_name="Lärling", password=PASSWORD)
    Enrolment.objects.create(user=learner, course=page.course, source=GrantSource.STAFF)
    staff = UserFactory(email="sara@exempel.se", password=PASSWORD, is_staff=True)
    staff.groups.add(role_groups[roles.STAFF])
    return {"page": page, "lessons": lessons, "learner": learner, "staff": staff}


def log_in(tab, email, language="sv"):
    tab.goto(f"/{language}/shop/accounts/login/")
    tab.fill("#id_login-username", email)
    tab.fill("#id_login-password", PASSWORD)
    tab.click("button[name=login_submit]")
    tab.wait_for_url(re.compile(r"/shop/accounts/courses/"))


def test_a_learner_earns_a_certificate_anyone_can_verify(page, new_tab, live_server, journey):
    tab = page
    log_in(tab, journey["learner"].email)

    # Complete the course: both lessons, as the learner does it.
    for lesson in journey["lessons"]:
        tab.goto(lesson.url)
        tab.get_by_role("button", name="Markera lektionen som klar").click()
        tab.wait_for_load_state()
    expect(tab.locator(".notice--success")).to_be_visible()
    tab.get_by_role("link", name="Ditt intyg finns under Mina intyg.").click()

    # My certificates: the certificate, and its PDF.
    expect(tab.get_by_role("heading", name="Säker vardag")).to_be_visible()
    assert_accessible(tab)
    with tab.expect_download() as download:
        tab.get_by_role("link", name=re.compile("Ladda ner PDF")).click()
    text, url = pdf_text_and_qr(Path(download.value.path()).read_bytes())
    assert "Lina Lärling" in text and "Säker vardag" in text
    certificate = Certificate.objects.get(user=journey["learner"])
    assert url == f"{live_server.url}/sv/certificates/verify/{certificate.code}/"

    # Anyone who scans the code: the verification page, "valid", in both languages.
    visitor = new_tab()
    visitor.goto(url)
    expect(visitor.locator(".verification__status")).to_have_text("Giltigt")
    assert "Lina Lärling" in visitor.content()
    assert_accessible(visitor)
    visitor.goto(f"/en/certificates/verify/{certificate.code}/")
    expect(visitor.locator(".verification__status")).to_have_text("Valid")
    assert_accessible(visitor)

    # A code typed from paper finds the same page.
    visitor.goto("/sv/certificates/verify/")
    assert_accessible(visitor)
    visitor.get_by_label("Verifieringskod").fill(certificate.display_code.lower())
    visitor.get_by_role("button", name="Verifiera").click()
    expect(visitor.locator(".verification__status")).to_have_text("Giltigt")

    # The learner opens a public page for the certificate; anyone may see it then.
    tab.get_by_role("button", name=re.compile("Öppna en offentlig sida")).click()
    visitor.goto(f"/sv/certificates/{certificate.code}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Lina Lärling")
    assert_accessible(visitor)

    # The signed credential the learner can download verifies.
    credential = certificate.credential
    assert (
        verify(credential, lambda key_url: keys.trusted_public_key(keys.multibase_from_key_id(key_url))) == []
    )

    # Staff revoke it in the Wagtail admin.
    admin = new_tab()
    admin.goto("/admin/login/")
    admin.fill("#id_username", journey["staff"].email)
    admin.fill("#id_password", PASSWORD)
    admin.get_by_role("button", name=re.compile("Logga in|Sign in")).click()
    admin.goto("/admin/certificates/")
    admin.get_by_label(re.compile("Sök efter kod|Find by code")).fill("Lina")
    admin.keyboard.press("Enter")
    admin.get_by_role("link", name=certificate.display_code).click()
    admin.get_by_label(re.compile("Varför|Why")).fill("Utfärdat till fel person")
    admin.get_by_role("button", name=re.compile("^(Återkalla|Revoke)$")).click()
    expect(admin.locator(".messages")).to_contain_text(re.compile("återkallat|revoked"))

    # Now the page says revoked, with the date, and the status list marks it.
    visitor.goto(f"/sv/certificates/verify/{certificate.code}/")
    expect(visitor.locator(".verification__status")).to_have_text("Återkallat")
    assert "fel person" not in visitor.content()
    assert_accessible(visitor)
    listed = visitor.request.get("/certificates/status/1").json()
    assert status_list.is_set(listed["credentialSubject"]["encodedList"], certificate.status_index)
    assert verify(listed, lambda key_url: keys.trusted_public_key(keys.multibase_from_key_id(key_url))) == []

    # The learner sees it among the revoked, with no download left.
    tab.goto("/en/shop/accounts/certificates/")
    with translation.override("en"):
        assert "Revoked or replaced" in tab.content()
    expect(tab.get_by_role("link", name=re.compile("Download PDF"))).to_have_count(0)
    assert_accessible(tab)
