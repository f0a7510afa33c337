"""The record of processing (command and admin page) and the policy's registry table."""

import csv
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Site
from wagtail.users.models import UserProfile

import pytest

from gdpr import record
from gdpr.models import PolicyRegistryStamp
from gdpr.policy import registry_changed_since_published
from gdpr.registry import registry
from home.models import CompanySettings


@pytest.mark.django_db
def test_privacy_record_prints_markdown(capsys):
    call_command("privacy_record", skip_checks=True)
    out = capsys.readouterr().out
    assert out.startswith("# Record of processing activities (GDPR art. 30)")
    assert "## Handling orders, invoices and payments" in out
    assert "Swedish Bookkeeping Act" in out
    assert "**Recipients:** None" in out


@pytest.mark.django_db
def test_privacy_record_prints_csv(capsys):
    call_command("privacy_record", "--format", "csv", skip_checks=True)
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][0] == "Purpose"
    assert len(rows) > 5 and all(row[5] == "None" for row in rows[1:])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("buyer", False),
        ("learner", False),
        ("seller", False),
        ("editor", False),
        ("staff", True),
        ("sysadmin", True),
    ],
)
def test_record_admin_page_is_for_staff_and_administrators_only(client, request, persona, allowed):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("gdpr_record"))
    purposes = ("Handling orders, invoices and payments", "Hantera beställningar, fakturor och betalningar")
    if allowed:
        assert response.status_code == 200
        assert any(purpose in response.text for purpose in purposes)
    else:
        # Wagtail sends those without admin access to its login; editors and sellers get 403.
        assert response.status_code in (302, 403)
        assert not any(purpose in response.text for purpose in purposes)


@pytest.mark.django_db
def test_record_menu_item_only_for_staff(client, editor, staff):
    client.force_login(editor)
    assert reverse("gdpr_record") not in client.get("/admin/").text
    client.force_login(staff)
    assert reverse("gdpr_record") in client.get("/admin/").text


@pytest.fixture
def registry_policy(policy_page, django_capture_on_commit_callbacks):
    policy_page.body.append(("privacy_registry", {"heading": "Det här sparar vi"}))
    policy_page.save_revision().publish()
    return policy_page


@pytest.mark.django_db
def test_policy_page_shows_the_registry_table_in_the_readers_language(client, registry_policy):
    response = client.get(registry_policy.url)
    assert response.status_code == 200
    assert "Det här sparar vi" in response.text
    assert 'class="privacy-registry-block"' in response.text
    assert "Swedish Bookkeeping Act" in response.text or "bokföringslagen" in response.text.lower()


@pytest.mark.django_db
def test_publishing_stamps_the_registry_and_the_editor_warns_when_it_changes(
    client, sysadmin, registry_policy, monkeypatch
):
    assert PolicyRegistryStamp.objects.get(page=registry_policy).fingerprint == registry.fingerprint()
    assert not registry_changed_since_published(registry_policy)
    client.force_login(sysadmin)
    edit_url = reverse("wagtailadmin_pages:edit", args=[registry_policy.pk])
    response = client.get(edit_url)
    assert response.status_code == 200
    assert "privacy-registry-drift" not in response.text

    monkeypatch.setattr(type(registry), "fingerprint", lambda self: "changed")
    assert registry_changed_since_published(registry_policy)
    assert "privacy-registry-drift" in client.get(edit_url).text


@pytest.mark.django_db
def test_policy_without_the_table_is_not_stamped(policy_page):
    assert not PolicyRegistryStamp.objects.filter(page=policy_page).exists()
    assert not registry_changed_since_published(policy_page)


def test_privacy_record_refuses_an_unknown_language():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="xx"):
        call_command("privacy_record", "--language", "xx", skip_checks=True)


@pytest.mark.django_db
def test_privacy_export_and_erase_commands(tmp_path, learner, capsys):
    from django.core.management.base import CommandError

    path = tmp_path / "learner.zip"
    call_command("privacy_export", learner.email, str(path), skip_checks=True)
    assert path.exists()
    with pytest.raises(CommandError):
        call_command("privacy_export", learner.email, str(path), skip_checks=True)  # never overwrites
    with pytest.raises(CommandError):
        call_command("privacy_erase", learner.email, skip_checks=True)  # needs --yes
    learner.refresh_from_db()
    assert learner.is_active
    call_command("privacy_erase", learner.email, "--yes", skip_checks=True)
    learner.refresh_from_db()
    assert not learner.is_active and learner.email.endswith("@erased.invalid")


