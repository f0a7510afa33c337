"""The register extract (GDPR art. 15): what we hold about one person, why, on which basis,
for how long and who else sees it, as a page and as an A4 PDF.

The rows come from the registry's exporters (`gdpr.export`), so the extract and the
portability copy always show the same data. Rows are read in pages as the template writes
them, never gathered first. The PDF's layout, though, is WeasyPrint's and held whole until
it is written: for a long history it takes tens of seconds and a lot of memory.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.shortcuts import render
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Site

from gdpr.export import CHUNK, _exportable, _fields, export_rows
from gdpr.registry import Category, Declaration, LawfulBasis, Purpose
from gdpr.subjects import Subject, rows_for

# Where a person complains about us: the Swedish Authority for Privacy Protection.
IMY_URL = "https://www.imy.se/privatperson/utfora-arenden/lamna-ett-klagomal/"

# Fields the registry rightly calls not personal (an order's number, a date), shown before
# the personal ones so that a person can tell which order or course a row is about. Only
# for declarations with the default exporter, whose rows are keyed by primary key. A path
# through a relation is headed by the relation's name ("order", "course").
CONTEXT = {
    "order.Order": ("number", "date_placed", "status", "total_incl_tax"),
    "order.BillingAddress": ("order__number",),
    "order.ShippingAddress": ("order__number",),
    "order.OrderNote": ("order__number", "date_created"),
    "checkout.TermsAcceptance": ("order__number",),
    "invoicing.OrderBilling": ("order__number",),
    "invoicing.Invoice": ("number", "issue_date", "total_incl_vat"),
    "invoicing.CreditNote": ("number", "issue_date", "total_incl_vat"),
    "invoicing.Payment": ("invoice__number", "paid_on", "amount"),
    "invoicing.InvoiceReminder": ("invoice__number", "sent_at"),
    "courses.Enrolment": ("course__product__title", "granted_at"),
    "courses.DocumentPurchase": ("document_product__product__title", "granted_at"),
    "courses.LessonProgress": ("course__product__title",),
    "courses.CourseCompletion": ("course__product__title",),
    "certificates.Certificate": ("code", "completed_on"),
}


class Table:
    """One declaration's rows in one category: the personal fields of that category, after
    the rows' context. Iterating it reads the rows again, in pages of `CHUNK`."""

    def __init__(self, declaration: Declaration, category: str, subject: Subject, count: int):
        self.declaration = declaration
        self.category = category
        self.subject = subject
        self.model = declaration.get_model()
        self.names = _fields(declaration, category)
        self.context = CONTEXT.get(declaration.model, ()) if declaration.exporter == "default" else ()
        self.count = count

    def __len__(self):
        # Django's {% for %} makes a list of whatever has no length: this one streams.
        return self.count

    @property
    def id(self) -> str:
        return f"{self.declaration.model.replace('.', '-').lower()}-{self.category}"

    @property
    def caption(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)

    @cached_property
    def keys(self) -> list[str]:
        """The exporter's keys, in its order: the personal fields, and whatever a custom
        exporter adds (an evaluation's ratings), so that nothing in the copy is missing here."""
        if not callable(self.declaration.exporter):
            return list(self.names)
        first = next(iter(export_rows(self.declaration, self.subject, self.names)), {})
        return [*self.names, *(key for key in first if key not in self.names and key != "id")]

    @property
    def columns(self) -> list[str]:
        return [*(_context_header(self.model, path) for path in self.context), *map(self._header, self.keys)]

    def _header(self, key: str) -> str:
        model_field = _field(self.model, key)
        if model_field is not None:
            return capfirst(model_field.verbose_name)
        return capfirst(EXTRA_HEADERS.get(key) or key.replace("_", " "))

    def __iter__(self):
        rows = export_rows(self.declaration, self.subject, self.names)
        fields = [_field(self.model, key) for key in self.keys]
        context_fields = [_final_field(self.model, path) for path in self.context]
        while chunk := list(islice(rows, CHUNK)):
            context = self._context_of([row["id"] for row in chunk]) if self.context else {}
            for row in chunk:
                values = context.get(row["id"], (None,) * len(self.context))
                yield [
                    *map(readable, context_fields, values),
                    *(readable(f, row.get(key)) for f, key in zip(fields, self.keys, strict=True)),
                ]

    def _context_of(self, ids) -> dict:
        rows = self.model._default_manager.filter(pk__in=ids).values_list("pk", *self.context)
        return {pk: values for pk, *values in rows}

    @property
    def purpose(self) -> str:
        return Purpose(self.declaration.purpose).label

    @property
    def basis(self) -> str:
        return LawfulBasis(self.declaration.basis).label

    @property
    def retention(self) -> str:
        return self.declaration.retention.describe()

    @property
    def recipients(self) -> list[str]:
        return [str(r) for r in self.declaration.recipients]

    @property
    def external_locations(self) -> list[str]:
        return [str(r) for r in self.declaration.external_locations]


