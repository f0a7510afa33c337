import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from courses.storage import private_storage
from courses.video import probe, validate_video_upload


def video_upload_path(instance, filename: str) -> str:
    # A random name: the uploader's file name may hold personal data and is kept in `title`.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"videos/{uuid.uuid4().hex}{suffix}"


class LessonVideo(index.Indexed, models.Model):
    """A video uploaded to the platform for a lesson or a trailer; never a third-party embed."""

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=video_upload_path,
        validators=[validate_video_upload],
        help_text=_("MP4 or WebM."),
    )
    mime_type = models.CharField(max_length=40, editable=False, default="video/mp4")
    duration_seconds = models.FloatField(default=0, editable=False)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    size_bytes = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("lesson video")
        verbose_name_plural = _("lesson videos")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.duration_seconds and self.file:
            info = probe(self.file.path)
            self.mime_type, self.duration_seconds = info.mime_type, info.duration_seconds
            self.width, self.height, self.size_bytes = info.width, info.height, self.file.size
            super().save(update_fields=["mime_type", "duration_seconds", "width", "height", "size_bytes"])
