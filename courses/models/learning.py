"""What a learner has done: progress per lesson, a course completed once, evaluations.

Progress is keyed by the lesson's `translation_key`, shared by its pages in every
language, so that a learner who switches language keeps their place.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin

from courses.captions import validate_webvtt
from home.private.storage import PrivateFileInput, private_storage


class LessonProgress(models.Model):
    """One learner's progress in one lesson: where they are and which parts they watched."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    lesson_key = models.UUIDField(_("lesson"), help_text=_("The lesson's translation key."))
    position_seconds = models.FloatField(_("position (seconds)"), default=0)
    # Merged, sorted [start, end] intervals of the video watched, in seconds.
    watched = models.JSONField(_("parts watched"), default=list, blank=True)
    watched_seconds = models.FloatField(_("seconds watched"), default=0)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    reported_at = models.DateTimeField(_("last report"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key"], name="progress_once_per_learner_and_lesson"
            )
        ]
        indexes = [models.Index(fields=["user", "course"], name="progress_by_learner_course")]

    def __str__(self):
        return f"{self.user_id}: {self.lesson_key}"


class CourseCompletion(models.Model):
    """A course completed: stored once, with its time. The certificate follows from it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.PROTECT, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="completion_once_per_learner_and_course")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.course}"


class SeatReport(models.Model):
    """What the company that paid for a seat is told: when its holder started and
    finished the course. Written as it happens, for that purpose alone."""

    seat = models.OneToOneField(
        "courses.Seat", verbose_name=_("seat"), on_delete=models.CASCADE, related_name="report"
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat report")
        verbose_name_plural = _("seat reports")

    def __str__(self):
        return str(self.seat)


class EvaluationQuestion(TranslatableMixin, Orderable):
    """A question the editor asks every learner who completed the course, rated 1–5."""

    page = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="evaluation_questions")
    text = models.CharField(_("question"), max_length=250)

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")
        ordering = ["sort_order"]

    def __str__(self):
        return self.text


class EvaluationResponse(models.Model):
    """One learner's evaluation of a course. Results are shown only aggregated."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_evaluations",
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.CASCADE, related_name="evaluations"
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=models.Q(user__isnull=False),
                name="evaluation_once_per_learner_and_course",
            )
        ]

    def __str__(self):
        return f"{self.course}: {self.submitted_at:%Y-%m-%d}"


class EvaluationAnswer(models.Model):
    response = models.ForeignKey(EvaluationResponse, on_delete=models.CASCADE, related_name="answers")
    # The question's translation key: the answers in every language count together.
    question_key = models.UUIDField(_("question"))
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question_key"], name="answer_once_per_question"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.question_key}: {self.rating}"


class FollowUpConsent(models.Model):
    """A learner's consent to a follow-up mail about a course they evaluated.

    Kept as the record of what they agreed to and when; withdrawing keeps the row and
    stops the mail.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="follow_up_consents",
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    wording = models.TextField(_("what they agreed to"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    sent_at = models.DateTimeField(_("follow-up sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up consent")
        verbose_name_plural = _("follow-up consents")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="follow_up_consent_once_per_course")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.course}"


def caption_upload_path(instance, filename: str) -> str:
    return f"captions/{uuid.uuid4().hex}.vtt"


class LessonCaption(Orderable):
    """A WebVTT caption track of a lesson's video, in one language."""

    page = ParentalKey("courses.LessonPage", on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(
        _("WebVTT file"),
        storage=private_storage,
        upload_to=caption_upload_path,
        validators=[validate_webvtt],
    )

    panels = [FieldPanel("language"), FieldPanel("file", widget=PrivateFileInput)]

    class Meta(Orderable.Meta):
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="caption_once_per_language")]