@pytest.mark.django_db
def test_legal_holds_in_django_admin_record_who_set_them(client, sysadmin, learner):
    from gdpr.models import LegalHold

    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:gdpr_legalhold_add"),
        {
            "user": learner.pk,
            "object_id": "",
            "basis": "legal_claim",
            "reason": "Dispute",
            "created_at_0": "2026-11-25",
            "created_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    assert LegalHold.objects.get().set_by == sysadmin


# --- The record is complete as art. 30(1) asks: who, what, where, and how it is protected ---

LABELS = sorted(registry.declarations)  # "order.Order": what a data-protection officer never reads


def model_labels_in(text: str) -> list[str]:
    return [label for label in LABELS if label in text]


@pytest.fixture
def company(home_page):
    company = CompanySettings.for_site(Site.objects.get(is_default_site=True))
    company.name = "Registerbolaget AB"
    company.organisation_number = "559251-4557"
    company.address = "Storgatan 1\n111 22 Stockholm"
    company.email = "info@registerbolaget.example"
    company.phone = "08-100 00 00"
    company.data_protection_name = "Dana Dataskydd"
    company.data_protection_email = "dataskydd@registerbolaget.example"
    company.data_protection_phone = "08-123 45 67"
    company.save()
    return company


@pytest.mark.django_db
def test_company_details_take_the_data_protection_contact_in_a_panel_of_its_own(client, sysadmin, company):
    url = reverse("wagtailsettings:edit", args=["home", "companysettings", company.site_id])
    admin_login(client, sysadmin, "en")
    text = client.get(url).text
    assert "Data-protection contact" in text
    for name in ("data_protection_name", "data_protection_email", "data_protection_phone"):
        assert f'name="{name}"' in text


def record_markdown(language="en") -> str:
    out = io.StringIO()
    call_command("privacy_record", "--language", language, stdout=out, skip_checks=True)
    return out.getvalue()


@pytest.mark.django_db
def test_record_names_the_controller_and_the_data_protection_contact(company):
    out = record_markdown()
    controller = out.split("## Controller", 1)[1].split("## Data-protection contact", 1)[0]
    contact = out.split("## Data-protection contact", 1)[1].split("## Processing activities", 1)[0]
    for fact in (
        "Registerbolaget AB",
        "559251-4557",
        "Storgatan 1, 111 22 Stockholm",
        "info@registerbolaget.example",
    ):
        assert fact in controller
    for fact in ("Dana Dataskydd", "dataskydd@registerbolaget.example", "08-123 45 67"):
        assert fact in contact


@pytest.mark.django_db
def test_record_without_a_data_protection_contact_says_whom_to_ask(company):
    company.data_protection_name = company.data_protection_email = company.data_protection_phone = ""
    company.save()
    contact = record_markdown().split("## Data-protection contact", 1)[1].split("##", 1)[0]
    assert "None named: questions about personal data go to the controller." in contact


@pytest.mark.django_db
def test_record_describes_the_security_measures_from_the_settings(company, settings):
    settings.AXES_FAILURE_LIMIT = 7
    out = record_markdown()
    security = out.split("## Technical and organisational security measures (GDPR art. 32)", 1)[1]
    for measure in (
        "HTTPS",
        "HSTS",
        "PBKDF2",
        "7 failed logins",
        "15 minutes",
        "private file store",
        "HMAC-SHA256",
    ):
        assert measure in security
    assert "Personal data does not leave our servers" in security


@pytest.mark.django_db
def test_record_says_where_data_is_stored_in_words(company):
    with translation.override("en"):
        by_purpose = {a.purpose: {p.where: p.things for p in a.places} for a in record.activities()}
    orders = by_purpose["Handling orders, invoices and payments"]
    assert "Orders" in orders["The database on our own servers"]
    accounting = by_purpose["Keeping accounting records the law requires"]
    private_store = next(where for where in accounting if where.startswith("The private file store"))
    assert accounting[private_store] == ["Credit notes (PDF)", "Invoices (PDF)"]
    # A many-to-many table is named by the field that made it; a file the registry does
    # not call personal (a lesson video) is no place for personal data.
    account = by_purpose["Giving you an account and access to the platform"][
        "The database on our own servers"
    ]
    assert "Users (groups)" in account
    content = by_purpose["Publishing and editing the site's content"]
    assert not any("Lesson videos (" in thing for things in content.values() for thing in things)
    out = record_markdown()
    assert "- The database on our own servers: " in out
    assert model_labels_in(out) == []


def test_every_declared_model_has_a_place_in_words():
    """A new declaration needs no extra work: its place comes from its model's meta."""
    for declaration in registry.declarations.values():
        places = record.places([declaration])
        assert places and all(place.things for place in places), declaration.model
        assert model_labels_in(" ".join(str(place) for place in places)) == [], declaration.model


@pytest.mark.django_db
def test_privacy_record_csv_has_the_new_facts_in_every_row(company, capsys):
    call_command("privacy_record", "--format", "csv", skip_checks=True)
    header, *rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert header[-3:] == [
        "Controller",
        "Data-protection contact",
        "Technical and organisational security measures (GDPR art. 32)",
    ]
    for row in rows:
        assert "Registerbolaget AB" in row[8] and "Dana Dataskydd" in row[9] and "PBKDF2" in row[10]


def admin_login(client, user, language):
    """The admin speaks each user's own preferred language, downloads included."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)


@pytest.mark.django_db
def test_admin_page_shows_the_complete_record_and_links_the_downloads(client, staff, company):
    admin_login(client, staff, "en")
    response = client.get(reverse("gdpr_record"))
    assert response.status_code == 200
    text = response.text
    for fact in ("Registerbolaget AB", "Dana Dataskydd", "dataskydd@registerbolaget.example"):
        assert fact in text
    assert "Technical and organisational security measures (GDPR art. 32)" in text
    assert "The database on our own servers" in text
    assert reverse("gdpr_record_pdf") in text and reverse("gdpr_record_csv") in text
    assert model_labels_in(text) == []


def pdf_text(content: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "purpose"),
    [
        ("en", "Handling orders, invoices and payments"),
        ("sv", "Hantera beställningar, fakturor och betalningar"),
    ],
)
def test_record_downloads_as_pdf_in_the_users_language(client, staff, company, language, purpose):
    admin_login(client, staff, language)
    response = client.get(reverse("gdpr_record_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith(f'-{today}.pdf"')
    assert response.content.startswith(b"%PDF")
    # Words can break over lines in the PDF's text: compare without the whitespace.
    text = " ".join(pdf_text(response.content).split())
    assert "Registerbolaget AB" in text and "Dana Dataskydd" in text
    assert purpose in text
    assert model_labels_in(text) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "purpose"),
    [
        ("en", "Purpose", "Handling orders, invoices and payments"),
        ("sv", "Ändamål", "Hantera beställningar, fakturor och betalningar"),
    ],
)
def test_record_downloads_as_csv_in_the_users_language(client, staff, company, language, heading, purpose):
    admin_login(client, staff, language)
    response = client.get(reverse("gdpr_record_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{"record-of-processing" if language == "en" else "registerforteckning"}-{today}.csv"'
    )
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[0] == heading
    with translation.override(language):
        purposes = [activity.purpose for activity in record.activities()]
    assert [row[0] for row in rows] == purposes  # one row per purpose
    assert purpose in purposes
    assert all(len(row) == len(header) and "Registerbolaget AB" in row[8] for row in rows)
    assert model_labels_in(response.content.decode("utf-8-sig")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["gdpr_record", "gdpr_record_pdf", "gdpr_record_csv"])
@pytest.mark.parametrize("persona", [None, "buyer", "learner", "seller", "editor"])
def test_record_and_its_downloads_are_refused_to_everyone_else(client, request, company, url_name, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url_name))
    # Wagtail sends those without admin access (and the anonymous) to its login, and
    # redirects those with admin access but not the record to the dashboard.
    assert response.status_code in (302, 403)
    assert "Content-Disposition" not in response
    assert b"Registerbolaget AB" not in response.content and not response.content.startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "purpose", "people"),
    [
        ("en", "Handling orders, invoices and payments", "Users of the platform"),
        ("sv", "Hantera beställningar, fakturor och betalningar", "Plattformens användare"),
    ],
)
def test_record_renders_in_swedish_and_english(company, language, purpose, people):
    with translation.override(language):
        the_record = record.build(company)
        outputs = [
            record.as_markdown(the_record),
            record.as_csv(the_record),
            pdf_text(record.as_pdf(the_record)),
        ]
    for text in outputs:
        text = " ".join(text.split())
        assert purpose in text and people in text and "Registerbolaget AB" in text
