"""Serving a stored file after the view has checked access: nginx in production, or Python.

In production nginx sends the bytes (X-Accel-Redirect to an internal location), so no
app worker is held by a viewer. Otherwise, and in development, the file is streamed
here with HTTP Range support in constant memory: browsers seek in a video by asking for
byte ranges, Safari refuses video served without them, and Django's FileResponse
ignores Range.
"""

import mimetypes
import re
from posixpath import splitext
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

CHUNK = 64 * 1024
# Up to 18 digits: larger numbers are no file's size, and int() of a huge one is slow.
RANGE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")
# What browsers may show or play in the page. Anything else is sent as a download.
INLINE_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".m4a": "audio/mp4",
    ".webm": "video/webm",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".vtt": "text/vtt; charset=utf-8",
}


def content_type_of(name: str) -> tuple[str, bool]:
    """(Content-Type, whether it may be shown inline) for a stored file, by its extension."""
    extension = splitext(name)[1].lower()
    if extension in INLINE_TYPES:
        return INLINE_TYPES[extension], True
    return mimetypes.guess_type(name)[0] or "application/octet-stream", False


class StoredFile:
    """A file of a storage, by name: what the responses below need of a FieldFile."""

    def __init__(self, storage, name: str):
        self.storage, self.name = storage, name

    @property
    def size(self) -> int:
        return self.storage.size(self.name)

    def open(self, mode="rb"):
        return self.storage.open(self.name, mode)


def _read(field_file, start: int, length: int):
    handle = field_file.open("rb")
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def parse_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(start, end) for a satisfiable single range; None to ignore the header (send all);
    False when it cannot be satisfied (416)."""
    match = RANGE.match(header.strip())
    if not match or not any(match.groups()):
        return None  # malformed, or several ranges: answer with the whole file
    first, last = match.groups()
    if first:
        start, end = int(first), int(last) if last else size - 1
        if last and end < start:
            return None  # RFC 9110: an invalid range is ignored
    else:  # "bytes=-N": the last N bytes
        if int(last) == 0:
            return False
        start, end = max(size - int(last), 0), size - 1
    if start >= size:
        return False
    return start, min(end, size - 1)


def protected_file_response(request, field_file, content_type: str):
    if not field_file.storage.exists(field_file.name):
        raise Http404
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        # Percent-encoded: a header is Latin-1, a document's name need not be (nginx decodes it).
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
        return response
    return ranged_file_response(request, field_file, content_type)


def ranged_file_response(request, field_file, content_type: str):
    size = field_file.size
    header = request.headers.get("Range", "")
    wanted = parse_range(header, size) if header else None
    if wanted is None:
        response = FileResponse(field_file.open("rb"), content_type=content_type)
    elif wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            _read(field_file, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
