"""Course evaluations: offered to a learner who completed the course and stored once per
course; one follow-up mail to those who agreed to it; results for the editors and the
course's seller, only ever aggregated.

Answers are keyed by the question's `translation_key`, so that the answers given in every
language count together.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import (
    Course,
    CourseCompletion,
    CoursePage,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    FollowUpConsent,
    Seller,
)
from gdpr.models import ProcessingRestriction
from gdpr.registry import Purpose
from gdpr.restriction import is_restricted

logger = logging.getLogger(__name__)

RATINGS = range(1, 6)
MAX_COMMENT = 2000
# Fewer responses than this and a comment could point at the one learner who wrote it.
MIN_RESPONSES_FOR_COMMENTS = 3


class EvaluationRefused(Exception):
    """An evaluation that may not be stored; `message` says why, for the learner."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyEvaluated(EvaluationRefused):
    pass


# --- The learner's side ------------------------------------------------------------------


def questions_for(course: Course, language: str) -> list[EvaluationQuestion]:
    """The questions the editor set, from the course's page in `language`, or else the
    Swedish (source) page's."""
    by_language = defaultdict(list)
    for question in (
        EvaluationQuestion.objects.filter(page__course=course)
        .select_related("page__locale")
        .order_by("sort_order", "pk")
    ):
        by_language[question.page.locale.language_code].append(question)
    return by_language.get(language) or by_language.get(settings.LANGUAGE_CODE) or []


def follow_up_wording() -> str:
    """What the learner agrees to by ticking the box, in the active language: stored as it
    was shown (`FollowUpConsent.wording`)."""
    days = settings.EVALUATION_FOLLOW_UP_DAYS
    if days % 7 == 0:
        weeks = days // 7
        return ngettext(
            "You may send me one follow-up mail about this course in %(count)d week.",
            "You may send me one follow-up mail about this course in %(count)d weeks.",
            weeks,
        ) % {"count": weeks}
    return ngettext(
        "You may send me one follow-up mail about this course in %(count)d day.",
        "You may send me one follow-up mail about this course in %(count)d days.",
        days,
    ) % {"count": days}


def completion_of(user, course_id: int) -> CourseCompletion | None:
    """`user`'s own completion of the course: the only way to its evaluation."""
    if not user.is_authenticated:
        return None
    return CourseCompletion.objects.select_related("course").filter(user=user, course_id=course_id).first()


def response_of(user, course) -> EvaluationResponse | None:
    return EvaluationResponse.objects.filter(user=user, course=course).first()


def consent_of(user, course) -> FollowUpConsent | None:
    return FollowUpConsent.objects.filter(user=user, course=course).first()


