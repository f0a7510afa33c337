"""Making an uploaded video ready to stream: a faststart MP4, HLS renditions and a poster.

One ffmpeg run decodes the upload once and encodes every rendition from it. The files are
made in a temporary directory and move into the private storage only when all succeeded;
the video is READY, with its new `output_dir`, in one UPDATE after that.
"""

import logging
import re
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import LessonVideo, VideoStatus
from courses.video import VideoInfo, probe
from home.caching import VIDEOS, changed
from home.private.storage import private_storage

logger = logging.getLogger(__name__)

SEGMENT_SECONDS = 4
KEYFRAME_SECONDS = 2  # two GOPs per segment, the same in every rendition
FALLBACK_FRAME_RATE = 30  # when the upload has none we trust, or more than 60 a second
POSTER_AT = 0.1  # a frame a tenth of the way in…
POSTER_MIN_SECONDS = 5  # …or the first frame of a shorter video
AUDIO_CODEC = "mp4a.40.2"  # AAC-LC
OUTPUT_DIR = re.compile(r"^videos/[0-9a-f]{32}/$")


@dataclass(frozen=True)
class Rendition:
    name: str
    size: int  # the picture's shorter side, as in "720p"
    video_kbps: int
    audio_kbps: int
    profile: str
    level: str
    codecs: str  # RFC 6381 name of that H.264 profile and level, for the master playlist


RENDITIONS = (
    Rendition("360p", 360, 800, 96, "main", "3.1", "avc1.4d401f"),
    Rendition("720p", 720, 2800, 128, "high", "4.0", "avc1.640028"),
)


class ProcessingFailed(Exception):
    """Processing could not finish; `retry` says whether trying again later may help."""

    def __init__(self, reason: str, *, retry: bool):
        super().__init__(reason)
        self.reason, self.retry = reason, retry


def queue_processing(video: LessonVideo) -> None:
    """Ask the worker to make the video's files once this transaction commits."""
    from courses.tasks import process_video

    LessonVideo.objects.filter(pk=video.pk).update(status=VideoStatus.WAITING, failure_reason="")
    changed(VIDEOS)
    transaction.on_commit(partial(process_video.delay, video.pk))


def videos_to_process():
    return LessonVideo.objects.filter(~Q(status=VideoStatus.READY) | Q(output_dir=""))


def process(video: LessonVideo) -> LessonVideo:
    """Make the video's MP4, HLS renditions and poster now, in this process; nothing to do
    when it is ready already. Returns the video as stored afterwards. When it cannot, the
    video is FAILED with the reason and ProcessingFailed is raised."""
    video.refresh_from_db()
    if video.is_ready:
        return video
    source = video.file.name
    LessonVideo.objects.filter(pk=video.pk).update(status=VideoStatus.PROCESSING, failure_reason="")
    changed(VIDEOS)
    output_dir = f"videos/{uuid.uuid4().hex}/"
    try:
        try:
            info = probe(video.file.path)
        except FileNotFoundError as exc:
            raise ProcessingFailed(_("The uploaded file is missing."), retry=False) from exc
        except ValidationError as exc:
            retry = exc.code in {"probe_timeout", "no_ffprobe"}
            raise ProcessingFailed(" ".join(exc.messages), retry=retry) from exc
        try:
            with tempfile.TemporaryDirectory(prefix="video-") as tmp:
                work = Path(tmp) / "out"
                make_files(Path(video.file.path), info, work)
                _move_into_place(work, output_dir)
        except OSError as exc:  # a full disk, say: worth another try later
            delete_output(output_dir)
            raise ProcessingFailed(
                _("The video's files could not be written: %(error)s") % {"error": exc.strerror or exc},
                retry=True,
            ) from exc
    except ProcessingFailed as exc:
        LessonVideo.objects.filter(pk=video.pk, file=source).exclude(status=VideoStatus.READY).update(
            status=VideoStatus.FAILED, failure_reason=exc.reason
        )
        changed(VIDEOS)
        logger.warning("Video %s could not be processed: %s", video.pk, exc.reason)
        raise
    _finish(video, source, output_dir)
    video.refresh_from_db()
    return video


