"""The promise that export gives a person everything, and erasure leaves nothing behind but
what the law keeps: checked with unique markers in every declared personal field."""

import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models

import pytest

from gdpr.erasure import erase_person
from gdpr.export import export_person
from gdpr.registry import registry
from tests.factories.gdpr import BUILDERS

pytestmark = pytest.mark.django_db


def _export_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()).lower()


def scan_database(prefix: str) -> set[tuple[str, str]]:
    """(model label, pk) of every row holding `prefix` in any text or JSON column of any table."""
    hits = set()
    quote = connection.ops.quote_name
    cast = "::text" if connection.vendor == "postgresql" else ""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [
            f.column
            for f in model._meta.local_concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField, models.FileField))
        ]
        table = model._meta.db_table
        if not columns or table not in connection.introspection.table_names():
            continue
        where = " OR ".join(f"LOWER({quote(c)}{cast}) LIKE %s" for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote(model._meta.pk.column)} FROM {quote(table)} WHERE {where}",
                [f"%{prefix}%"] * len(columns),
            )
            hits |= {(model._meta.label, str(pk)) for (pk,) in cursor.fetchall()}
    return hits


def scan_media(prefix: str) -> list[Path]:
    """Files holding `prefix` in their name or content, in the public and the private storage:
    inside zip files and in the text of PDFs too, which are compressed."""
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STORAGES["private"]["OPTIONS"]["location"])]
    return [
        p
        for root in roots
        for p in root.rglob("*")
        if p.is_file() and (prefix in p.name.lower() or prefix in _readable_content(p).lower())
    ]


def _readable_content(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"PK"):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if data.startswith(b"%PDF"):
        import pypdfium2

        document = pypdfium2.PdfDocument(data)
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    return data.decode("utf-8", "replace")


def test_every_personal_model_has_a_sentinel_builder():
    findable = {
        d.model
        for d in registry.declarations.values()
        if (d.personal or d.references) and (d.person_paths or d.email)
    }
    assert findable - set(BUILDERS) == set(), "add a builder to tests/factories/gdpr.py"


def test_export_contains_every_marker(sentinel, tmp_path):
    text = _export_text(export_person(sentinel.user, tmp_path / "export.zip"))
    missing = sorted(m for m in sentinel.markers if m not in text)
    assert missing == []


def test_export_is_a_zip_with_a_readable_index_and_one_json_per_category(sentinel, tmp_path):
    import json

    with zipfile.ZipFile(export_person(sentinel.user, tmp_path / "export.zip")) as archive:
        names = set(archive.namelist())
        assert "index.html" in names
        assert {"contact.json", "contact.csv"} <= names
        contact = json.loads(archive.read("contact.json"))
        assert any(r["model"] == "home.User" for r in contact["records"])
        assert sentinel.user.first_name in archive.read("index.html").decode()


def test_after_erasure_no_marker_remains_except_in_retained_records(sentinel):
    prefix = f"pii{sentinel.run}"
    marked_before = {label for label, _pk in scan_database(prefix)}
    assert len(marked_before) > 30  # the scan sees the markers: the test can fail
    assert scan_media(prefix) != []

    result = erase_person(sentinel.user)

    hits = scan_database(prefix)
    assert hits, "the accounting records keep their markers: retained, not erased"
    unexplained = hits - result.retained_keys()
    assert unexplained == set()
    assert scan_media(prefix) == []
    # What is kept is kept for a stated reason and, for accounting records, until a date.
    assert {r.model for r in result.retained} >= {"order.Order", "order.BillingAddress"}
    assert all(r.reason for r in result.retained)
    assert all(r.until for r in result.retained if r.model.startswith("order."))


def test_erasure_twice_changes_nothing_the_second_time(sentinel):
    first = erase_person(sentinel.user)
    sentinel.user.refresh_from_db()
    second = erase_person(sentinel.user)
    assert first.changed > 0
    assert (dict(second.removed), dict(second.anonymised)) == ({}, {})


def test_every_eraser_run_twice_changes_nothing_and_raises_nothing(sentinel):
    from django.utils import timezone

    from gdpr.erasure import held_records
    from gdpr.subjects import Subject, rows_for

    subject = Subject.for_user(sentinel.user)
    today = timezone.localdate()
    for declaration in registry.in_erase_order():
        if not (declaration.person_paths or declaration.email):
            continue
        model = declaration.get_model()
        declaration.erasure.erase(rows_for(declaration, subject), subject, today, held_records(model, today))
        again = declaration.erasure.erase(
            rows_for(declaration, subject), subject, today, held_records(model, today)
        )
        assert (declaration.model, again.removed, again.anonymised) == (declaration.model, 0, 0)


def test_erased_account_cannot_log_in_and_names_nobody(sentinel, client):
    erase_person(sentinel.user)
    sentinel.user.refresh_from_db()
    assert not sentinel.user.has_usable_password()
    assert not sentinel.user.is_active
    assert sentinel.user.email == f"erased-{sentinel.user.pk}@erased.invalid"
    assert (sentinel.user.first_name, sentinel.user.last_name) == ("", "")


def test_sentinel_has_a_row_in_every_model_declared_with_a_path_to_people(sentinel):
    """Otherwise the round trip would pass for a model it never exercised."""
    from gdpr.subjects import Subject, rows_for

    subject = Subject.for_user(sentinel.user)
    empty = [
        d.model
        for d in registry.declarations.values()
        if (d.person_paths or d.email) and not rows_for(d, subject).exists()
    ]
    assert empty == []


def test_export_carries_the_persons_files_from_their_own_storage(sentinel, tmp_path):
    """The avatar (public storage) and, when rendered, invoices' PDFs (private storage)."""
    from wagtail.users.models import UserProfile

    avatar = UserProfile.get_for_user(sentinel.user).avatar.name
    with zipfile.ZipFile(export_person(sentinel.user, tmp_path / "export.zip")) as archive:
        assert f"files/{avatar}" in archive.namelist()


def test_export_holds_no_secret(sentinel, tmp_path):
    """Nothing in the export lets its holder act as the person: no password hash, session
    key, session hash or API token."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from wagtail.models import APIToken

    secrets = [sentinel.user.password, "_auth_user_hash"]
    secrets += [s.session_key for s in Session.objects.filter(expire_date__gt=timezone.now())]
    secrets += list(APIToken.objects.filter(user=sentinel.user).values_list("key_hash", flat=True))
    assert len(secrets) >= 4 and all(secrets)

    text = _export_text(export_person(sentinel.user, tmp_path / "export.zip"))

    assert [secret for secret in secrets if secret.lower() in text] == []
    assert "note" in text  # the session is exported: what it says, without its key


def test_every_retention_ends_and_then_nothing_personal_is_left(sentinel):
    """Under frozen time, past every declared retention (the accounting records' seven
    years included), the sweep leaves no marker in any declared model or file."""
    from datetime import timedelta

    from django.utils import timezone

    from gdpr.models import CustomerRelationship
    from gdpr.relationships import end_relationship
    from gdpr.sweep import sweep

    prefix = f"pii{sentinel.run}"
    assert len({label for label, _pk in scan_database(prefix)}) > 30  # the scan sees them
    end_relationship(sentinel.user, CustomerRelationship.EndReason.ACCOUNT_CLOSED, when=timezone.now())

    sweep(today=timezone.localdate() + timedelta(days=365 * 10))

    assert scan_database(prefix) == set()
    assert scan_media(prefix) == []
