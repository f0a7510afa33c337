"""Media for the demo catalogue, made at seed time (nothing large is committed)."""

import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from PIL import Image, ImageDraw


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
