"""The record of processing (command and admin page) and the policy's registry table."""

from django.core.management import call_command
from django.urls import reverse

import pytest

from gdpr.models import PolicyRegistryStamp
from gdpr.policy import registry_changed_since_published
from gdpr.registry import registry


def test_privacy_record_prints_markdown(capsys):
    call_command("privacy_record", skip_checks=True)
    out = capsys.readouterr().out
    assert out.startswith("# Record of processing activities (GDPR art. 30)")
    assert "## Handling orders, invoices and payments" in out
    assert "Swedish Bookkeeping Act" in out
    assert "**Recipients:** None" in out


def test_privacy_record_prints_csv(capsys):
    import csv
    import io

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
    if allowed:
        assert response.status_code == 200
        assert "order.Order" in response.text
    else:
        # Wagtail sends those without admin access to its login; editors and sellers get 403.
        assert response.status_code in (302, 403)
        assert "order.Order" not in response.text


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
