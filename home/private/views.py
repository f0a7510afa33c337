"""Private files by signed URL, checked without the database; and the headers every
private file goes out with (also for the shop's bought documents).

Who may have a URL is decided when it is made (courses.access); here only the
signature, its expiry and its scope are checked, then the bytes are sent (by nginx in
production). An expired URL answers 410 Gone, so that a player knows to reload the
page for fresh URLs; anything else wrong answers 403. Neither says more.
"""

import time

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from home.private.signing import BadSignature, SignatureExpired, verify
from home.private.storage import MediaStorage, private_storage
from home.private.streaming import StoredFile, content_type_of, protected_file_response

# Browsers may keep a private file this long, never beyond its URL's expiry.
MAX_AGE = 3600


def _refused(status: int) -> HttpResponse:
    response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    return response


def private_file_response(request, stored, *, filename: str | None = None, max_age: int = MAX_AGE):
    """`stored` (a FieldFile or StoredFile) with the headers every private file gets: its
    type by extension, a download unless the browser may show it, cached only privately."""
    content_type, inline = content_type_of(stored.name)
    try:
        response = protected_file_response(request, stored, content_type)
    except Http404:
        return HttpResponseNotFound()  # signed, but gone from the disk: no error page to render
    if filename or not inline:
        response["Content-Disposition"] = content_disposition_header(
            True, filename or stored.name.rsplit("/", 1)[-1]
        )
    elif "Content-Disposition" in response:
        del response["Content-Disposition"]
    response["Cache-Control"] = f"private, max-age={max(max_age, 0)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def serve_private(request, token: str, name: str):
    try:
        grant = verify(token, name, request.GET.get("filename"))
    except SignatureExpired:
        return _refused(410)
    except BadSignature:
        return _refused(403)
    return private_file_response(
        request,
        StoredFile(private_storage(), name),
        filename=grant.filename,
        max_age=min(MAX_AGE, grant.expires - int(time.time())),
    )


def serve_public_media(request, path: str):
    """Development only (DEBUG): MEDIA_ROOT as nginx serves it, never a document."""
    from django.views.static import serve

    if MediaStorage.is_private(path):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
