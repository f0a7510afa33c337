"""Certificates: their designs, each certificate as issued, and the keys that sign them.

A certificate is a snapshot. The learner's name, the course's titles, the company, the
design and its signatories are copied when it is issued, so that it reads the same for
as long as it is valid, whatever is renamed, redesigned or unpublished later.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin

colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hexadecimal digits, e.g. #1d3557.")
)

# Crockford's base 32: no I, L, O or U, so a code read aloud or typed is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 100 bits: not guessable, and short enough to type from paper.


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The code as stored, from what a person typed ("ab12-…" with dashes or spaces), or
    None when it cannot be one."""
    if len(text) > 2 * CODE_LENGTH:
        return None
    code = text.upper().replace("-", "").replace(" ", "")
    code = code.translate(str.maketrans("ILO", "110"))
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


class CertificateDesign(PreviewableMixin, ClusterableModel):
    """How a course's certificates look: logo, colours, wording and who signs them.

    The wording is in both languages here, since one certificate may be printed in
    either; a blank text uses the platform's standard wording.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("Shown to editors only."))
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(_("main colour"), max_length=7, default="#1d3557", validators=[colour])
    accent_colour = models.CharField(_("accent colour"), max_length=7, default="#b08d2b", validators=[colour])
    title_sv = models.CharField(_("title (Swedish)"), max_length=80, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=80, blank=True)
    statement_sv = models.CharField(_("statement (Swedish)"), max_length=200, blank=True)
    statement_en = models.CharField(_("statement (English)"), max_length=200, blank=True)
    footer_sv = models.TextField(_("footer (Swedish)"), max_length=500, blank=True)
    footer_en = models.TextField(_("footer (English)"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")], heading=_("Colours")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("title_sv"), FieldPanel("title_en")]),
                FieldRowPanel([FieldPanel("statement_sv"), FieldPanel("statement_en")]),
                FieldRowPanel([FieldPanel("footer_sv"), FieldPanel("footer_en")]),
            ],
            heading=_("Wording"),
            help_text=_(
                "Left blank, the title is “Intyg”/“Certificate” and the statement “har genomfört "
                "kursen”/“has completed the course”."
            ),
        ),
        InlinePanel("signatories", label=_("Signatories"), max_num=3),
    ]

    preview_modes = [("sv", _("Swedish")), ("en", _("English"))]
    default_preview_mode = "sv"

    class Meta:
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def snapshot(self) -> dict:
        """What a certificate keeps of its design when it is issued."""
        return {
            "name": self.name,
            "logo": self.logo_id,
            "primary_colour": self.primary_colour,
            "accent_colour": self.accent_colour,
            "title": {"sv": self.title_sv, "en": self.title_en},
            "statement": {"sv": self.statement_sv, "en": self.statement_en},
            "footer": {"sv": self.footer_sv, "en": self.footer_en},
            "signatories": [
                {
                    "name": s.name,
                    "title": {"sv": s.title_sv, "en": s.title_en},
                    "signature": s.signature_id,
                }
                for s in self.signatories.all()
            ],
        }

    def serve_preview(self, request, mode_name):
        from certificates.rendering import preview_response

        return preview_response(request, self, mode_name or self.default_preview_mode)


class Signatory(Orderable):
    design = ParentalKey(CertificateDesign, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=100)
    title_sv = models.CharField(_("title (Swedish)"), max_length=100, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=100, blank=True)
    signature = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("title_sv"), FieldPanel("title_en")]),
        FieldPanel("signature"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return self.name


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        today = timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )


class Status(models.TextChoices):
    VALID = "valid", pgettext_lazy("certificate status", "Valid")
    EXPIRED = "expired", pgettext_lazy("certificate status", "Expired")
    REVOKED = "revoked", pgettext_lazy("certificate status", "Revoked")


class Certificate(models.Model):
    """One certificate as issued to one learner for one completed course."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True, default=new_code)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    completion = models.ForeignKey(
        "courses.CourseCompletion",
        verbose_name=_("completion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates"
    )
    reissue_of = models.OneToOneField(
        "self",
        verbose_name=_("reissue of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reissue",
    )
    # The snapshot.
    learner_name = models.CharField(_("learner's name"), max_length=300)
    course_titles = models.JSONField(_("course title"), default=dict, help_text=_("Per language."))
    course_version = models.CharField(_("course version"), max_length=40, blank=True)
    company_name = models.CharField(_("company"), max_length=300, blank=True)
    completed_on = models.DateField(_("completed"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    design = models.ForeignKey(
        CertificateDesign,
        verbose_name=_("design"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    design_snapshot = models.JSONField(_("design as issued"), default=dict)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    credential = models.JSONField(_("signed credential"), null=True, blank=True)
    status_index = models.PositiveIntegerField(_("index in the status list"), unique=True)
    shared = models.BooleanField(
        _("public page"),
        default=False,
        help_text=_("The learner chose to show the certificate on a public page."),
    )
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            # However often the task runs, a completion issues one certificate; a
            # reissue (a new name) points at the certificate it replaces instead.
            models.UniqueConstraint(
                fields=["completion"],
                condition=Q(reissue_of__isnull=True),
                name="certificate_once_per_completion",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.course_title()}"

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def course_title(self, language: str | None = None) -> str:
        titles = self.course_titles or {}
        language = language or get_language() or settings.LANGUAGE_CODE
        return titles.get(language) or titles.get(settings.LANGUAGE_CODE) or next(iter(titles.values()), "")

    @property
    def status(self) -> str:
        if self.revoked_at:
            return Status.REVOKED
        if self.expires_on and self.expires_on < timezone.localdate():
            return Status.EXPIRED
        return Status.VALID

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_valid(self) -> bool:
        return self.status == Status.VALID


class SigningKey(models.Model):
    """A public key the platform has signed credentials with, published for verifiers.

    The private key lives outside the database (a setting or a file). Each key that
    signs is recorded here on first use, and stays published after it is replaced, so
    that credentials signed with it still verify, unless it is withdrawn because it
    leaked (`manage.py withdraw_signing_key`).
    """

    public_key_multibase = models.CharField(_("public key (multibase)"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("first used"), default=timezone.now)
    retired_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(
        _("withdrawn"),
        null=True,
        blank=True,
        help_text=_("The private key leaked: nothing it signed is trusted any more."),
    )

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["created_at"]

    def __str__(self):
        return self.public_key_multibase
