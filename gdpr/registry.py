"""The registry of personal data: what every model stores about people, and what to do with it.

Each app declares its models in its own `privacy.py`, which `GdprConfig.ready()` imports
the way Django imports `admin.py`. Export, erasure, the retention sweep, the record of
processing and the policy's table are all computed from these declarations, and the
system checks in `gdpr.checks` refuse any concrete field that none of them classifies.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum

from django.db import models
from django.utils.translation import gettext_lazy as _

from gdpr.erasure_actions import Anonymise, Delete, ErasureAction, Retain  # noqa: F401  (re-exported)
from gdpr.retention import RetentionRule


class Category(models.TextChoices):
    """The kinds of personal data the policy names."""

    CONTACT = "contact", _("Contact information")
    COMPANY = "company", _("Company information")
    ONLINE_IDENTIFIER = "online_identifier", _("Login and online identifiers")
    EDUCATION = "education", _("Education information")
    ORDER = "order", _("Orders and invoices")
    SUPPORT_CASE = "support_case", _("Support cases")
    CONSENT = "consent", _("Consents and choices")
    FREE_TEXT = "free_text", _("Free text written by or about you")


class LawfulBasis(models.TextChoices):
    """GDPR art. 6(1) a-f."""

    CONSENT = "a", _("Consent (GDPR art. 6(1)(a))")
    CONTRACT = "b", _("Performance of a contract (GDPR art. 6(1)(b))")
    LEGAL_OBLIGATION = "c", _("Legal obligation (GDPR art. 6(1)(c))")
    VITAL_INTERESTS = "d", _("Vital interests (GDPR art. 6(1)(d))")
    PUBLIC_TASK = "e", _("Public task (GDPR art. 6(1)(e))")
    LEGITIMATE_INTERESTS = "f", _("Legitimate interests (GDPR art. 6(1)(f))")


class Purpose(models.TextChoices):
    """Why personal data is processed. Essential purposes cannot be restricted (art. 18(2))."""

    ACCOUNT = "account", _("Giving you an account and access to the platform")
    ORDERS = "orders", _("Handling orders, invoices and payments")
    ACCOUNTING = "accounting", _("Keeping accounting records the law requires")
    EDUCATION = "education", _("Streaming courses, tracking progress and issuing certificates")
    SUPPORT = "support", _("Handling your questions and support cases")
    CONTENT = "content", _("Publishing and editing the site's content")
    SECURITY = "security", _("Keeping the platform secure and accountable")
    MARKETING = "marketing", _("Sending news you agreed to receive")
    EVALUATION = "evaluation", _("Course evaluations and follow-up you agreed to")
    COMPANY_REPORTING = (
        "company_reporting",
        _("Reporting course completion to the company that paid for the seat"),
    )
    STATISTICS = "statistics", _("First-party, aggregated statistics")


# Purposes a restriction (art. 18) stops; the others are needed to keep a contract or the law.
NON_ESSENTIAL_PURPOSES = frozenset({Purpose.MARKETING, Purpose.EVALUATION, Purpose.STATISTICS})


class Kind(Enum):
    PERSONAL = "personal"
    REFERENCE = "reference"  # a foreign key to a person's account: no data of its own
    NOT_PERSONAL = "not personal"


@dataclass(frozen=True)
class GenericRef:
    """The row refers to the person's account through a generic relation (content type + id)."""

    ct_field: str = "content_type"
    id_field: str = "object_id"

    def __str__(self):
        return f"generic({self.ct_field}, {self.id_field})"


@dataclass(frozen=True)
class Custom:
    """The row refers to the person in a way no lookup expresses (a session's encoded data).

    `find(subject, queryset)` returns the rows of `queryset` that belong to `subject`.
    """

    find: object
    description: str

    def __str__(self):
        return f"custom({self.description})"


@dataclass
class Declaration:
    """One model's personal data.

    `personal` maps each personal field to its `Category`; `references` lists the foreign
    keys to an account; `not_personal` lists every other concrete field defined on this
    model (inherited fields are classified where they are defined). `person` is how to
    get from a row to the person: a lookup path to the account ("user", "order__user"),
    `"pk"` for the account itself, a `GenericRef`, a `Custom` finder, or a list of them;
    `email` is a lookup path to a guest's e-mail address. `manual` says why the rows
    cannot be found from an account (an instructor's profile is not an account) and who
    handles them instead. `secrets` names personal fields that are erased with the rest
    but never exported: a password hash, a session key, a token would let whoever holds
    the export act as the person.
    """

    model: str
    purpose: str
    basis: str
    retention: RetentionRule
    erasure: ErasureAction
    personal: dict[str, str] = field(default_factory=dict)
    references: tuple[str, ...] = ()
    not_personal: tuple[str, ...] = ()
    person: object = None
    email: str | None = None
    manual: str = ""
    on_expiry: ErasureAction | None = None  # what the sweep does when retention ends; default: erasure
    exporter: object = "default"
    priority: int = 0  # lower erases first; within a priority, longer person paths first
    recipients: tuple[str, ...] = ()
    external_locations: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
    note: str = ""

    @property
    def label(self) -> str:
        return self.model

    def get_model(self):
        from django.apps import apps

        return apps.get_model(self.model)

    @property
    def person_paths(self) -> list:
        if self.person is None:
            return []
        return list(self.person) if isinstance(self.person, (list, tuple)) else [self.person]

    @property
    def categories(self) -> list[str]:
        return sorted(set(self.personal.values()))

    def classification(self) -> dict[str, Kind]:
        result = dict.fromkeys(self.not_personal, Kind.NOT_PERSONAL)
        result.update(dict.fromkeys(self.references, Kind.REFERENCE))
        result.update(dict.fromkeys(self.personal, Kind.PERSONAL))
        return result

    def expiry_action(self) -> ErasureAction:
        if self.on_expiry is not None:
            return self.on_expiry
        return self.erasure.then if isinstance(self.erasure, Retain) else self.erasure

    def erase_order_key(self):
        depth = max((str(path).count("__") for path in self.person_paths), default=0)
        return (self.priority, 0 if self.person == "pk" else -1, -depth, self.model)


