"""Personal data in `certificates`: the certificates themselves, and the signatories' names.

A certificate outlives its holder's account in one form only: revoked and without
the person. Anyone holding its code or its signed credential then learns that it
is revoked, never whose it was.
"""

from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Coalesce, Now
from django.utils.translation import gettext_lazy as _

from gdpr.declarations.common import AFTER_RELATIONSHIP
from gdpr.erasure_actions import Anonymise, Blank, Delete, Null, Placeholder, Strategy
from gdpr.registry import Category, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import WhileNeeded


@dataclass(frozen=True)
class NowUnlessSet(Strategy):
    """The time of erasure, unless the field holds a time already (revoked earlier stays
    revoked at that date)."""

    field: str

    def expression(self):
        return Coalesce(F(self.field), Now())

    def code(self):
        return f"now_unless_set({self.field})"


declare(
    "certificates.Certificate",
    purpose=Purpose.EDUCATION,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Anonymise(
        user=Null(),
        completion=Null(),
        learner_name=Blank(),
        company_name=Blank(),
        credential=Null(),
        shared=Placeholder(False),
        revoked_at=NowUnlessSet("revoked_at"),
        revoked_reason=Blank(),
        revoked_by=Null(),
        anonymised_at=NowUnlessSet("anonymised_at"),
    ),
    personal={
        "learner_name": Category.CONTACT,
        "company_name": Category.COMPANY,
        "credential": Category.EDUCATION,
        "revoked_reason": Category.FREE_TEXT,
    },
    references=("user", "revoked_by"),
    not_personal=(
        "id",
        "uuid",
        "code",
        "completion",
        "course",
        "reissue_of",
        "course_titles",
        "course_version",
        "completed_on",  # without the person, a date says nothing
        "expires_on",
        "design",
        "design_snapshot",
        "language",
        "issued_at",
        "status_index",
        "shared",
        "mailed_at",
        "revoked_at",
        "anonymised_at",
    ),
    person="user",
)
declare(
    "certificates.Signatory",
    purpose=Purpose.CONTENT,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=WhileNeeded(_("the person signs a certificate design in use")),
    erasure=Delete(),
    personal={
        "name": Category.CONTACT,
        "title_sv": Category.COMPANY,
        "title_en": Category.COMPANY,
        "signature": Category.FREE_TEXT,
    },
    not_personal=("id", "sort_order", "design"),
    manual=_(
        "A signatory is not an account: editors remove them from the design when they stop "
        "signing. Certificates already issued keep the name and title they were signed with."
    ),
)
holds_nothing_personal(
    _("How certificates look, and the public keys that sign them."),
    "certificates.CertificateDesign",
    "certificates.SigningKey",
)
