"""The record of processing activities (GDPR art. 30), generated from the registry: what
`privacy_record`, the admin page and the policy page's table show."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gdpr.registry import Category, LawfulBasis, Purpose, registry

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


@dataclass
class Activity:
    purpose: str
    people: str
    categories: list[str]
    bases: list[str]
    retention: list[str]
    recipients: list[str]
    external_locations: list[str]
    models: list[str]


def activities() -> list[Activity]:
    """One processing activity per purpose, in the language active now."""
    purposes = dict(Purpose.choices)
    categories = dict(Category.choices)
    bases = dict(LawfulBasis.choices)
    grouped: dict[str, list] = {}
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
                models=sorted(d.model for d in declarations),
            )
        )
    return result


def _none(values):
    return "; ".join(values) if values else _("None")


def as_markdown() -> str:
    lines = [
        "# " + _("Record of processing activities (GDPR art. 30)"),
        "",
        _("Controller: the company named in the site's settings. Generated from the privacy registry."),
        "",
    ]
    for activity in activities():
        lines += [
            f"## {activity.purpose}",
            "",
            f"- **{_('Categories of people')}:** {activity.people}",
            f"- **{_('Categories of personal data')}:** {_none(activity.categories)}",
            f"- **{_('Lawful basis')}:** {_none(activity.bases)}",
            f"- **{_('Retention')}:** {_none(activity.retention)}",
            f"- **{_('Recipients')}:** {_none(activity.recipients)}",
            f"- **{_('Transfers outside our servers')}:** {_none(activity.external_locations)}",
            f"- **{_('Where it is stored')}:** {', '.join(activity.models)}",
            "",
        ]
    return "\n".join(lines)


def as_csv() -> str:
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
        ]
    )
    for a in activities():
        writer.writerow(
            [
                a.purpose,
                a.people,
                "; ".join(a.categories),
                "; ".join(a.bases),
                "; ".join(a.retention),
                _none(a.recipients),
                _none(a.external_locations),
                ", ".join(a.models),
            ]
        )
    return out.getvalue()
