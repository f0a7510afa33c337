import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from courses.video import probe, validate_video_upload
from home.private.storage import private_storage


def video_upload_path(instance, filename: str) -> str:
    # A random name: the uploader's file name may hold personal data and is kept in `title`.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"videos/{uuid.uuid4().hex}{suffix}"


class VideoStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be processed")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


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
    duration_seconds = models.FloatField(_("length (seconds)"), default=0, editable=False)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    size_bytes = models.PositiveBigIntegerField(default=0, editable=False)
    seller = models.ForeignKey(
        "courses.Seller",
        verbose_name=_("seller"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="videos",
        help_text=_("Only this seller's users (and editors) can see and use the video."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # What processing made of the upload (courses/video_processing.py): a faststart MP4,
    # HLS renditions and a poster frame, all in `output_dir` of the private storage.
    status = models.CharField(
        _("state"), max_length=12, choices=VideoStatus.choices, default=VideoStatus.WAITING, editable=False
    )
    failure_reason = models.TextField(_("why it failed"), blank=True, editable=False)
    output_dir = models.CharField(max_length=100, blank=True, editable=False)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True, editable=False)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("lesson video")
        verbose_name_plural = _("lesson videos")
        ordering = ["-created_at"]
        permissions = [("manage_all_videos", _("Can see and manage every seller's videos"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        stored = (
            type(self).objects.filter(pk=self.pk).values_list("file", flat=True).first() if self.pk else None
        )
        file_changed = bool(self.file) and self.file.name != stored
        with transaction.atomic():
            super().save(*args, **kwargs)
            if file_changed:  # a new or replaced file: read its facts from the file itself
                info = probe(self.file.path)
                self.mime_type, self.duration_seconds = info.mime_type, info.duration_seconds
                self.width, self.height, self.size_bytes = info.width, info.height, self.file.size
                # Not ready until processed; what an older file made stays until then.
                self.status, self.failure_reason = VideoStatus.WAITING, ""
                super().save(
                    update_fields=[
                        "mime_type", "duration_seconds", "width", "height", "size_bytes", "status", "failure_reason",
                    ]
                )  # fmt: skip
                from courses.tasks import process_video

                video_id = self.pk
                transaction.on_commit(lambda: process_video.delay(video_id))

    @property
    def is_ready(self) -> bool:
        """Only a processed video is ever offered to learners."""
        return self.status == VideoStatus.READY and bool(self.output_dir)

    def output(self, name: str) -> str:
        """The storage name of one of the processed files: "video.mp4", "poster.jpg",
        "hls/master.m3u8"."""
        return f"{self.output_dir.rstrip('/')}/{name}"

    def is_managed_by(self, user) -> bool:
        """Editors manage every video; a seller's users manage that seller's videos."""
        if user.has_perm("courses.manage_all_videos"):
            return True
        return self.seller_id is not None and user.groups.filter(seller__pk=self.seller_id).exists()
