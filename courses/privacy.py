"""Personal data in `courses`: instructors' profiles and who uploaded a video.

Enrolments, progress and certificates are declared with their models.
"""

from django.utils.translation import gettext_lazy as _

from gdpr.declarations.common import AFTER_RELATIONSHIP
from gdpr.erasure_actions import Anonymise, Delete, Null
from gdpr.registry import Category, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import WhileNeeded

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
)

# Who may take a course: education data, kept while the customer relationship lasts.
for label, extra in (
    ("courses.Enrollment", {"not_personal": ("course", "company", "seats")}),
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
declare(
    "courses.Company_contacts",
    purpose=Purpose.ORDERS,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    references=("user",),
    not_personal=("id", "company"),
    person="user",
)
holds_nothing_personal(
    _(
        "Buying companies (legal persons) and the documents sellers offer; the people behind a company "
        "are reached through its contacts and the orders' billing details, which are declared."
    ),
    "courses.Company",
    "courses.DocumentProduct",
    reviewed=("organisation_number",),
)