@dataclass
class NothingPersonal:
    """A model reviewed and found to hold nothing about people. `reviewed` names the fields
    that look personal (an e-mail address, a phone number) and were found not to be (the
    company's own)."""

    model: str
    reason: str
    reviewed: tuple[str, ...] = ()
    # Its table's shape depends on the database backend (Wagtail's search index has other
    # columns, and another model, on SQLite): left out of the manifest, which must be the
    # same on every database, and not required to be installed.
    varies_by_database: bool = False


class Registry:
    def __init__(self):
        self.declarations: dict[str, Declaration] = {}
        self.nothing_personal: dict[str, NothingPersonal] = {}
        self.duplicates: list[str] = []

    def declare(self, model: str, **kwargs) -> Declaration:
        declaration = Declaration(model=model, **kwargs)
        if model in self.declarations or model in self.nothing_personal:
            self.duplicates.append(model)
        self.declarations[model] = declaration
        return declaration

    def holds_nothing_personal(
        self, reason: str, *models_: str, reviewed: tuple[str, ...] = (), varies_by_database: bool = False
    ) -> None:
        for model in models_:
            if model in self.declarations or model in self.nothing_personal:
                self.duplicates.append(model)
            self.nothing_personal[model] = NothingPersonal(model, reason, tuple(reviewed), varies_by_database)

    def for_model(self, model) -> Declaration | None:
        return self.declarations.get(model._meta.label)

    def in_erase_order(self) -> list[Declaration]:
        return sorted(self.declarations.values(), key=Declaration.erase_order_key)

    def manifest(self) -> dict:
        """Every classification, stable and sorted: what `privacy_manifest` writes.

        In English whatever language is active, so that it is the same on every machine.
        """
        from django.utils import translation

        with translation.override("en"):
            return self._manifest()

    def _manifest(self) -> dict:
        from django.apps import apps

        entries = {}
        for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label):
            if model._meta.proxy:
                continue
            label = model._meta.label
            declaration = self.declarations.get(label)
            allowed = self.nothing_personal.get(label)
            if declaration is None and allowed is None:
                continue  # unclassified: the system check reports it (gdpr.E001)
            if allowed is not None and allowed.varies_by_database:
                continue
            fields = {}
            for f in model._meta.local_concrete_fields:
                if declaration:
                    kind = declaration.classification().get(f.name)
                    if kind is Kind.PERSONAL:
                        fields[f.name] = f"personal: {declaration.personal[f.name]}"
                    elif kind is Kind.REFERENCE:
                        fields[f.name] = "reference to a person"
                    elif kind is Kind.NOT_PERSONAL:
                        fields[f.name] = "not personal"
                    else:
                        fields[f.name] = "UNCLASSIFIED"
                else:
                    fields[f.name] = "not personal (model holds nothing personal)"
            entry = {"fields": fields}
            if declaration:
                entry.update(
                    {
                        "purpose": str(declaration.purpose),
                        "basis": str(declaration.basis),
                        "person": [str(p) for p in declaration.person_paths]
                        + ([f"email:{declaration.email}"] if declaration.email else []),
                        "retention": str(declaration.retention.code()),
                        "erasure": declaration.erasure.code(),
                        "recipients": list(declaration.recipients),
                        "external_locations": list(declaration.external_locations),
                    }
                )
                if isinstance(declaration.erasure, Retain):
                    entry["retained_for"] = str(declaration.erasure.reason)
                if declaration.on_expiry is not None:
                    entry["on_expiry"] = declaration.on_expiry.code()
                if declaration.secrets:
                    entry["never_exported"] = sorted(declaration.secrets)
                if declaration.manual:
                    entry["manual"] = str(declaration.manual)
            elif allowed:
                entry["nothing_personal"] = str(allowed.reason)
            entries[label] = entry
        return entries

    def fingerprint(self) -> str:
        """A short hash of the manifest: stored when the policy is published, to notice drift."""
        text = json.dumps(self.manifest(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


registry = Registry()
declare = registry.declare
holds_nothing_personal = registry.holds_nothing_personal

__all__ = [
    "Anonymise",
    "Category",
    "Custom",
    "Declaration",
    "Delete",
    "GenericRef",
    "LawfulBasis",
    "Purpose",
    "Retain",
    "declare",
    "holds_nothing_personal",
    "registry",
]
