"""System checks: every concrete field of every installed model is classified, with zero
tolerance. `manage.py check` (and so CI) fails on any gap, and when the checked-in
manifest no longer matches the registry."""

from __future__ import annotations

import re

from django.apps import apps as global_apps
from django.conf import settings
from django.core import checks
from django.db import models
from django.db.models import Q

from gdpr.erasure_actions import Anonymise, Retain
from gdpr.registry import Category, Kind, LawfulBasis, Purpose, Registry, registry
from gdpr.retention import RetentionRule

# Names and types that nearly always hold personal data: on a model declared as holding
# nothing personal, they are an error until someone classifies the model field by field.
SUSPICIOUS_NAME = re.compile(
    r"(?:^|_)(?:e?mail|phone|mobile|first_name|last_name|full_name|surname|address|ip|birth\w*|"
    r"personnummer|ssn|user|user_id|owner|author|person)(?:_|$)",
    re.I,
)
SUSPICIOUS_TYPES = (models.EmailField, models.GenericIPAddressField)


def _user_model():
    return global_apps.get_model(settings.AUTH_USER_MODEL)


def check_registry(app_configs=None, *, models_=None, the_registry: Registry | None = None, **kwargs):
    """`models_` and `the_registry` let tests check a throwaway model against a registry of their own."""
    the_registry = the_registry or registry
    if models_ is None:
        # Oscar's test factories define models of their own ("oscar.Band"), with no table;
        # they exist only in a test run that imports oscar.test.factories.
        models_ = [
            m
            for m in global_apps.get_models(include_auto_created=True)
            if not m.__module__.startswith("oscar.test.")
        ]
    errors = []
    user_model = _user_model()
    for label in sorted(set(the_registry.duplicates)):
        errors.append(checks.Error(f"{label} is declared more than once.", id="gdpr.E010"))
    for model in models_:
        if model._meta.proxy:
            continue
        label = model._meta.label
        declaration = the_registry.declarations.get(label)
        allowed = the_registry.nothing_personal.get(label)
        fields = model._meta.local_concrete_fields
        if declaration is None and allowed is None:
            errors.append(
                checks.Error(
                    f"{label} is not in the privacy registry: its fields "
                    f"{', '.join(f.name for f in fields)} are unclassified.",
                    hint="Declare it in its app's privacy.py (see docs/privacy.md), or, if it "
                    "holds nothing about people, add it to a holds_nothing_personal() list with a reason.",
                    obj=model,
                    id="gdpr.E001",
                )
            )
            continue
        if allowed is not None:
            errors.extend(_check_allowed(model, allowed, user_model))
            continue
        errors.extend(_check_declaration(model, declaration, user_model))
    installed = {m._meta.label for m in models_}
    for label in sorted(set(the_registry.declarations) | set(the_registry.nothing_personal)):
        allowed = the_registry.nothing_personal.get(label)
        if allowed is not None and allowed.varies_by_database:
            continue
        if label not in installed:
            errors.append(
                checks.Error(
                    f"The privacy registry names {label}, which is not an installed model.", id="gdpr.E011"
                )
            )
    return errors


def _check_allowed(model, allowed, user_model):
    errors = []
    if not str(allowed.reason).strip():
        errors.append(
            checks.Error(
                f"{model._meta.label} holds nothing personal, but no reason says why.",
                obj=model,
                id="gdpr.E008",
            )
        )
    for f in model._meta.local_concrete_fields:
        points_at_person = f.is_relation and f.related_model is user_model
        if points_at_person or isinstance(f, SUSPICIOUS_TYPES) or SUSPICIOUS_NAME.search(f.name):
            if f.name in allowed.reviewed and not points_at_person:
                continue  # looked at and found to be the company's or a thing's, not a person's
            errors.append(
                checks.Error(
                    f"{model._meta.label}.{f.name} looks personal, but the model is declared as holding nothing personal.",
                    hint="Declare the model field by field instead.",
                    obj=model,
                    id="gdpr.E009",
                )
            )
    return errors


