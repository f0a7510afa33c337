"""Media for the demo catalogue, made at seed time (nothing large is committed)."""

import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from PIL import Image, ImageDraw, ImageFont

FONT_PATHS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"]


def _font(size: int):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def cover_image(title: str, colour: tuple[int, int, int], name: str) -> ImageFile:
    """A 1200×675 cover: a two-tone background and the course's title."""
    image = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(image)
    darker = tuple(max(0, c - 60) for c in colour)
    draw.polygon([(700, 0), (1200, 0), (1200, 675), (420, 675)], fill=darker)
    words, lines, line = title.split(), [], ""
    for word in words:
        if len(line) + len(word) > 22:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    font = _font(64)
    for i, text in enumerate(lines[:4]):
        draw.text((70, 200 + i * 84), text, font=font, fill=(255, 255, 255))
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ImageFile(BytesIO(buffer.getvalue()), name=name)


def demo_video(label: str, seconds: int = 4) -> ContentFile:
    """A short H.264 MP4 with a test pattern and a tone, made by ffmpeg."""
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
