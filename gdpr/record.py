"""The record of processing activities (GDPR art. 30(1)), built from the registry and the
company's settings: what `privacy_record`, the admin page, its PDF and CSV, and the policy
page's table show. Everything is in the language active when it is built."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gdpr.registry import Category, Declaration, LawfulBasis, Purpose, registry
from home.private.storage import MediaStorage, PrivateFileSystemStorage, private_storage

# Whose data each purpose concerns (art. 30(1)(c)).
PEOPLE = {
    Purpose.ACCOUNT: gettext_lazy("Users of the platform"),
    Purpose.ORDERS: gettext_lazy("Buyers and their companies' contact persons"),
    Purpose.ACCOUNTING: gettext_lazy("Buyers and their companies' contact persons"),
    Purpose.EDUCATION: gettext_lazy("Learners"),
    Purpose.SUPPORT: gettext_lazy("People who contact us"),
    Purpose.CONTENT: gettext_lazy("Editors, sellers, instructors and reviewers"),
    Purpose.SECURITY: gettext_lazy("Users of the platform and staff"),
    Purpose.MARKETING: gettext_lazy("Subscribers to our news"),
    Purpose.EVALUATION: gettext_lazy("Learners who agreed to evaluations"),
    Purpose.COMPANY_REPORTING: gettext_lazy("Learners on a seat their employer paid for"),
    Purpose.STATISTICS: gettext_lazy("Visitors and users"),
}

# Where rows and files are kept, in the order the record lists them.
DATABASE = gettext_lazy("The database on our own servers")
PRIVATE_FILES = gettext_lazy(
    "The private file store on our own servers (no web address reaches it; "
    "files go out only after an access check)"
)
MEDIA_FILES = gettext_lazy("The file store for uploaded media on our own servers")
STORES = (DATABASE, PRIVATE_FILES, MEDIA_FILES)


@dataclass
class Place:
    """Where some of an activity's data is kept, and what is kept there."""

    where: str
    things: list[str]

    def __str__(self):
        return f"{self.where}: {', '.join(self.things)}"


@dataclass
class Activity:
    purpose: str
    people: str
    categories: list[str]
    bases: list[str]
    retention: list[str]
    recipients: list[str]
    external_locations: list[str]
    places: list[Place]


@dataclass
class Record:
    """The whole record: who is responsible, what is processed, and how it is protected."""

    controller: list[tuple[str, str]]
    contact: list[tuple[str, str]]
    activities: list[Activity]
    security: list[tuple[str, str]]
    generated_on: date = field(default_factory=timezone.localdate)

    @property
    def no_contact(self) -> str:
        """What the record says when the company names no data-protection contact."""
        return _("None named: questions about personal data go to the controller.")


def build(company) -> Record:
    """The record for the company whose `home.CompanySettings` is given."""
    return Record(
        controller=_details(
            company, ("name", "organisation_number", "vat_number", "address", "email", "phone")
        ),
        contact=_details(company, ("data_protection_name", "data_protection_email", "data_protection_phone")),
        activities=activities(),
        security=security_measures(),
    )


def _details(company, names) -> list[tuple[str, str]]:
    """The filled-in fields, labelled with their names (the address on one line)."""
    details = []
    for name in names:
        lines = [line.strip() for line in str(getattr(company, name)).splitlines() if line.strip()]
        if lines:
            details.append((str(capfirst(company._meta.get_field(name).verbose_name)), ", ".join(lines)))
    return details


def activities() -> list[Activity]:
    """One processing activity per purpose."""
    purposes = dict(Purpose.choices)
    categories = dict(Category.choices)
    bases = dict(LawfulBasis.choices)
    grouped: dict[str, list[Declaration]] = {}
    for declaration in registry.declarations.values():
        if declaration.personal or declaration.references:
            grouped.setdefault(declaration.purpose, []).append(declaration)
    result = []
    for purpose in Purpose.values:
        declarations = grouped.get(purpose)
        if not declarations:
            continue
        result.append(
            Activity(
                purpose=str(purposes[purpose]),
                people=str(PEOPLE[purpose]),
                categories=sorted({str(categories[c]) for d in declarations for c in d.categories}),
                bases=sorted({str(bases[d.basis]) for d in declarations}),
                retention=sorted({str(d.retention.describe()) for d in declarations}),
                recipients=sorted({r for d in declarations for r in d.recipients}),
                external_locations=sorted({r for d in declarations for r in d.external_locations}),
                places=places(declarations),
            )
        )
    return result


