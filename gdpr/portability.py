"""The person's copy of their data (GDPR art. 20): asked for in the privacy centre, built by
a worker from the registry's exporters, downloadable for seven days, then deleted."""

import logging
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from gdpr.export import export_subject
from gdpr.models import DataExport
from gdpr.subjects import Subject

logger = logging.getLogger(__name__)


def request_export(user) -> DataExport:
    """The export being made for `user`, or a new one queued. Never two at once."""
    from gdpr.tasks import build_data_export

    now = timezone.now()
    DataExport.objects.filter(
        user=user,
        status__in=[DataExport.Status.PENDING, DataExport.Status.BUILDING],
        requested_at__lt=now - DataExport.STALE_AFTER,
    ).update(status=DataExport.Status.FAILED, finished_at=now)
    current = DataExport.objects.filter(
        user=user, status__in=[DataExport.Status.PENDING, DataExport.Status.BUILDING]
    ).first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            export = DataExport.objects.create(
                user=user, expires_at=now + timedelta(days=DataExport.DOWNLOAD_DAYS)
            )
    except IntegrityError:  # a second tab asked at the same moment (and, inline, it may be built already)
        return DataExport.objects.filter(user=user).first()
    transaction.on_commit(lambda: build_data_export.delay(export.pk), robust=True)
    return export


def build(export_id: int) -> None:
    claimed = DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
        status=DataExport.Status.BUILDING
    )
    if not claimed:
        return  # built, failed or taken by another worker
    export = DataExport.objects.select_related("user").get(pk=export_id)
    storage, name = export.file.storage, None
    try:
        with tempfile.TemporaryDirectory() as directory:
            path = export_subject(Subject.for_own_account(export.user), Path(directory) / "export.zip")
            with path.open("rb") as zipped:
                name = storage.save(
                    f"exports/{export.user_id}-{export.pk}-{uuid.uuid4().hex}.zip", File(zipped)
                )
            size = path.stat().st_size
    except Exception:
        logger.exception("Data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(
            status=DataExport.Status.FAILED, finished_at=timezone.now()
        )
        return
    now = timezone.now()
    stored = DataExport.objects.filter(pk=export_id, status=DataExport.Status.BUILDING).update(
        status=DataExport.Status.READY,
        finished_at=now,
        expires_at=now + timedelta(days=DataExport.DOWNLOAD_DAYS),
        file=name,
        size_bytes=size,
    )
    if not stored:  # the row went meanwhile (an erasure): the copy must not outlive it
        storage.delete(name)
