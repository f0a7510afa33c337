"""The build refuses personal data nobody declared: the system checks and the manifest."""

import json

from django.apps.registry import Apps
from django.core import checks
from django.core.management import call_command
from django.db import models

import pytest

from gdpr import manifest
from gdpr.checks import check_recipients, check_registry
from gdpr.erasure_actions import Anonymise, Blank, Delete, RedactSubject, Retain
from gdpr.registry import Category, LawfulBasis, Purpose, Registry, registry
from gdpr.retention import AccountingRecords, RelationshipEndPlus


def throwaway_model(**fields):
    """A model `throwaway.Note` with `fields`, in an app registry of its own (never migrated)."""
    meta = type("Meta", (), {"app_label": "throwaway", "apps": Apps()})
    return type("Note", (models.Model,), {"__module__": __name__, "Meta": meta, **fields})


def ids(errors):
    return sorted({e.id for e in errors})


def declare_note(the_registry, **overrides):
    kwargs = {
        "purpose": Purpose.SUPPORT,
        "basis": LawfulBasis.LEGITIMATE_INTERESTS,
        "retention": RelationshipEndPlus(12),
        "erasure": Delete(),
        "personal": {"email": Category.CONTACT},
        "not_personal": ("id",),
        "email": "email",
    }
    the_registry.declare("throwaway.Note", **{**kwargs, **overrides})


def note_errors(the_registry, **fields):
    fields = fields or {"email": models.EmailField()}
    return check_registry(models_=[throwaway_model(**fields)], the_registry=the_registry)


def test_full_project_is_classified_without_a_single_gap():
    assert [e for e in check_registry() if e.level >= checks.ERROR] == []


def test_undeclared_model_with_a_personal_field_fails_the_check():
    assert ids(note_errors(Registry())) == ["gdpr.E001"]


def test_declared_model_passes():
    the_registry = Registry()
    declare_note(the_registry)
    assert note_errors(the_registry) == []


def test_new_field_on_a_declared_model_fails_the_check():
    the_registry = Registry()
    declare_note(the_registry)
    errors = note_errors(the_registry, email=models.EmailField(), phone=models.CharField(max_length=20))
    assert [e.id for e in errors] == ["gdpr.E001"]
    assert "throwaway.Note.phone" in errors[0].msg


def test_personal_field_without_erasure_fails():
    the_registry = Registry()
    declare_note(
        the_registry, erasure=Anonymise(), personal={"email": Category.CONTACT, "name": Category.CONTACT}
    )
    errors = note_errors(the_registry, email=models.EmailField(), name=models.CharField(max_length=20))
    assert {e.id for e in errors} == {"gdpr.E005"}


def test_personal_field_without_exporter_fails():
    the_registry = Registry()
    declare_note(the_registry, exporter=None)
    assert {e.id for e in note_errors(the_registry)} == {"gdpr.E005"}


def test_retained_without_a_reason_fails():
    the_registry = Registry()
    declare_note(
        the_registry, erasure=Retain("", until=AccountingRecords("id"), then=Anonymise(email=Blank()))
    )
    assert {e.id for e in note_errors(the_registry)} == {"gdpr.E007"}


def test_personal_data_without_a_path_to_the_person_fails():
    the_registry = Registry()
    declare_note(the_registry, email=None)
    assert {e.id for e in note_errors(the_registry)} == {"gdpr.E006"}


def test_allow_list_is_no_loophole_for_a_personal_looking_field():
    the_registry = Registry()
    the_registry.holds_nothing_personal("Reviewed: notes about products.", "throwaway.Note")
    assert {e.id for e in note_errors(the_registry)} == {"gdpr.E009"}
    the_registry = Registry()
    the_registry.holds_nothing_personal("", "throwaway.Note")
    assert "gdpr.E008" in {e.id for e in note_errors(the_registry, text=models.TextField())}


def test_manage_py_check_fails_on_an_undeclared_field(monkeypatch):
    """The real command, with a declared model losing one field's classification."""
    declaration = registry.declarations["home.User"]
    monkeypatch.setattr(
        declaration, "personal", {k: v for k, v in declaration.personal.items() if k != "last_name"}
    )
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError) as failure:
        call_command("check", tags=["gdpr"])
    assert "home.User.last_name is not classified" in str(failure.value)


def test_manifest_matches_the_registry():
    assert manifest.differences() == []


def test_manifest_check_fails_when_a_classification_changes(monkeypatch, tmp_path):
    stored = json.loads(manifest.MANIFEST_PATH.read_text())
    stored["home.User"]["fields"]["email"] = "not personal"
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(stored))
    assert manifest.differences(path) == ["home.User changed (email)"]


def test_privacy_manifest_check_command_passes_and_fails(monkeypatch):
    from django.core.management.base import CommandError

    call_command("privacy_manifest", "--check", skip_checks=True)
    monkeypatch.setattr(manifest, "differences", lambda: ["home.User changed (email)"])
    with pytest.raises(CommandError, match="home.User changed"):
        call_command("privacy_manifest", "--check", skip_checks=True)


def test_no_personal_data_has_a_recipient_or_leaves_our_servers():
    """The policy: "All personal information will not leave our servers"."""
    assert [
        (d.model, d.recipients, d.external_locations)
        for d in registry.declarations.values()
        if d.recipients or d.external_locations
    ] == []
    assert check_recipients() == []


def test_personal_models_in_the_search_index_leave_it_when_erased(db):
    """The index is a derived store: a personal model may be indexed only if its erasure
    deletes rows one by one through the ORM, which removes their index entries."""
    from wagtail.search.index import Indexed
    from wagtail.search.models import IndexEntry

    from courses.models import Instructor

    indexed = {
        d.model for d in registry.declarations.values() if d.personal and issubclass(d.get_model(), Indexed)
    }
    assert indexed == {"courses.Instructor"}
    assert isinstance(registry.declarations["courses.Instructor"].erasure, Delete)

    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code="sv")
    instructor = Instructor.objects.create(
        name="Ingrid Indexed", role="Lärare", locale=Locale.objects.get(language_code="sv")
    )
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(instructor)
    entries = IndexEntry.objects.filter(object_id=str(instructor.pk), content_type__model="instructor")
    assert entries.exists()
    registry.declarations["courses.Instructor"].erasure.apply(Instructor.objects.filter(pk=instructor.pk))
    assert not entries.exists()


def test_manifest_is_the_same_whatever_the_active_language():
    from django.utils import translation

    with translation.override("sv"):
        swedish = manifest.render()
    assert swedish == manifest.render()


def test_a_retention_the_sweep_cannot_end_fails():
    """Per-row strategies alone (a redaction needs the person) leave the sweep nothing to
    do: the declared retention would never end. Admin log entries were that case."""
    the_registry = Registry()
    declare_note(the_registry, erasure=Anonymise(email=RedactSubject()))
    assert ids(note_errors(the_registry)) == ["gdpr.E015"]

    the_registry = Registry()
    declare_note(the_registry, erasure=Anonymise(email=RedactSubject()), on_expiry=Delete())
    assert note_errors(the_registry) == []


def test_a_secret_must_be_one_of_the_personal_fields():
    the_registry = Registry()
    declare_note(the_registry, secrets=("password",))
    assert ids(note_errors(the_registry)) == ["gdpr.E014"]