def places(declarations: list[Declaration]) -> list[Place]:
    """Where the declarations' data is kept, in words: each model by its plural name, each
    file field holding personal data by the store its files are in."""
    found: dict[str, dict[str, str]] = {}
    for declaration in declarations:
        for where, thing in _kept(declaration):
            # Keyed without case: Oscar spells some names "Line Attributes", ours "Line attributes".
            found.setdefault(str(where), {}).setdefault(str(thing).casefold(), str(thing))
    return [
        Place(str(where), sorted(found[str(where)].values(), key=str.casefold))
        for where in STORES
        if str(where) in found
    ]


def _kept(declaration: Declaration):
    model = declaration.get_model()
    owner = model._meta.auto_created
    if owner:
        # A many-to-many table Django made: named after the field that made it ("Users (groups)").
        m2m = next(f for f in owner._meta.local_many_to_many if f.remote_field.through is model)
        yield DATABASE, _field_of(owner, m2m)
        return
    yield DATABASE, capfirst(model._meta.verbose_name_plural)
    for f in model._meta.concrete_fields:
        if isinstance(f, models.FileField) and f.name in declaration.personal:
            yield _file_store(f), _field_of(model, f)


def _field_of(model, model_field) -> str:
    return _("%(things)s (%(field)s)") % {
        "things": capfirst(model._meta.verbose_name_plural),
        "field": model_field.verbose_name,
    }


def _file_store(file_field):
    storage = file_field.storage
    if storage is private_storage() or isinstance(storage, PrivateFileSystemStorage):
        return PRIVATE_FILES
    # The default storage keeps some folders (Wagtail's documents) in the private store.
    upload_to = file_field.upload_to if isinstance(file_field.upload_to, str) else ""
    if upload_to and isinstance(storage, MediaStorage) and MediaStorage.is_private(upload_to):
        return PRIVATE_FILES
    return MEDIA_FILES


def security_measures() -> list[tuple[str, str]]:
    """A general description of the technical and organisational measures (art. 30(1)(g),
    art. 32): only what this code and its documented deployment (docs/deployment.md) do.
    Change it when they change."""
    cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return [
        (
            _("Encrypted connections"),
            _(
                "In production every connection is encrypted (HTTPS): plain HTTP is redirected, "
                "browsers are told to use only HTTPS (HSTS), and the cookies for sessions, forms, "
                "language and basket are sent only over HTTPS."
            ),
        ),
        (
            _("Passwords"),
            _(
                "Passwords are stored only as salted, deliberately slow hashes (PBKDF2 with SHA-256), "
                "never as text, and never appear in a copy of a person's data. A new password is "
                "refused if it is too short, too common, only digits or too like the account's details."
            ),
        ),
        (
            _("Login throttling"),
            _(
                "After %(limit)d failed logins to one account from one address, every login form "
                "refuses that account from that address for %(minutes)d minutes. Only failed "
                "logins are recorded."
            )
            % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": cool_off},
        ),
        (
            _("Sessions"),
            _(
                "Sessions are kept in our database. Scripts in a page cannot read the session "
                "cookie, expired sessions are deleted daily, and an account being deleted is "
                "locked and all its sessions ended at once."
            ),
        ),
        (
            _("Access by role"),
            _(
                "People see only what their role needs. Editors, sellers and staff are groups, each "
                "with only the permissions its work needs; sellers see only their own courses and "
                "sales; buyers and learners see only what their own orders, seats and enrolments "
                "give them. The record of processing is for staff and system administrators."
            ),
        ),
        (
            _("Private files"),
            _(
                "Course videos, paid documents, invoices and copies of personal data are kept in a "
                "private file store that no web address reaches. They are handed out only after a "
                "check of who is asking; videos through short-lived links signed for one person."
            ),
        ),
        (
            _("No third parties"),
            _(
                "Personal data does not leave our servers. Pages load no scripts, fonts, video "
                "players, analytics or payment forms from elsewhere, which automated tests check; "
                "payment is by invoice, statistics are our own, and e-mail goes through our own "
                "mail server. The admin makes no outside calls either (no update checks, "
                "avatars from elsewhere or embedded content)."
            ),
        ),
        (
            _("Browser protections"),
            _(
                "Forms are protected against cross-site request forgery, other sites cannot show "
                "our pages in a frame, and browsers are told not to guess file types and to send "
                "a page's address only to our own site."
            ),
        ),
        (
            _("Keys"),
            _(
                "The production settings refuse to start without a secret key of their own. An "
                "address that has opted out of news is kept only as a keyed hash (HMAC-SHA256), "
                "never as the address itself."
            ),
        ),
        (
            _("Retention and erasure"),
            _(
                "Every kind of personal data is declared with its purpose, lawful basis and "
                "retention, and the automated checks fail when a field is not declared. A daily job "
                "deletes or anonymises what has reached the end of its retention; a person's "
                "erasure follows the same declarations. A legal hold records who set it and why, "
                "and the system administrators are told when an account deletes itself."
            ),
        ),
    ]


