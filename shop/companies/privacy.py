"""Personal data in companies: who is in which company, requests to join, invitations.

A company's name and organisation number are a person's data when the company is a sole
trader (a Swedish sole trader's organisation number is the owner's personal identity
number). They go with the person who is the company's only member: exported with them,
anonymised when they are erased. A company that has lost all its people is anonymised by
the sweep. The invoices keep their own copy under the Bookkeeping Act.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from gdpr.declarations.common import AFTER_RELATIONSHIP
from gdpr.erasure_actions import Anonymise, Blank, Delete, Placeholder
from gdpr.registry import Category, Custom, LawfulBasis, Purpose, declare
from gdpr.retention import MonthsAfterEvent, RetentionRule


@dataclass(frozen=True)
class WhileItHasPeople(RetentionRule):
    """Kept while anyone is in the company; the sweep anonymises one left empty."""

    def keep_until(self, row, person_path=None):
        return None

    def due(self, today, person_path=None):
        return Q(memberships__isnull=True)

    def describe(self):
        return _("While the company has members")

    def code(self):
        return "while_it_has_members"


def sole_companies(subject, queryset):
    """The companies whose one member is `subject`: theirs alone, possibly a sole trader."""
    return (
        queryset.annotate(people=Count("memberships"))
        .filter(people=1, memberships__user_id=subject.user_id)
        .values_list("pk", flat=True)
    )


declare(
    "companies.Company",
    purpose=Purpose.ORDERS,
    basis=LawfulBasis.CONTRACT,
    retention=WhileItHasPeople(),
    erasure=Anonymise(name=Placeholder("[erased]"), organisation_number=Blank()),
    personal={"name": Category.COMPANY, "organisation_number": Category.COMPANY},
    not_personal=("id", "created_at"),
    person=Custom(sole_companies, "the company's only member"),
    priority=-1,  # before the memberships it is found through
)
declare(
    "companies.Membership",
    purpose=Purpose.ORDERS,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    references=("user",),
    not_personal=("id", "company", "role", "joined_at"),
    person="user",
)
declare(
    "companies.JoinRequest",
    purpose=Purpose.ORDERS,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    references=("user", "decided_by"),
    not_personal=("id", "company", "outcome", "created_at", "decided_at"),
    person="user",
)
INVITATIONS = MonthsAfterEvent("expires_at", 3, event=_("the invitation's link expired"))
declare(
    "companies.Invitation",
    purpose=Purpose.ORDERS,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=INVITATIONS,
    erasure=Delete(),
    personal={"email": Category.CONTACT},
    references=("invited_by", "accepted_by"),
    not_personal=(
        "id", "company", "as_member", "language", "token_hash", "created_at", "sent_at", "expires_at",
        "accepted_at", "withdrawn_at", "mail_pending",
    ),
    person="accepted_by",
    email="email",
)  # fmt: skip
