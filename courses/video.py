"""Checking that an uploaded file really is a video we can stream.

A file's name proves nothing: the container is recognised from its first bytes and
ffprobe must then find a video stream in a codec browsers play.
"""

import json
import logging
import subprocess
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PLAYABLE_CODECS = {"h264", "hevc", "vp8", "vp9", "av1"}
PROBE_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class VideoInfo:
    """What a video holds. `width` × `height` is the picture as shown: pixel aspect ratio
    and a phone's rotation flag already applied."""

    container: str
    codec: str
    width: int
    height: int
    duration_seconds: float
    frame_rate: float = 0.0  # 0 when the file does not say
    has_audio: bool = False

    @property
    def mime_type(self) -> str:
        return "video/webm" if self.container == "webm" else "video/mp4"


def sniff_container(head: bytes) -> str | None:
    """The container named by a file's first bytes: "mp4", "webm" or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    return None


def probe(path: str) -> VideoInfo:
    """Read a video file's streams with ffprobe; ValidationError when it is not a video."""
    with open(path, "rb") as handle:
        container = sniff_container(handle.read(64))
    if container is None:
        raise ValidationError(
            _("This file is not an MP4 or WebM video, whatever its name says."), code="not_video"
        )
    try:
        result = subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ValidationError(_("The video could not be read in time."), code="probe_timeout") from exc
    except FileNotFoundError as exc:  # the server lacks ffmpeg: an operator's problem, said plainly
        logger.error("ffprobe is not installed; video uploads cannot be checked")
        raise ValidationError(
            _("Videos cannot be checked on this server right now. Please tell the administrator."),
            code="no_ffprobe",
        ) from exc
    streams = json.loads(result.stdout or "{}").get("streams", []) if result.returncode == 0 else []
    # A cover picture in an audio file is a "video" stream too, but not a film.
    video = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
        ),
        None,
    )
    if video is None:
        raise ValidationError(_("This file holds no video we can read."), code="no_video_stream")
    if video.get("codec_name") not in PLAYABLE_CODECS:
        raise ValidationError(
            _("The video is encoded as %(codec)s; use H.264, HEVC, VP8, VP9 or AV1."),
            params={"codec": video.get("codec_name", "?")},
            code="codec",
        )
    fmt = json.loads(result.stdout).get("format", {})
    duration = float(fmt.get("duration") or video.get("duration") or 0)
    if duration <= 0:
        raise ValidationError(_("The video has no length."), code="no_duration")
    width, height = _display_size(video)
    if width <= 0 or height <= 0:
        raise ValidationError(_("This file holds no video we can read."), code="no_video_stream")
    return VideoInfo(
        container,
        video["codec_name"],
        width,
        height,
        duration,
        frame_rate=_rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate")),
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
    )


def _rate(value: str | None) -> float:
    """ffprobe's "30000/1001" as a number; 0 for "0/0" or nothing."""
    numerator, _slash, denominator = (value or "0/0").partition("/")
    try:
        return float(numerator) / float(denominator or 1)
    except (ValueError, ZeroDivisionError):
        return 0.0


def _display_size(video: dict) -> tuple[int, int]:
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    sar = _rate(video.get("sample_aspect_ratio", "1:1").replace(":", "/"))
    if sar > 0 and sar != 1:
        width = round(width * sar)
    rotation = video.get("tags", {}).get("rotate") or next(
        (d.get("rotation") for d in video.get("side_data_list", []) if "rotation" in d), 0
    )
    if abs(int(float(rotation or 0))) % 180 == 90:  # ffmpeg turns the picture upright when it decodes
        width, height = height, width
    return width, height


def validate_video_upload(field_file) -> None:
    """Model-field validator: size first, then the content itself."""
    limit = settings.COURSE_VIDEO_MAX_UPLOAD_SIZE
    if field_file.size > limit:
        raise ValidationError(
            _("The video is %(size)s; the largest allowed is %(limit)s."),
            params={"size": filesizeformat(field_file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload = getattr(field_file, "file", None)
    if upload is None or getattr(field_file, "_committed", True):
        return  # already stored and checked when it was uploaded
    if hasattr(upload, "temporary_file_path"):
        probe(upload.temporary_file_path())
        return
    # A small upload held in memory: ffprobe needs a file.
    import tempfile

    upload.seek(0)
    with tempfile.NamedTemporaryFile(suffix=".upload") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        probe(copy.name)
    upload.seek(0)