def _finish(video: LessonVideo, source: str, output_dir: str) -> None:
    with transaction.atomic():
        row = LessonVideo.objects.select_for_update().filter(pk=video.pk).values("file", "output_dir").first()
        if row is None or row["file"] != source:  # deleted, or a new file came while we worked
            transaction.on_commit(partial(delete_output, output_dir))
            return
        LessonVideo.objects.filter(pk=video.pk).update(
            status=VideoStatus.READY, output_dir=output_dir, processed_at=timezone.now(), failure_reason=""
        )
        changed(VIDEOS)
        if row["output_dir"] and row["output_dir"] != output_dir:  # what an older file made
            transaction.on_commit(partial(delete_output, row["output_dir"]))


def delete_output(output_dir: str) -> None:
    if not OUTPUT_DIR.match(output_dir):  # never anything but a directory this module made
        logger.error("Refusing to delete %r: not a video output directory", output_dir)
        return
    shutil.rmtree(private_storage().path(output_dir.rstrip("/")), ignore_errors=True)


def _move_into_place(work: Path, output_dir: str) -> None:
    storage = private_storage()
    target = Path(storage.path(output_dir.rstrip("/")))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(work, target)
    for path in [target, *target.rglob("*")]:  # as the storage would have saved them
        mode = storage.directory_permissions_mode if path.is_dir() else storage.file_permissions_mode
        if mode is not None:
            path.chmod(mode)


# --- ffmpeg -------------------------------------------------------------------------


def renditions_for(info: VideoInfo) -> list[tuple[Rendition, int, int]]:
    """Each rendition to make, with its width and height: none taller than the upload,
    except the smallest, which is always made (at the upload's size if that is smaller)."""
    shorter = min(info.width, info.height)
    made = []
    for rendition in RENDITIONS:
        if made and rendition.size > shorter:
            break
        target = _even(min(rendition.size, shorter))
        other = _even(max(info.width, info.height) * target / shorter)
        made.append((rendition, other, target) if info.width >= info.height else (rendition, target, other))
    return made


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def output_frame_rate(info: VideoInfo) -> float:
    return info.frame_rate if 0 < info.frame_rate <= 60 else FALLBACK_FRAME_RATE


def poster_time(info: VideoInfo) -> float:
    return round(info.duration_seconds * POSTER_AT, 3) if info.duration_seconds >= POSTER_MIN_SECONDS else 0


def ffmpeg_command(source: Path, info: VideoInfo) -> list[str]:
    """One ffmpeg run for everything, to be run in the output directory: the largest
    rendition is encoded once for both video.mp4 and its HLS segments (the tee muxer)."""
    variants = renditions_for(info)
    rate = output_frame_rate(info)
    gop = max(1, round(rate * KEYFRAME_SECONDS))
    fps_filter = "" if rate == info.frame_rate else f"fps={rate},"
    branches = "".join(f"[s{i}]" for i in range(len(variants)))
    graph = [f"[0:v:0]{fps_filter}split={len(variants) + 1}{branches}[sp]"]
    graph += [f"[s{i}]scale={w}:{h},setsar=1,format=yuv420p[v{i}]" for i, (_r, w, h) in enumerate(variants)]
    start = poster_time(info)
    trim = f"trim=start={start},setpts=PTS-STARTPTS," if start else ""
    _top, top_w, top_h = variants[-1]
    graph.append(f"[sp]{trim}scale={top_w}:{top_h},setsar=1[poster]")

    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(source)]
    command += ["-filter_complex", ";".join(graph)]
    hls = {
        "hls_time": str(SEGMENT_SECONDS),
        "hls_playlist_type": "vod",
        "hls_flags": "independent_segments",
        "hls_segment_type": "mpegts",
    }
    for i, (rendition, _w, _h) in enumerate(variants):
        command += ["-map", f"[v{i}]"]
        if info.has_audio:
            command += ["-map", "0:a:0"]
        command += [
            "-c:v", "libx264", "-preset", "veryfast",
            "-profile:v", rendition.profile, "-level:v", rendition.level,
            "-crf", "23", "-maxrate", f"{rendition.video_kbps}k", "-bufsize", f"{2 * rendition.video_kbps}k",
            # Keyframes at the same instants in every rendition, so a player can switch
            # between them at any segment boundary.
            "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0",
            "-force_key_frames", f"expr:gte(t,n_forced*{KEYFRAME_SECONDS})",
            "-c:a", "aac", "-aac_coder", "fast", "-b:a", f"{rendition.audio_kbps}k", "-ac", "2", "-ar", "48000",
            "-max_muxing_queue_size", "4096",
        ]  # fmt: skip
        segments = {**hls, "hls_segment_filename": f"hls/{rendition.name}/seg_%03d.ts"}
        playlist = f"hls/{rendition.name}/index.m3u8"
        if i < len(variants) - 1:
            for option, value in segments.items():
                command += [f"-{option}", value]
            command += ["-f", "hls", playlist]
        else:
            # The tee's HLS muxer does not get ffmpeg's default 0.7 s mux delay; without it
            # this rendition's timestamps would be 1.4 s off the others'.
            options = ":".join(f"{k}={v}" for k, v in {"f": "hls", "max_delay": "700000", **segments}.items())
            command += [
                "-flags", "+global_header", "-f", "tee",
                f"[f=mp4:movflags=+faststart]video.mp4|[{options}]{playlist}",
            ]  # fmt: skip
    command += ["-map", "[poster]", "-frames:v", "1", "-q:v", "3", "-update", "1", "poster.jpg"]
    return command


