"""Media for the demo catalogue, made at seed time (nothing large is committed).

Lesson videos are narrated slides: Pillow draws the lesson's title and points, espeak-ng
speaks one sentence per slide, and the captions are written from the same sentences with
the measured length of each spoken one, so that speech and captions match. Videos are
cached on disk by their script, so only the first seed on a machine makes them.
"""

import hashlib
import json
import os
import subprocess
import tempfile
import wave
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from PIL import Image, ImageDraw, ImageFont

# Bump when the drawing or the encoding changes; the settings below are part of every
# cache key already, so changing one of them makes the videos again by itself.
MEDIA_VERSION = 1
SIZE = (640, 360)  # processing makes 360p of it (no 720p from a smaller source)
FRAME_RATE = 4  # slides change every few seconds; a low rate keeps encoding (and processing) cheap
FONTS = Path("/usr/share/fonts/truetype/dejavu")
VOICES = {"sv": "sv", "en": "en-gb"}
WORDS_PER_MINUTE = 170
LEAD_IN, PAUSE, TAIL = 0.5, 0.4, 1.0  # seconds of silence before, between and after sentences
TRAILER_SECONDS = 5
RENDERING = [MEDIA_VERSION, SIZE, FRAME_RATE, VOICES, WORDS_PER_MINUTE, LEAD_IN, PAUSE, TAIL]


def cache_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "demo-media-cache"


def _cache_key(spec: dict) -> str:
    return hashlib.sha256(json.dumps({"rendering": RENDERING, **spec}, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class LessonScript:
    """What a lesson video shows and says. `sentences` holds, per caption language, the
    spoken intro and then one sentence per point; the video speaks `language`'s."""

    language: str
    course_title: str
    title: str
    sentences: dict[str, tuple[str, ...]]
    colour: tuple[int, int, int]

    @property
    def points(self) -> tuple[str, ...]:
        return self.sentences[self.language][1:]

    def key(self) -> str:
        # The other languages' sentences are captions only: not part of the video.
        return _cache_key({**asdict(self), "sentences": self.sentences[self.language]})


@dataclass(frozen=True)
class LessonMedia:
    video: Path  # an H.264/AAC MP4 with +faststart, in the cache
    captions: dict[str, str]  # language -> WebVTT


def lesson_media(script: LessonScript) -> LessonMedia:
    """The lesson's narrated video and its caption tracks, from the cache or made now."""
    video, timings_file = cache_dir() / f"{script.key()}.mp4", cache_dir() / f"{script.key()}.json"
    if not (video.exists() and timings_file.exists()):
        with tempfile.TemporaryDirectory() as tmp:
            timings = _render_lesson(script, Path(tmp))
            _store(video, (Path(tmp) / "video.mp4").read_bytes())
            _store(timings_file, json.dumps(timings).encode())
    timings = [tuple(cue) for cue in json.loads(timings_file.read_text())]
    captions = {
        language: webvtt(list(zip(timings, sentences, strict=True)))
        for language, sentences in script.sentences.items()
    }
    return LessonMedia(video, captions)


def title_video(title: str, subtitle: str, colour: tuple[int, int, int]) -> Path:
    """A short silent title slide (a trailer), from the cache or made now."""
    spec = {"title": title, "subtitle": subtitle, "colour": colour, "seconds": TRAILER_SECONDS}
    path = cache_dir() / f"{_cache_key(spec)}.mp4"
    if not path.exists():
        with tempfile.TemporaryDirectory() as tmp:
            slide = Path(tmp) / "slide.png"
            _title_slide(title, subtitle, colour).save(slide)
            out = Path(tmp) / "video.mp4"
            _ffmpeg(
                ["-loop", "1", "-framerate", str(FRAME_RATE), "-i", str(slide),
                 "-f", "lavfi", "-i", "anullsrc=channel_layout=mono:sample_rate=22050",
                 "-t", str(TRAILER_SECONDS)],
                out,
            )  # fmt: skip
            _store(path, out.read_bytes())
    return path


def webvtt(cues: list[tuple[tuple[float, float], str]]) -> str:
    lines = ["WEBVTT", ""]
    for number, ((start, end), text) in enumerate(cues, start=1):
        lines += [str(number), f"{_timestamp(start)} --> {_timestamp(end)}", text, ""]
    return "\n".join(lines)


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def _render_lesson(script: LessonScript, tmp: Path) -> list[tuple[float, float]]:
    """Speak each sentence, time the cues from the spoken lengths, draw a slide per
    sentence and encode the lot; returns the cues' (start, end)."""
    speak = ["espeak-ng", "-v", VOICES[script.language], "-s", str(WORDS_PER_MINUTE)]
    spoken = []
    for i, sentence in enumerate(script.sentences[script.language]):
        wav = tmp / f"sentence-{i}.wav"
        subprocess.run([*speak, "-w", str(wav), sentence], check=True, capture_output=True)
        spoken.append(wav)
    timings, slides, start = [], [], LEAD_IN
    with wave.open(str(tmp / "narration.wav"), "wb") as narration:
        for i, wav in enumerate(spoken):
            with wave.open(str(wav), "rb") as part:
                if i == 0:
                    narration.setparams(part.getparams())
                    rate, silence = part.getframerate(), b"\0" * part.getsampwidth()
                    narration.writeframes(silence * round(LEAD_IN * rate))
                frames = part.readframes(part.getnframes())
                length = part.getnframes() / rate
            narration.writeframes(frames)
            pause = TAIL if i == len(spoken) - 1 else PAUSE
            narration.writeframes(silence * round(pause * rate))
            timings.append((round(start, 3), round(start + length, 3)))
            slide = tmp / f"slide-{i}.png"
            _lesson_slide(script, shown=i).save(slide)
            slides.append((slide, length + pause + (LEAD_IN if i == 0 else 0)))
            start += length + pause
    # The concat demuxer shows each image for its duration; the last is listed twice, as
    # it wants, or its duration is lost.
    listing = ["ffconcat version 1.0"]
    for slide, seconds in slides:
        listing += [f"file '{slide.name}'", f"duration {seconds:.3f}"]
    listing.append(f"file '{slides[-1][0].name}'")
    (tmp / "slides.txt").write_text("\n".join(listing) + "\n")
    _ffmpeg(
        ["-f", "concat", "-i", str(tmp / "slides.txt"), "-i", str(tmp / "narration.wav"),
         "-t", f"{start:.3f}"],
        tmp / "video.mp4",
    )  # fmt: skip
    return timings


def _ffmpeg(inputs: list[str], out: Path) -> None:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", *inputs,
         "-r", str(FRAME_RATE), "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage",
         "-crf", "28", "-pix_fmt", "yuv420p", "-threads", "1",
         "-c:a", "aac", "-aac_coder", "fast", "-b:a", "64k", "-ac", "1",
         "-movflags", "+faststart", str(out)],
        check=True,
        capture_output=True,
    )  # fmt: skip