def _check_declaration(model, declaration, user_model):
    label = model._meta.label
    errors = []
    classification = declaration.classification()
    names = {f.name for f in model._meta.local_concrete_fields}
    for f in model._meta.local_concrete_fields:
        if f.name not in classification:
            errors.append(
                checks.Error(
                    f"{label}.{f.name} is not classified as personal, a reference to a person, or not personal.",
                    hint=f"Add it to the declaration of {label}.",
                    obj=model,
                    id="gdpr.E001",
                )
            )
        elif classification[f.name] is Kind.NOT_PERSONAL and f.is_relation and f.related_model is user_model:
            errors.append(
                checks.Error(
                    f"{label}.{f.name} points at a person's account but is declared not personal.",
                    obj=model,
                    id="gdpr.E002",
                )
            )
    for name in sorted(set(classification) - names):
        errors.append(
            checks.Error(
                f"The declaration of {label} classifies {name!r}, which it does not have.",
                obj=model,
                id="gdpr.E003",
            )
        )
    overlap = (set(declaration.personal) & set(declaration.references)) | (
        (set(declaration.personal) | set(declaration.references)) & set(declaration.not_personal)
    )
    for name in sorted(overlap):
        errors.append(checks.Error(f"{label}.{name} is classified twice.", obj=model, id="gdpr.E003"))
    for name, category in declaration.personal.items():
        if category not in Category.values:
            errors.append(
                checks.Error(
                    f"{label}.{name} has an unknown category {category!r}.", obj=model, id="gdpr.E004"
                )
            )
    if declaration.purpose not in Purpose.values or declaration.basis not in LawfulBasis.values:
        errors.append(
            checks.Error(
                f"{label} needs a purpose and a lawful basis from gdpr.registry.", obj=model, id="gdpr.E004"
            )
        )
    if declaration.personal or declaration.references:
        if declaration.exporter is None:
            errors.append(
                checks.Error(f"{label} holds personal data but has no exporter.", obj=model, id="gdpr.E005")
            )
        if declaration.erasure is None:
            errors.append(
                checks.Error(
                    f"{label} holds personal data but no erasure says what happens to it.",
                    obj=model,
                    id="gdpr.E005",
                )
            )
        if not (declaration.person_paths or declaration.email or declaration.manual):
            errors.append(
                checks.Error(
                    f"{label} holds personal data but no path leads from a row to the person.",
                    hint="Give person= (a lookup to the account), email= (a guest's address), or manual= (why not, and who handles it).",
                    obj=model,
                    id="gdpr.E006",
                )
            )
    if not isinstance(declaration.retention, RetentionRule):
        errors.append(checks.Error(f"{label} has no retention rule.", obj=model, id="gdpr.E007"))
    erasure = declaration.erasure
    if isinstance(erasure, Retain):
        if not str(erasure.reason).strip() or not isinstance(erasure.until, RetentionRule):
            errors.append(
                checks.Error(
                    f"{label} is retained without a named legal reason and an end.", obj=model, id="gdpr.E007"
                )
            )
        erasure = erasure.then
    if isinstance(erasure, Anonymise):
        for name in sorted(erasure.fields() - names):
            errors.append(
                checks.Error(
                    f"{label}: erasure anonymises {name!r}, which it does not have.",
                    obj=model,
                    id="gdpr.E003",
                )
            )
        missing = set(declaration.personal) - erasure.fields()
        for name in sorted(missing):
            errors.append(
                checks.Error(
                    f"{label}.{name} is personal but the erasure neither deletes nor anonymises it.",
                    hint="Give it a strategy in Anonymise(...), or Delete() the rows.",
                    obj=model,
                    id="gdpr.E005",
                )
            )
    for name in sorted(set(declaration.secrets) - set(declaration.personal)):
        errors.append(
            checks.Error(
                f"{label}.{name} is declared secret but is not a personal field.",
                hint="A secret is personal data that is erased but never exported: list it in personal= too.",
                obj=model,
                id="gdpr.E014",
            )
        )
    errors.extend(_check_retention_ends(model, declaration))
    return errors


def _check_retention_ends(model, declaration):
    """The sweep changes a row when its time is over only when it can tell which rows it
    changed already: an expiry action of per-row strategies alone (a text redacted of the
    person) never ends anything, and the declaration's retention would be a promise only."""
    action = declaration.expiry_action()
    if isinstance(action, Anonymise) and action.done() == Q() and action.strategies:
        return [
            checks.Error(
                f"The retention of {model._meta.label} never ends: the sweep cannot anonymise "
                "rows with per-row strategies alone.",
                hint="Give the declaration on_expiry=Delete() or an Anonymise(...) with a set-based strategy.",
                obj=model,
                id="gdpr.E015",
            )
        ]
    return []


def check_manifest(app_configs=None, **kwargs):
    from gdpr.manifest import differences

    diff = differences()
    if not diff:
        return []
    shown = "; ".join(diff[:5]) + (f"; and {len(diff) - 5} more" if len(diff) > 5 else "")
    return [
        checks.Error(
            f"The privacy manifest differs from the registry: {shown}.",
            hint="Review the change, then run `manage.py privacy_manifest` and commit gdpr/manifest.json.",
            id="gdpr.E012",
        )
    ]


def check_recipients(app_configs=None, **kwargs):
    """The policy promises that personal data never leaves the company's servers."""
    return [
        checks.Error(
            f"{d.model} declares recipients or external locations ({', '.join((*d.recipients, *d.external_locations))}), "
            "but the published policy promises there are none.",
            id="gdpr.E013",
        )
        for d in registry.declarations.values()
        if d.recipients or d.external_locations
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_deletion_notice(app_configs=None, **kwargs):
    """The policy promises the system administrator a notice when an account deletes itself."""
    if settings.ACCOUNT_DELETION_NOTICE_TO:
        return []
    return [
        checks.Error(
            "Nobody gets the notice when an account deletes itself.",
            hint="Set ADMIN_EMAILS (or ACCOUNT_DELETION_NOTICE_TO) to the system administrators' addresses.",
            id="gdpr.E016",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_suppression_key(app_configs=None, **kwargs):
    """The suppression list's key must be its own: rotating SECRET_KEY would otherwise
    forget every address that objected to direct marketing."""
    key = settings.SUPPRESSION_LIST_KEY
    if key and key != settings.SECRET_KEY:
        return []
    return [
        checks.Error(
            "SUPPRESSION_LIST_KEY is empty or the same as SECRET_KEY.",
            hint="Set SUPPRESSION_LIST_KEY once to a long random value of its own, and never change it.",
            id="gdpr.E017",
        )
    ]