def make_files(source: Path, info: VideoInfo, work: Path) -> None:
    """Run ffmpeg into `work`, check what it made and write the master playlist."""
    variants = renditions_for(info)
    for rendition, _w, _h in variants:
        (work / "hls" / rendition.name).mkdir(parents=True, exist_ok=True)
    timeout = 300 + 6 * info.duration_seconds
    try:
        result = subprocess.run(
            ffmpeg_command(source, info),
            cwd=work,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ProcessingFailed(
            _("Converting the video took longer than %(minutes)s minutes and was stopped.")
            % {"minutes": round(timeout / 60)},
            retry=True,
        ) from exc
    except FileNotFoundError as exc:
        raise ProcessingFailed(_("ffmpeg is not installed on the server."), retry=True) from exc
    if result.returncode != 0:
        raise ProcessingFailed(
            _("ffmpeg could not convert the video: %(error)s")
            % {"error": _stderr_tail(result.stderr, source, work) or result.returncode},
            retry=True,
        )
    for name in ["video.mp4", "poster.jpg"]:
        if not (work / name).is_file() or not (work / name).stat().st_size:
            raise ProcessingFailed(_("ffmpeg made no %(name)s.") % {"name": name}, retry=True)
    write_master_playlist(work, variants, info)


def _stderr_tail(stderr: str, source: Path, work: Path, lines: int = 5, limit: int = 600) -> str:
    """ffmpeg's last words, without the server's paths."""
    text = stderr.replace(str(source), source.name).replace(f"{work}/", "")
    tail = " / ".join(line.strip() for line in text.strip().splitlines()[-lines:] if line.strip())
    return tail if len(tail) <= limit else "…" + tail[-limit:]


def write_master_playlist(work: Path, variants, info: VideoInfo) -> None:
    """The master playlist, smallest rendition first, each with its real peak and average
    bit rate (measured from its segments). Every path in it is relative."""
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for rendition, width, height in variants:
        playlist = f"{rendition.name}/index.m3u8"
        peak, average = _bandwidth(work / "hls" / playlist)
        codecs = f"{rendition.codecs},{AUDIO_CODEC}" if info.has_audio else rendition.codecs
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={peak},AVERAGE-BANDWIDTH={average},RESOLUTION={width}x{height},"
            f'FRAME-RATE={output_frame_rate(info):.3f},CODECS="{codecs}"'
        )
        lines.append(playlist)
    (work / "hls" / "master.m3u8").write_text("\n".join(lines) + "\n")


def _bandwidth(playlist: Path) -> tuple[int, int]:
    """(peak, average) bits per second over a media playlist's segments."""
    if not playlist.is_file():
        raise ProcessingFailed(_("ffmpeg made no %(name)s.") % {"name": playlist.name}, retry=True)
    segments, duration = [], None
    for line in playlist.read_text().splitlines():
        if line.startswith("#EXTINF:"):
            duration = float(line[len("#EXTINF:") :].split(",")[0])
        elif line and not line.startswith("#") and duration:
            segment = playlist.parent / line
            if "/" in line or not segment.is_file():
                raise ProcessingFailed(_("ffmpeg made no %(name)s.") % {"name": line}, retry=True)
            segments.append((segment.stat().st_size * 8, duration))
            duration = None
    if not segments:
        raise ProcessingFailed(_("ffmpeg made no %(name)s.") % {"name": playlist.name}, retry=True)
    peak = max(bits / seconds for bits, seconds in segments)
    average = sum(bits for bits, _s in segments) / sum(seconds for _b, seconds in segments)
    return round(peak), round(average)