def _store(path: Path, data: bytes) -> None:
    """Write whole or not at all: an interrupted seed leaves no half video in the cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(partial, path)


def _px(length: float) -> int:
    """A length of the 960×540 design, at the size the slides are drawn."""
    return round(length * SIZE[1] / 540)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), _px(size))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def _title_slide(title: str, subtitle: str, colour) -> Image.Image:
    image = Image.new("RGB", SIZE, colour)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    font = _font(52, bold=True)
    lines = _wrap(draw, title, font, width - _px(160))
    y = height // 2 - _px(40) * len(lines)
    for line in lines:
        draw.text((_px(80), y), line, font=font, fill="white")
        y += _px(66)
    draw.line([(_px(80), y + _px(16)), (_px(240), y + _px(16))], fill="white", width=_px(4))
    draw.text((_px(80), y + _px(40)), subtitle, font=_font(28), fill=(230, 230, 230))
    return image


def _lesson_slide(script: LessonScript, shown: int) -> Image.Image:
    """Slide 0 is the title; slide n lists points 1..n, the newest one highlighted."""
    if shown == 0:
        return _title_slide(script.title, script.course_title, script.colour)
    image = Image.new("RGB", SIZE, (250, 250, 247))
    draw = ImageDraw.Draw(image)
    width, _height = SIZE
    draw.rectangle([(0, 0), (width, _px(96))], fill=script.colour)
    draw.text((_px(48), _px(14)), script.course_title, font=_font(21), fill=(230, 230, 230))
    draw.text((_px(48), _px(44)), script.title, font=_font(32, bold=True), fill="white")
    y = _px(136)
    for n, point in enumerate(script.points[:shown], start=1):
        current = n == shown
        colour = script.colour if current else (105, 105, 105)
        font = _font(31, bold=current)
        draw.ellipse([(_px(50), y + _px(11)), (_px(66), y + _px(27))], fill=colour)
        for line in _wrap(draw, point, font, width - _px(140)):
            draw.text((_px(92), y), line, font=font, fill=(25, 25, 25) if current else colour)
            y += _px(43)
        y += _px(28)
    return image


def cover_image(seed: str, colour: tuple[int, int, int], name: str) -> ImageFile:
    """A 1200×675 decorative cover in the seller's colour. No text: the same image serves
    every language, and the page shows the title itself (so the image's alt is empty)."""
    image = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(image)
    darker = tuple(max(0, c - 60) for c in colour)
    lighter = tuple(min(255, c + 50) for c in colour)
    shift = sum(seed.encode()) % 400
    draw.polygon([(500 + shift, 0), (1200, 0), (1200, 675), (250 + shift, 675)], fill=darker)
    for i in range(4):
        r = 60 + 40 * i
        draw.ellipse([(150 + shift - r, 340 - r), (150 + shift + r, 340 + r)], outline=lighter, width=6)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ImageFile(BytesIO(buffer.getvalue()), name=name)


def demo_video(label: str, seconds: int = 4) -> ContentFile:
    """A short H.264 MP4 with a test pattern and a tone, made by ffmpeg (for tests)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "video.mp4"
        subprocess.run(
            [
                "ffmpeg", "-v", "error", "-y",
                "-f", "lavfi", "-i", f"testsrc2=duration={seconds}:size=640x360:rate=25",
                "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart",
                str(out),
            ],
            check=True,
        )  # fmt: skip
        return ContentFile(out.read_bytes(), name=f"{label}.mp4")


def checklist_pdf(title: str, items: list[str]) -> bytes:
    """A one-page checklist PDF, rendered locally (WeasyPrint, system fonts)."""
    from django.utils.html import escape

    from weasyprint import HTML

    rows = "".join(f"<li>☐ {escape(item)}</li>" for item in items)
    html = (
        "<html lang='sv'><head><style>html{font-family:'DejaVu Sans',sans-serif}"
        "li{list-style:none;margin:0.6em 0}</style></head>"
        f"<body><h1>{escape(title)}</h1><ul>{rows}</ul></body></html>"
    )
    return HTML(string=html).write_pdf()