def _none(values):
    return "; ".join(values) if values else _("None")


def _contact(record: Record) -> str:
    if not record.contact:
        return record.no_contact
    return "; ".join(f"{label}: {value}" for label, value in record.contact)


def as_markdown(record: Record) -> str:
    lines = [
        "# " + _("Record of processing activities (GDPR art. 30)"),
        "",
        _("Generated on %(date)s from the privacy registry and the company's settings.")
        % {"date": record.generated_on.isoformat()},
        "",
        "## " + _("Controller"),
        "",
        *(f"- **{label}:** {value}" for label, value in record.controller),
        "",
        "## " + _("Data-protection contact"),
        "",
        *(
            (f"- **{label}:** {value}" for label, value in record.contact)
            if record.contact
            else [_contact(record)]
        ),
        "",
        "## " + _("Processing activities"),
        "",
    ]
    for activity in record.activities:
        lines += [
            f"### {activity.purpose}",
            "",
            f"- **{_('Categories of people')}:** {activity.people}",
            f"- **{_('Categories of personal data')}:** {_none(activity.categories)}",
            f"- **{_('Lawful basis')}:** {_none(activity.bases)}",
            f"- **{_('Retention')}:** {_none(activity.retention)}",
            f"- **{_('Recipients')}:** {_none(activity.recipients)}",
            f"- **{_('Transfers outside our servers')}:** {_none(activity.external_locations)}",
            f"- **{_('Where it is stored')}:**",
            *(f"  - {place}" for place in activity.places),
            "",
        ]
    lines += ["## " + _("Technical and organisational security measures (GDPR art. 32)"), ""]
    lines += [f"- **{title}:** {text}" for title, text in record.security]
    return "\n".join(lines) + "\n"


def as_csv(record: Record) -> str:
    """One row per purpose, each complete in itself (as a data-protection officer filters a
    spreadsheet): the controller, the contact and the security measures repeat on every row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Purpose"),
            _("Categories of people"),
            _("Categories of personal data"),
            _("Lawful basis"),
            _("Retention"),
            _("Recipients"),
            _("Transfers outside our servers"),
            _("Where it is stored"),
            _("Controller"),
            _("Data-protection contact"),
            _("Technical and organisational security measures (GDPR art. 32)"),
        ]
    )
    controller = "; ".join(f"{label}: {value}" for label, value in record.controller)
    security = "\n".join(f"{title}: {text}" for title, text in record.security)
    for a in record.activities:
        writer.writerow(
            [
                a.purpose,
                a.people,
                "; ".join(a.categories),
                "; ".join(a.bases),
                "; ".join(a.retention),
                _none(a.recipients),
                _none(a.external_locations),
                "\n".join(str(place) for place in a.places),
                controller,
                _contact(record),
                security,
            ]
        )
    return out.getvalue()


def as_pdf(record: Record) -> bytes:
    """The record as an A4 PDF, laid out like the invoices: nothing fetched, system fonts."""
    # Imported here: WeasyPrint takes a while to load, and the policy page and the
    # command never need it.
    from weasyprint import HTML

    from shop.invoicing.pdf import LocalFilesOnly, _font_config

    html = render_to_string("gdpr/admin/record_pdf.html", {"record": record})
    return HTML(string=html, url_fetcher=LocalFilesOnly()).write_pdf(font_config=_font_config())


def filename(record: Record, extension: str) -> str:
    """ "record-of-processing-2026-11-29.pdf", in the active language."""
    return f"{slugify(_('Record of processing'))}-{record.generated_on.isoformat()}.{extension}"
