"""The language-neutral records behind the catalogue's pages."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class CompletionRule(models.TextChoices):
    ALL_LESSONS = "all_lessons", _("Watch every lesson")
    PERCENTAGE = "percentage", _("Watch a share of the lessons")


class Course(models.Model):
    """One course, whatever the language of its pages.

    Enrolments, progress and certificates point here, never at a page: a page exists
    once per language and may be moved, renamed or translated. The values are
    copied from the Swedish page each time it is published.
    """

    code = models.SlugField(_("code"), max_length=80, unique=True)
    seller = models.ForeignKey(
        "courses.Seller", verbose_name=_("seller"), on_delete=models.PROTECT, related_name="courses"
    )
    product = models.OneToOneField(
        "catalogue.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course",
    )
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.ALL_LESSONS,
    )
    completion_percentage = models.PositiveSmallIntegerField(
        _("share of lessons to complete (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    watch_percentage = models.PositiveSmallIntegerField(
        _("share of a video to watch (%)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    issues_certificate = models.BooleanField(_("issues a certificate"), default=True)
    certificate_design = models.ForeignKey(
        "certificates.CertificateDesign",
        verbose_name=_("certificate design"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"), null=True, blank=True
    )
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self):
        return self.code


class Seller(models.Model):
    """A company or person selling courses here: owns a subtree of the catalogue.

    Its users belong to `group`, whose page permissions cover only that subtree;
    `manage.py onboard_seller` sets it all up.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("group"), on_delete=models.PROTECT, related_name="seller"
    )
    partner = models.OneToOneField(
        "partner.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seller",
    )

    class Meta:
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def has_member(self, user) -> bool:
        return user.groups.filter(pk=self.group_id).exists()


class Subject(TranslatableMixin, index.Indexed, models.Model):
    """A subject the catalogue can be filtered by (e.g. "Data protection"), per language."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class Instructor(TranslatableMixin, index.Indexed, models.Model):
    """A teacher shown on course pages; the biography is translated, the photo shared."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("title or role"), max_length=200, blank=True)
    biography = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("biography"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("instructor")
        verbose_name_plural = _("instructors")
        ordering = ["name"]

    def __str__(self):
        return self.name
