from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from courses.models.catalogue import CompletionRule, Course
from home.caching import CachedViewRestrictions, public


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Format(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced video course")
    GUIDED = "guided", _("Video course with teacher support")
    SHORT = "short", _("Short course (under an hour)")


class CourseIndexPage(CachedViewRestrictions, Page):
    """The catalogue: every published course below it, filterable and sortable."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.SellerPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import browse_catalogue

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = browse_catalogue(self, request)
        return context


class SellerPage(CachedViewRestrictions, Page):
    """A seller's own part of the catalogue: its courses live below this page."""

    seller = models.ForeignKey(
        "courses.Seller", verbose_name=_("seller"), on_delete=models.PROTECT, related_name="pages"
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    # Sellers edit their page's text; which seller it belongs to is the editors' call.
    content_panels = Page.content_panels + [
        FieldPanel("seller", permission="courses.change_course"),
        FieldPanel("intro"),
    ]
    override_translatable_fields = [SynchronizedField("seller")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("seller page")

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import course_cards

        context = super().get_context(request, *args, **kwargs)
        pages = public(CoursePage.objects.live()).child_of(self).order_by("title")
        context["courses"] = course_cards(pages, request)
        return context


class CoursePage(CachedViewRestrictions, Page):
    """One course in one language: what a buyer reads before buying and a learner before starting.

    Points at its language-neutral `Course`, created with the Swedish page and shared
    by its translations.
    """

    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pages",
    )
    summary = models.TextField(_("summary"), max_length=400, help_text=_("Shown in the catalogue."))
    description = RichTextField(_("description"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Outcome"), max_length=300))],
        verbose_name=_("learning outcomes"),
        blank=True,
    )
    audience = models.TextField(_("who it is for"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    teaching_language = models.CharField(
        _("teaching language"), max_length=5, choices=settings.LANGUAGES, default="sv"
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.SELF_PACED)
    subject = models.ForeignKey(
        "courses.Subject",
        verbose_name=_("subject"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_pages",
    )
    cover_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trailer = models.ForeignKey(
        "courses.LessonVideo",
        verbose_name=_("public trailer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issues_certificate = models.BooleanField(_("issues a certificate"), default=True)
    certificate_design = models.ForeignKey(
        "certificates.CertificateDesign",
        verbose_name=_("certificate design"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Left empty, the certificate has the platform's standard look."),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Left empty, the certificate never expires."),
    )
    completion_rule = models.CharField(
        _("to complete the course"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.ALL_LESSONS,
    )
    completion_percentage = models.PositiveSmallIntegerField(
        _("share of lessons (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Used when completing needs a share of the lessons."),
    )

    watch_percentage = models.PositiveSmallIntegerField(
        _("share of a video to watch (%)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A lesson with a video is done when the learner has watched this share of it."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("description"),
        FieldPanel("learning_outcomes"),
        FieldPanel("audience"),
        FieldPanel("prerequisites"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("level"), FieldPanel("format")]),
                FieldRowPanel([FieldPanel("teaching_language"), FieldPanel("duration_minutes")]),
                FieldPanel("subject"),
            ],
            heading=_("Facts"),
        ),
        InlinePanel("instructors", label=_("Instructors")),
        FieldPanel("trailer"),
        MultiFieldPanel(
            [
                FieldPanel("issues_certificate"),
                FieldRowPanel([FieldPanel("certificate_design"), FieldPanel("certificate_validity_months")]),
                FieldRowPanel([FieldPanel("completion_rule"), FieldPanel("completion_percentage")]),
                FieldPanel("watch_percentage"),
            ],
            heading=_("Completion and certificate"),
        ),
        InlinePanel(
            "evaluation_questions",
            label=_("Evaluation questions"),
            help_text=_("Rated 1–5 by learners who completed the course."),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("audience"),
        index.FilterField("level"),
        index.FilterField("format"),
        index.FilterField("teaching_language"),
    ]
    # What must be the same in every language; the rest is translated.
    override_translatable_fields = [
        SynchronizedField(name)
        for name in (
            "course",
            "duration_minutes",
            "level",
            "teaching_language",
            "format",
            "cover_image",
            "trailer",
            "issues_certificate",
            "certificate_design",
            "certificate_validity_months",
            "completion_rule",
            "completion_percentage",
            "watch_percentage",
        )
    ]
    parent_page_types = ["courses.SellerPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course page")
        verbose_name_plural = _("course pages")

    def save(self, *args, **kwargs):
        from courses.catalogue import create_course_for

        if self.course_id is None:
            self.course = create_course_for(self)
        elif (
            self._state.adding
            and CoursePage.objects.filter(course_id=self.course_id, locale_id=self.locale_id).exists()
        ):
            # A copy made in the admin is a new course, not a second page of the same one
            # (translations are in other languages and keep the course).
            self.course = create_course_for(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.access import may_take
        from courses.catalogue import course_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(course_detail(self, request))
        if request.user.is_authenticated and may_take(request.user, context["course"]):
            from courses.learning import course_states

            # A learner sees the syllabus with their progress instead of the sales page.
            context["learner"] = course_states(request.user, [self])[0]
        return context

    def serve(self, request, *args, **kwargs):
        # The page cache counts the view (gdpr/statistics.py), also when it serves the
        # page without coming here (home/page_cache.py).
        request.page_viewed = self.pk
        return super().serve(request, *args, **kwargs)


class CourseInstructor(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="instructors")
    instructor = models.ForeignKey(
        "courses.Instructor", verbose_name=_("instructor"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("instructor")]


class ModulePage(CachedViewRestrictions, Page):
    """A part of a course: an ordered group of lessons."""

    summary = models.TextField(_("summary"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def serve(self, request, *args, **kwargs):
        # A module has no page of its own: it is shown on its course page.
        from django.shortcuts import redirect

        return redirect(self.get_parent().get_url(request))


class LessonPage(CachedViewRestrictions, Page):
    """One lesson: a video, its text and documents. Free previews are open to anyone."""

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Public, also for visitors who have not bought the course.")
    )
    video = models.ForeignKey(
        "courses.LessonVideo",
        verbose_name=_("video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = RichTextField(_("text"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=5)
    free_preview = models.BooleanField(
        _("free preview"),
        default=False,
        help_text=_("Anyone can watch this lesson without buying the course."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("video"),
        FieldPanel("text"),
        InlinePanel("captions", label=_("Captions (WebVTT)")),
        InlinePanel("documents", label=_("Documents")),
        FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("free_preview")]),
    ]
    # Only the public text is searchable: the lesson's own text is for learners.
    search_fields = Page.search_fields + [index.SearchField("summary")]
    override_translatable_fields = [
        SynchronizedField("video"),
        SynchronizedField("duration_minutes"),
        SynchronizedField("free_preview"),
    ]
    parent_page_types = ["courses.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @cached_property
    def course_page(self) -> CoursePage:
        return CoursePage.objects.ancestor_of(self).select_related("course").get()

    def get_context(self, request, *args, **kwargs):
        from courses.player import lesson_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(self, request))
        return context


class LessonDocument(Orderable):
    page = ParentalKey(LessonPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]
