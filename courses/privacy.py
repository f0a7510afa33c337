"""Personal data in `courses`: instructors' profiles and who uploaded a video.

Enrolments, progress and certificates are declared with their models.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gdpr.declarations.common import AFTER_RELATIONSHIP
from gdpr.erasure_actions import Anonymise, Blank, Delete, ErasedEmail, Null
from gdpr.registry import Category, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import RetentionRule, UntilConsentWithdrawn, WhileNeeded, add_months

declare(
    "courses.Instructor",
    purpose=Purpose.CONTENT,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=WhileNeeded(_("the instructor teaches a course on the platform")),
    erasure=Delete(),
    personal={
        "name": Category.CONTACT,
        "role": Category.COMPANY,
        "biography": Category.FREE_TEXT,
        "photo": Category.FREE_TEXT,
    },
    not_personal=("id", "translation_key", "locale"),
    manual=_(
        "An instructor's profile is not an account: the editors delete it when asked or when the instructor leaves."
    ),
)
declare(
    "courses.LessonVideo",
    purpose=Purpose.CONTENT,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=AFTER_RELATIONSHIP,
    erasure=Anonymise(uploaded_by=Null()),
    references=("uploaded_by",),
    not_personal=(
        "id",
        "title",
        "file",
        "mime_type",
        "duration_seconds",
        "width",
        "height",
        "size_bytes",
        "seller",
        "created_at",
        "status",
        "failure_reason",
        "output_dir",
        "processed_at",
    ),
    person="uploaded_by",
)

holds_nothing_personal(
    _("The catalogue: courses, sellers (companies), subjects and the course pages."),
    "courses.Course",
    "courses.Seller",
    "courses.Subject",
    "courses.CourseIndexPage",
    "courses.SellerPage",
    "courses.CoursePage",
    "courses.CourseInstructor",
    "courses.ModulePage",
    "courses.LessonPage",
    "courses.LessonDocument",
    "courses.LessonCaption",
    "courses.EvaluationQuestion",
)
holds_nothing_personal(
    _(
        "The site search's copy of what live pages show anyone, and the words in it. The "
        "instructors' names on course pages are the only data about people; changing or "
        "deleting an instructor rewrites the documents and words at once (tested)."
    ),
    "courses.SearchDocument",
    "courses.SearchWord",
)

# Who may take a course: education data, kept while the customer relationship lasts.
for label, extra in (
    ("courses.Enrolment", {"not_personal": ("course", "company", "seats", "seat", "started_at")}),
    ("courses.DocumentPurchase", {"not_personal": ("document_product",)}),
):
    declare(
        label,
        purpose=Purpose.EDUCATION,
        basis=LawfulBasis.CONTRACT,
        retention=AFTER_RELATIONSHIP,
        erasure=Delete(),
        personal={"revoked_reason": Category.FREE_TEXT},
        references=("user", "granted_by"),
        not_personal=("id", "source", "order_line", "granted_at", "revoked_at", *extra["not_personal"]),
        person="user",
    )
holds_nothing_personal(
    _("The documents sellers offer for sale."),
    "courses.DocumentProduct",
)


@dataclass(frozen=True)
class SeatRetention(RetentionRule):
    """A held seat lasts with its learner's customer relationship; an address that was
    only invited is kept a few months after the invitation ended or the seat was taken back."""

    unheld_months: int = 3

    def keep_until(self, row, person_path=None):
        if row.holder_id:
            return AFTER_RELATIONSHIP.keep_until(row, "holder")
        ended = row.released_at or (row.invitation.expires_at if row.invitation_id else row.assigned_at)
        return add_months(ended.date(), self.unheld_months)

    def due(self, today, person_path=None):
        cutoff = add_months(today, -self.unheld_months)
        unheld = Q(holder__isnull=True) & (
            Q(released_at__date__lt=cutoff)
            | Q(invitation__expires_at__date__lt=cutoff)
            | Q(invitation__isnull=True, assigned_at__date__lt=cutoff)
        )
        return AFTER_RELATIONSHIP.due(today, "holder") | unheld

    def describe(self):
        return _(
            "While the learner's customer relationship lasts, then 12 months; an address only "
            "invited: 3 months after the invitation expired or the seat was taken back"
        )

    def code(self):
        return "seat:relationship_end+12m|unheld+3m"


declare(
    "courses.Seat",
    purpose=Purpose.EDUCATION,
    basis=LawfulBasis.CONTRACT,
    retention=SeatRetention(),
    erasure=Anonymise(email=ErasedEmail(), holder=Null(), assigned_by=Null()),
    personal={"email": Category.CONTACT},
    references=("holder", "assigned_by"),
    not_personal=("id", "pool", "invitation", "language", "assigned_at", "notified_at", "released_at"),
    person="holder",  # never "assigned_by": erasing an administrator leaves the seats they gave
    email="email",
)


# What a learner has done: education data, kept while the customer relationship lasts.
declare(
    "courses.LessonProgress",
    purpose=Purpose.EDUCATION,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"watched": Category.EDUCATION, "position_seconds": Category.EDUCATION},
    references=("user",),
    not_personal=(
        "id",
        "course",
        "lesson_key",
        "watched_seconds",
        "started_at",
        "reported_at",
        "completed_at",
    ),
    person="user",
)
declare(
    "courses.CourseCompletion",
    purpose=Purpose.EDUCATION,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"completed_at": Category.EDUCATION},
    references=("user",),
    not_personal=("id", "course"),
    person="user",
)
# The company that paid for a seat is told when its holder started and finished: a
# purpose of its own, for as long as the seat's record is kept.
declare(
    "courses.SeatReport",
    purpose=Purpose.COMPANY_REPORTING,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"started_at": Category.EDUCATION, "completed_at": Category.EDUCATION},
    not_personal=("id", "seat"),
    person="seat__holder",
)


# Evaluations: the learner's own ratings and comment. Shown to editors and sellers only
# aggregated; erasing the learner (or the end of the retention) keeps the ratings and the
# date without them, and blanks the comment, which they may have signed.
def _export_evaluations(queryset, names):
    """Each evaluation with the person's own ratings, which are stored on rows of their own
    (`EvaluationAnswer`) and would otherwise be left out of the export."""
    from courses.models import EvaluationQuestion

    responses = list(queryset.prefetch_related("answers").select_related("course"))
    keys = {answer.question_key for response in responses for answer in response.answers.all()}
    texts = dict(
        EvaluationQuestion.objects.filter(translation_key__in=keys)
        .order_by("locale_id")
        .values_list("translation_key", "text")
    )
    for response in responses:
        yield {
            "id": response.pk,
            **{name: getattr(response, name) for name in names},
            "course": response.course.code,
            "submitted_at": response.submitted_at,
            "ratings": [
                {
                    "question": texts.get(answer.question_key, str(answer.question_key)),
                    "rating": answer.rating,
                }
                for answer in response.answers.all()
            ],
        }


declare(
    "courses.EvaluationResponse",
    purpose=Purpose.EVALUATION,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=AFTER_RELATIONSHIP,
    erasure=Anonymise(user=Null(), comment=Blank()),
    personal={"comment": Category.FREE_TEXT},
    references=("user",),
    not_personal=("id", "course", "language", "submitted_at"),
    person="user",
    exporter=_export_evaluations,
)
holds_nothing_personal(
    _("A rating of 1 to 5 to one question, without the person (their response is declared)."),
    "courses.EvaluationAnswer",
)


WITHDRAWN = UntilConsentWithdrawn("withdrawn_at")


@dataclass(frozen=True)
class FollowUpRetention(RetentionRule):
    """A consent to the follow-up mail ends when it is withdrawn. Once the mail is sent it
    has served its purpose and is kept `sent_months` more as the record of what the person
    agreed to; none outlives the customer relationship's retention."""

    sent_months: int = 12

    def keep_until(self, row, person_path=None):
        if row.withdrawn_at:
            return timezone.localtime(row.withdrawn_at).date()
        ends = [AFTER_RELATIONSHIP.keep_until(row, "user")]
        if row.sent_at:
            ends.append(add_months(timezone.localtime(row.sent_at).date(), self.sent_months))
        ends = [end for end in ends if end]
        return min(ends) if ends else None

    def due(self, today, person_path=None):
        sent_before = datetime.combine(add_months(today, -self.sent_months), time.min)
        return (
            WITHDRAWN.due(today)
            | Q(sent_at__lt=timezone.make_aware(sent_before))
            | AFTER_RELATIONSHIP.due(today, "user")
        )

    def describe(self):
        return _(
            "Until you withdraw your consent; once the follow-up mail is sent, 12 months more as "
            "the record of your consent; at most while the customer relationship lasts, then 12 months"
        )

    def code(self):
        return "follow_up:withdrawn|sent+12m|relationship_end+12m"


declare(
    "courses.FollowUpConsent",
    purpose=Purpose.EVALUATION,
    basis=LawfulBasis.CONSENT,
    retention=FollowUpRetention(),
    erasure=Delete(),
    personal={"wording": Category.CONSENT, "given_at": Category.CONSENT, "withdrawn_at": Category.CONSENT},
    references=("user",),
    not_personal=("id", "course", "language", "sent_at"),
    person="user",
)
