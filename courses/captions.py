"""Checking an uploaded caption track: WebVTT by its content, not its name.

A track must be UTF-8 text that starts with the WEBVTT signature and whose cues have
well-formed, increasing timings; anything else is refused with the line at fault.
"""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_CAPTION_BYTES = 2 * 1024 * 1024
TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING = re.compile(rf"^{TIMESTAMP}[ \t]+-->[ \t]+{TIMESTAMP}(?:[ \t].*)?$")


def _seconds(hours, minutes, seconds, millis) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_webvtt(data: bytes) -> list[tuple[float, float, str]]:
    """The cues of a WebVTT file as (start, end, text); ValidationError when it is not one.

    Cue text stays text: browsers show a track's cues as text (with WebVTT's own few
    tags), never as HTML, so markup in it needs no cleaning here.
    """
    if len(data) > MAX_CAPTION_BYTES:
        raise ValidationError(
            _("The caption file is %(size)s; the largest allowed is %(limit)s."),
            params={"size": filesizeformat(len(data)), "limit": filesizeformat(MAX_CAPTION_BYTES)},
            code="too_large",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The caption file is not UTF-8 text."), code="encoding") from exc
    if not text.strip():
        raise ValidationError(_("The caption file is empty."), code="empty")
    if "\x00" in text:
        raise ValidationError(_("The caption file is not UTF-8 text."), code="encoding")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise ValidationError(
            _("This is not a WebVTT caption file: its first line must be WEBVTT."), code="signature"
        )
    cues, previous_start = [], 0.0
    for number, line in enumerate(lines, start=1):
        if "-->" not in line:
            continue
        match = TIMING.match(line.strip())
        if not match:
            raise ValidationError(
                _("Line %(line)s of the caption file has a timing that cannot be read."),
                params={"line": number},
                code="timing",
            )
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        if end <= start:
            raise ValidationError(
                _("The caption on line %(line)s of the caption file ends before it starts."),
                params={"line": number},
                code="end_before_start",
            )
        if start < previous_start:
            raise ValidationError(
                _("The caption on line %(line)s of the caption file starts before the caption above it."),
                params={"line": number},
                code="order",
            )
        previous_start = start
        body = []
        for following in lines[number:]:
            if not following.strip():
                break
            body.append(following)
        cues.append((start, end, "\n".join(body)))
    if not cues:
        raise ValidationError(_("The caption file holds no captions."), code="empty")
    return cues


def validate_webvtt(field_file) -> None:
    """Model-field validator: reads the upload (at most the size limit and one byte)."""
    upload = getattr(field_file, "file", None)
    if upload is None or getattr(field_file, "_committed", True):
        return  # stored already, and checked when it was uploaded
    upload.seek(0)
    data = upload.read(MAX_CAPTION_BYTES + 1)
    upload.seek(0)
    parse_webvtt(data)