# Headers for what custom exporters add that is not a field of their model.
EXTRA_HEADERS = {"expires": gettext_lazy("expires"), "ratings": gettext_lazy("ratings")}


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _final_field(model, path: str):
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _context_header(model, path: str) -> str:
    first = model._meta.get_field(path.split("__")[0])
    if first.concrete:
        return capfirst(first.verbose_name)
    return capfirst(first.related_model._meta.verbose_name)  # a reverse relation


def readable(model_field, value) -> str:
    """A value as a person reads it, in the active language: dates as Django's `date`
    filter writes them, yes or no, a choice by its label, a file by its name alone."""
    if value is None or value == "":
        return ""
    if isinstance(value, dict) and set(value) == {"file"}:
        return PurePosixPath(str(value["file"])).name
    if isinstance(model_field, models.FileField):
        return PurePosixPath(str(value)).name
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return date_filter(
            timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT"
        )
    if isinstance(value, date):
        return date_filter(value, "DATE_FORMAT")
    if isinstance(value, (Decimal, float)):
        return localize(value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_nested(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_nested(item) for item in value)
    return str(value)


def _nested(value) -> str:
    text = readable(None, value)
    return f"({text})" if text and isinstance(value, (dict, list, tuple)) else text


def extract(subject: Subject, *, granted_at=None) -> dict:
    """The template context: the person, the controller, and per category the tables of
    the person's rows. Tables are read when the template iterates them."""
    counts: dict[str, int] = {}  # one count per declaration, whatever its categories
    categories = []
    for category in Category.values:
        tables = []
        for declaration in _exportable():
            if not _fields(declaration, category):
                continue
            if declaration.model not in counts:
                counts[declaration.model] = rows_for(declaration, subject).count()
            if counts[declaration.model]:
                tables.append(Table(declaration, category, subject, counts[declaration.model]))
        if tables:
            categories.append({"code": category, "label": Category(category).label, "tables": tables})
    return {
        "person": _person(subject),
        "granted_at": granted_at or timezone.now(),
        "controller": _controller(),
        "categories": categories,
        "imy_url": IMY_URL,
    }


def _person(subject: Subject) -> dict:
    """Name and address from the account, when there is one; else the address asked about."""
    account = None
    if subject.user_id is not None:
        account = (
            get_user_model()
            .objects.filter(pk=subject.user_id)
            .values("first_name", "last_name", "email")
            .first()
        )
    if account is None:
        return {"name": "", "email": subject.email, "account": False}
    name = f"{account['first_name']} {account['last_name']}".strip()
    return {"name": name, "email": account["email"] or subject.email, "account": True}


def _controller():
    from home.models import CompanySettings

    site = Site.objects.filter(is_default_site=True).first()
    return CompanySettings.for_site(site) if site else CompanySettings()


def render_html(request, subject: Subject, *, granted_at, pdf=None):
    """The extract as a page in the account area (with its navigation when it is the
    person's own), offering its PDF (`pdf`: the person's latest `DataExport` of that
    format, built by the worker); never cached, since it is all personal data."""
    context = extract(subject, granted_at=granted_at)
    context.update(
        pdf=pdf,
        own=subject.user_id is not None and subject.user_id == request.user.pk,
    )
    response = render(request, "gdpr/extract.html", context)
    add_never_cache_headers(response)
    return response


def render_pdf(subject: Subject, *, granted_at) -> bytes:
    """The extract as an A4 portrait PDF in the active language; nothing is fetched."""
    from weasyprint import HTML

    from shop.invoicing.pdf import LocalFilesOnly, _font_config

    html = render_to_string("gdpr/extract_pdf.html", extract(subject, granted_at=granted_at))
    return HTML(string=html, url_fetcher=LocalFilesOnly()).write_pdf(font_config=_font_config())
