"""Wagtail's document serve view hands its file to this backend (SENDFILE_BACKEND) once
`before_serve_document` has said yes: behind nginx, a file of PRIVATE_MEDIA_ROOT goes out
by X-Accel-Redirect like any private file; otherwise Wagtail's own streaming backend."""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse

from wagtail.utils import sendfile_streaming_backend

from home.private.storage import private_storage


def sendfile(request, filename, **kwargs):
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    path, root = Path(filename).resolve(), Path(private_storage().location).resolve()
    if prefix and path.is_relative_to(root):
        response = HttpResponse(content_type=kwargs.get("mimetype"))
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(path.relative_to(root).as_posix())
        return response
    return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
