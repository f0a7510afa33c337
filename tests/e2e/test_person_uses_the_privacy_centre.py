"""A learner uses the privacy centre in Chromium: downloads a copy of their data, restricts
processing (staff lift it in the Wagtail admin), objects to direct marketing, deletes the
account, cancels from the mail during the cooling-off period, deletes it again; after the
cooling-off the administrators have their notice, and nothing about the person is left
in the database or the files outside the records the law keeps. axe checks every page."""

import json
import re
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.core import mail
from django.utils import timezone

import pypdfium2
import pytest
from playwright.sync_api import expect

from gdpr.deletion import carry_out_due
from gdpr.erasure_actions import Retain
from gdpr.registry import registry
from gdpr.suppression import is_suppressed
from tests.e2e.conftest import assert_accessible
from tests.factories.courses import make_catalogue, make_course, make_seller
from tests.factories.home import UserFactory
from tests.factories.shop import place_order
from tests.gdpr.test_round_trip import scan_database, scan_media

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "en-lång-lösenfras-2026"
MARK = "xyzzyqvist"  # in the person's name and address: what the scan looks for


@pytest.fixture
def person(home_page, policy_page, role_groups, settings):
    from home import roles

    settings.ACCOUNT_DELETION_NOTICE_TO = ["drift@cloocast.example"]
    seller = make_seller(make_catalogue(home_page), "Akademin")
    learner = UserFactory(
        email=f"zlatana.{MARK}@example.com", first_name="Zlatana", last_name=MARK.title(), password=PASSWORD
    )
    order = place_order(learner, [(make_course(seller, "Säker vardag", Decimal("990")).course.product, 1)])
    staff = UserFactory(email="sara@cloocast.example", password=PASSWORD, is_staff=True)
    staff.groups.add(role_groups[roles.STAFF])
    return {"learner": learner, "order": order, "staff": staff}


def log_in(tab, email):
    tab.goto("/sv/shop/accounts/login/")
    tab.fill("#id_login-username", email)
    tab.fill("#id_login-password", PASSWORD)
    tab.click("button[name=login_submit]")
    tab.wait_for_url(re.compile(r"/shop/accounts/courses/"))


def test_a_person_uses_every_right_in_the_privacy_centre(page, new_tab, person):
    tab, learner = page, person["learner"]
    log_in(tab, learner.email)
    tab.goto("/sv/shop/accounts/privacy/")
    expect(tab.get_by_role("heading", name="Vad vi har om dig")).to_be_visible()
    assert_accessible(tab)

    # 1. A copy of their data: the JSON holds the profile and the order, and no secret.
    tab.get_by_role("button", name="Skapa en kopia av mina uppgifter").click()
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Ladda ner mina uppgifter (zip)").click()
    with zipfile.ZipFile(Path(download.value.path())) as archive:
        contact = json.loads(archive.read("contact.json"))
        orders = json.loads(archive.read("order.json"))
        everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    assert any(r["model"] == "home.User" and r["email"] == learner.email for r in contact["records"])
    assert "invoicing.OrderBilling" in {r["model"] for r in orders["records"]}  # the order's billing
    assert '"model": "order.Order"' in everything
    assert learner.password not in everything and "_auth_user_hash" not in everything

    # 1b. The register extract: read on the page, and kept as a PDF that holds the profile.
    tab.get_by_role("button", name="Visa mitt registerutdrag").click()
    expect(tab.get_by_role("heading", name="Registerutdrag", exact=True)).to_be_visible()
    expect(tab.get_by_text(learner.email).first).to_be_visible()
    assert_accessible(tab)
    tab.get_by_role("button", name="Skapa en pdf att spara").click()  # by the worker
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Ladda ner som pdf").click()
    pdf = pypdfium2.PdfDocument(Path(download.value.path()))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    assert learner.email in text and learner.password not in text
    tab.goto("/sv/shop/accounts/privacy/")

    # 2. Restrict processing; staff lift the restriction in the Wagtail admin.
    tab.get_by_label("Vad är fel, eller varför ber du om det?").fill("Min adress är fel.")
    tab.get_by_role("button", name="Begränsa behandlingen").click()
    expect(tab.get_by_text(re.compile("Behandlingen av dina uppgifter är begränsad sedan"))).to_be_visible()
    admin = new_tab()
    admin.goto("/admin/login/")
    admin.fill("#id_username", person["staff"].email)
    admin.fill("#id_password", PASSWORD)
    admin.get_by_role("button", name=re.compile("Logga in|Sign in")).click()
    admin.goto("/admin/privacy/restrictions/")
    expect(admin.get_by_text("Min adress är fel.")).to_be_visible()
    admin.get_by_role("button", name=re.compile(r"^(Häv|Lift)")).click()
    tab.reload()
    expect(tab.get_by_role("button", name="Begränsa behandlingen")).to_be_visible()

    # 3. Object to direct marketing.
    tab.get_by_role("button", name="Invänd mot direktmarknadsföring").click()
    expect(tab.get_by_text(re.compile("Du invände mot direktmarknadsföring"))).to_be_visible()
    assert is_suppressed(learner.email)

    # 4. Delete the account, cancel from the mail, delete it again.
    tab.goto("/en/shop/accounts/privacy/")
    assert_accessible(tab)
    tab.goto("/sv/shop/accounts/privacy/")
    tab.get_by_role("link", name="Radera mitt konto").click()
    assert_accessible(tab)
    tab.get_by_label("Ditt lösenord").fill(PASSWORD)
    tab.get_by_role("button", name="Radera mitt konto").click()
    expect(tab.get_by_role("heading", name="Ditt konto håller på att raderas")).to_be_visible()
    assert_accessible(tab)
    [scheduled] = [m for m in mail.outbox if m.to == [learner.email] and "/accounts/deletion/" in m.body]
    cancel = re.search(r"(/sv/shop/accounts/deletion/\S+/)", scheduled.body).group(1)
    tab.goto(cancel)
    assert_accessible(tab)
    tab.get_by_role("button", name="Avbryt raderingen").click()
    log_in(tab, learner.email)  # open again
    tab.goto("/sv/shop/accounts/privacy/delete/")
    tab.get_by_label("Ditt lösenord").fill(PASSWORD)
    tab.get_by_role("button", name="Radera mitt konto").click()
    expect(tab.get_by_role("heading", name="Ditt konto håller på att raderas")).to_be_visible()

    # 5. After the cooling-off: carried out, the administrators told, nothing left but
    # the records the accounting law keeps.
    assert "home.User" in {label for label, _pk in scan_database(MARK)}  # the scan sees them
    copies = [p for p in scan_media(MARK) if p.suffix == ".zip"]
    assert copies  # the copy of step 1 holds the person: the file scan sees it
    assert carry_out_due(now=timezone.now() + timedelta(days=15)) == 1
    [notice] = [m for m in mail.outbox if m.to == ["drift@cloocast.example"]]
    assert str(learner.pk) in notice.subject and MARK not in (notice.subject + notice.body).lower()
    retained_models = {d.model for d in registry.declarations.values() if isinstance(d.erasure, Retain)}
    left = {label for label, _pk in scan_database(MARK)}
    assert left <= retained_models, left - retained_models
    # In the files: only the invoices, which the accounting law keeps; the copy is gone.
    files = scan_media(MARK)
    assert all(p.parent.name == "invoices" or "invoices" in p.parts for p in files), files
    assert not any(p.exists() for p in copies)
    assert is_suppressed(f"zlatana.{MARK}@example.com")  # and never mailed news again
