"""The person's files, built by a worker and downloadable for seven days, then deleted: the
copy of their data (GDPR art. 20) from the registry's exporters, and the register
extract as a PDF (art. 15)."""

import logging
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language

from gdpr.export import export_subject
from gdpr.models import DataExport
from gdpr.subjects import Subject

logger = logging.getLogger(__name__)


def request_export(user, format=DataExport.Format.ZIP) -> DataExport:
    """The file of `format` being made for `user`, or a new one queued. Never two at once."""
    from gdpr import cases
    from gdpr.tasks import build_data_export

    now = timezone.now()
    files = DataExport.objects.filter(user=user, format=format)
    files.filter(
        status__in=[DataExport.Status.PENDING, DataExport.Status.BUILDING],
        requested_at__lt=now - DataExport.STALE_AFTER,
    ).update(status=DataExport.Status.FAILED, finished_at=now)
    current = files.filter(status__in=[DataExport.Status.PENDING, DataExport.Status.BUILDING]).first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            export = DataExport.objects.create(
                user=user,
                format=format,
                language=get_language(),
                expires_at=now + timedelta(days=DataExport.DOWNLOAD_DAYS),
            )
            if format == DataExport.Format.ZIP:  # the extract's own request is granted already
                request = cases.open_request(cases.Kind.PORTABILITY, user=user, language=get_language())
                cases.start(request)
    except IntegrityError:  # a second tab asked at the same moment (and, inline, it may be built already)
        return files.first()
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
            path = Path(directory) / f"export.{export.format}"
            subject = Subject.for_own_account(export.user)
            if export.format == DataExport.Format.PDF:
                _write_extract(subject, export, path)
            else:
                export_subject(subject, path)
            with path.open("rb") as built:
                name = storage.save(
                    f"exports/{export.user_id}-{export.pk}-{uuid.uuid4().hex}.{export.format}", File(built)
                )
            size = path.stat().st_size
    except Exception:
        logger.exception("Data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(
            status=DataExport.Status.FAILED, finished_at=timezone.now()
        )
        if export.format == DataExport.Format.ZIP:
            _close_request(export.user, failed=True)
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
        return
    if export.format == DataExport.Format.ZIP:
        _close_request(export.user, failed=False)


def _write_extract(subject, export, path: Path) -> None:
    """The register extract as granted: its date is the grant's, its language the asker's."""
    from gdpr import cases
    from gdpr.extract import render_pdf

    granted = cases.extract_request(export.user)
    with translation.override(export.language or None):
        path.write_bytes(
            render_pdf(subject, granted_at=granted.closed_at if granted else export.requested_at)
        )


def _close_request(user, *, failed: bool) -> None:
    """The person's portability request is done, or failed for staff to try again."""
    from gdpr import cases

    request = cases.open_for(user, cases.Kind.PORTABILITY)
    if request is None:
        return
    if failed:
        cases.fail(request, note="export failed")
    else:
        cases.record(cases.Action.EXPORT_READY, request=request)
        # Asked for by mail or phone: the person learns the copy is in their privacy centre.
        cases.close(request, cases.Status.DONE, tell=request.channel != request.Channel.WEB)
