from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyVersion(models.Model):
    """A policy as it read when a version of it was published: the record visitors can consult.

    Kept apart from Wagtail's revisions, which editors may purge.
    """

    translation_key = models.UUIDField(db_index=True)
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.PROTECT, related_name="+")
    page = models.ForeignKey("home.PolicyPage", null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=255)
    version = models.CharField(_("version"), max_length=20)
    effective_date = models.DateField(_("effective date"))
    change_summary = models.TextField(_("summary of changes"), blank=True)
    body_html = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale", "version"], name="one_record_per_policy_version"
            )
        ]

    def __str__(self):
        return f"{self.title} {self.version}"

    @property
    def slug(self) -> str:
        return self.version.replace(".", "-")