def submit_evaluation(
    user, course: Course, *, ratings: dict, comment: str = "", follow_up: str = "", language: str
) -> EvaluationResponse:
    """Store `user`'s evaluation of `course`, once.

    `ratings` maps each question's translation key to 1–5; `follow_up` is the consent's
    wording when the learner ticked the box, else empty. EvaluationRefused when the
    learner has not completed the course or the answers are incomplete; AlreadyEvaluated
    the second time, also when two submissions race.
    """
    if not CourseCompletion.objects.filter(user=user, course=course).exists():
        raise EvaluationRefused(_("You can evaluate a course once you have completed it."))
    if response_of(user, course) is not None:
        raise AlreadyEvaluated(_("You have already evaluated this course. Thank you!"))
    expected = {question.translation_key for question in questions_for(course, language)}
    if set(ratings) != expected or any(rating not in RATINGS for rating in ratings.values()):
        raise EvaluationRefused(_("Rate every question from 1 to 5."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise EvaluationRefused(_("Keep the comment to %(max)d characters or fewer.") % {"max": MAX_COMMENT})
    now = timezone.now()
    try:
        with transaction.atomic():
            response = EvaluationResponse.objects.create(
                user=user, course=course, comment=comment, language=language, submitted_at=now
            )
            EvaluationAnswer.objects.bulk_create(
                [
                    EvaluationAnswer(response=response, question_key=key, rating=r)
                    for key, r in ratings.items()
                ]
            )
            if follow_up:
                # A consent kept from an earlier, since anonymised evaluation is renewed;
                # a mail already sent stays sent: one follow-up per course, ever.
                FollowUpConsent.objects.update_or_create(
                    user=user,
                    course=course,
                    defaults={
                        "wording": follow_up,
                        "language": language,
                        "given_at": now,
                        "withdrawn_at": None,
                    },
                )
    except IntegrityError:  # the same learner's other submission won
        raise AlreadyEvaluated(_("You have already evaluated this course. Thank you!")) from None
    return response


def withdraw_follow_up(user, course_id: int) -> bool:
    """Withdraw `user`'s consent to the course's follow-up mail; False when there was none."""
    return bool(
        FollowUpConsent.objects.filter(user=user, course_id=course_id, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
    )


# --- The follow-up mail ------------------------------------------------------------------


def due_follow_ups(now=None):
    """Consents given and not withdrawn, whose mail is not sent, and whose course was
    completed (and consent given) at least EVALUATION_FOLLOW_UP_DAYS ago."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EVALUATION_FOLLOW_UP_DAYS)
    completed = CourseCompletion.objects.filter(
        user=OuterRef("user"), course=OuterRef("course"), completed_at__lte=cutoff
    )
    # given_at too: the box said "in N weeks", counted from when it was ticked.
    return FollowUpConsent.objects.filter(
        Exists(completed),
        withdrawn_at__isnull=True,
        sent_at__isnull=True,
        given_at__lte=cutoff,
        user__is_active=True,
    )


def send_follow_ups(now=None) -> int:
    """Send each due follow-up mail once; how many were sent.

    Each consent is claimed, marked sent and mailed in one transaction, its row locked
    with SKIP LOCKED: two workers at once never send the same mail, and a mail that
    fails leaves its consent unsent for the next run.
    """
    sent = 0
    for pk in list(due_follow_ups(now).order_by("pk").values_list("pk", flat=True)):
        try:
            sent += _send_follow_up(pk, now)
        except Exception:
            logger.exception("The follow-up mail of consent %s failed; it is tried again on the next run", pk)
    return sent


def _send_follow_up(pk: int, now=None) -> bool:
    from courses.seats import course_titles
    from shop.companies import mail

    with transaction.atomic():
        consent = (
            due_follow_ups(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "course")
            .filter(pk=pk)
            .first()
        )
        if consent is None or is_restricted(consent.user, Purpose.EVALUATION):
            return False
        consent.sent_at = timezone.now()
        consent.save(update_fields=["sent_at"])
        with translation.override(consent.language):
            url = mail.absolute(reverse("account-courses"))
        title = course_titles({consent.course_id}, consent.language).get(consent.course_id)
        mail.send(
            "evaluation_follow_up",
            {
                "person": consent.user,
                "course": title or str(consent.course),
                "url": url,
                "given_at": consent.given_at,
            },
            [consent.user.email],
            consent.language,
        )
    return True


# --- Results for editors and the course's seller -----------------------------------------


def may_see_all_results(user) -> bool:
    """Editors (who see every course in the admin) see every course's results."""
    return user.is_active and user.has_perm("courses.view_course")


def courses_with_results_for(user):
    """The courses whose results `user` may see: editors all, a seller's users their seller's."""
    if may_see_all_results(user):
        return Course.objects.all()
    if not user.is_active:
        return Course.objects.none()
    return Course.objects.filter(seller__group__in=user.groups.all())


def may_see_results(user) -> bool:
    return may_see_all_results(user) or (
        user.is_active and Seller.objects.filter(group__in=user.groups.all()).exists()
    )


@dataclass
class Bar:
    rating: int
    count: int
    percent: int
    width: str  # the bar's length in the chart, out of 100: not localised


@dataclass
class QuestionResult:
    text: str
    answered: int
    average: float | None
    bars: list[Bar] = field(default_factory=list)


@dataclass
class CourseResults:
    responses: int
    questions: list[QuestionResult]
    comments: list[str] | None  # None: too few responses to show them

    @property
    def min_responses_for_comments(self) -> int:
        return MIN_RESPONSES_FOR_COMMENTS


def _counted_responses(course_ids):
    # A person who restricted processing (GDPR art. 18) is stored, not counted.
    restricted = ProcessingRestriction.objects.filter(user=OuterRef("user"), lifted_at__isnull=True)
    return EvaluationResponse.objects.filter(course_id__in=course_ids).exclude(Exists(restricted))


def response_counts(course_ids) -> dict[int, int]:
    """How many responses each course has (those counted in its results)."""
    return dict(_counted_responses(course_ids).order_by().values_list("course_id").annotate(n=Count("pk")))


def course_results(course: Course, language: str) -> CourseResults:
    """`course`'s evaluations, aggregated: per question the average and the distribution
    of 1–5, and the comments (alphabetically, without who or when) once there are enough
    responses."""
    responses = _counted_responses([course.pk])
    total = responses.count()
    counts = defaultdict(dict)
    for row in (
        EvaluationAnswer.objects.filter(response__in=responses)
        .values("question_key", "rating")
        .annotate(n=Count("pk"))
    ):
        counts[row["question_key"]][row["rating"]] = row["n"]
    asked = [(q.translation_key, q.text) for q in questions_for(course, language)]
    known = {key for key, _text in asked}
    removed = [(key, _("A question no longer asked")) for key in counts if key not in known]
    questions = [_question_result(text, counts.get(key, {})) for key, text in asked + removed]
    comments = None
    if total >= MIN_RESPONSES_FOR_COMMENTS:
        comments = sorted(responses.exclude(comment="").values_list("comment", flat=True), key=str.casefold)
    return CourseResults(responses=total, questions=questions, comments=comments)


def _question_result(text: str, counts: dict) -> QuestionResult:
    answered = sum(counts.values())
    bars = []
    for rating in RATINGS:
        count = counts.get(rating, 0)
        share = 100 * count / answered if answered else 0
        bars.append(Bar(rating, count, round(share), f"{share:.1f}"))
    average = sum(r * n for r, n in counts.items()) / answered if answered else None
    return QuestionResult(text=text, answered=answered, average=average, bars=bars)


def course_result_titles(course_ids, language: str) -> dict[int, str]:
    """Each course's title in `language` (any live page's otherwise) for the results list."""
    from courses.seats import course_titles

    titles = course_titles(course_ids, language)
    missing = set(course_ids) - set(titles)
    if missing:  # never published: the draft page's title
        for page in CoursePage.objects.filter(course_id__in=missing).only("title", "course_id"):
            titles.setdefault(page.course_id, page.title)
    return titles
