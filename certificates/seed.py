"""The demo's certificates: a signing key, a design with a signatory, the learner's
certificate for the course they finished, and one that staff revoked."""

import io
import math
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PillowImage
from PIL import ImageDraw

from certificates import issuing, keys
from certificates.models import Certificate, CertificateDesign, Signatory

DESIGN_NAME = "Cloocast – standard"
SIGNATORY = ("Karin Lund", "Verkställande direktör", "Chief Executive Officer")
REVOKED_REASON = "Utfärdat i misstag: kursen var inte genomförd när intyget skapades."


def ensure_signing_key() -> None:
    """The demo's key, made in var/ when no key is configured (never in production,
    where `check --deploy` insists that one is)."""
    path = Path(str(settings.CERTIFICATE_SIGNING_KEY_FILE))
    if settings.CERTIFICATE_SIGNING_KEY or path.exists():
        return
    keys.generate_key_file(path)
    keys.load_private_key.cache_clear()


def ensure_design() -> CertificateDesign:
    design = CertificateDesign.objects.filter(name=DESIGN_NAME).first()
    if design is None:
        design = CertificateDesign.objects.create(
            name=DESIGN_NAME,
            logo=_image("Cloocast logo", _logo_png()),
            footer_sv="Cloocast AB · Drottninggatan 1 · 111 51 Stockholm",
            footer_en="Cloocast AB · Drottninggatan 1 · 111 51 Stockholm, Sweden",
        )
        name, title_sv, title_en = SIGNATORY
        Signatory.objects.create(
            design=design,
            name=name,
            title_sv=title_sv,
            title_en=title_en,
            signature=_image(f"Signature {name}", _signature_png()),
        )
    return design


def seed_certificates(learner_email: str, revoked_for_email: str, staff_email: str) -> None:
    """Issue what the demo's completions earned (the seed ran without a worker), then
    revoke one certificate of `revoked_for_email`'s, as staff would."""
    from courses.models import CourseCompletion

    ensure_signing_key()
    User = get_user_model()
    for completion in CourseCompletion.objects.filter(
        user__email__in=[learner_email, revoked_for_email], certificates__isnull=True
    ):
        issuing.issue(completion.pk)
    revoked = Certificate.objects.filter(user__email=revoked_for_email, revoked_at__isnull=True).first()
    if revoked is not None:
        revoked.revoked_at = timezone.now()
        revoked.revoked_reason = REVOKED_REASON
        revoked.revoked_by = User.objects.filter(email=staff_email).first()
        revoked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])


def _image(title: str, png: bytes):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        file = ImageFile(io.BytesIO(png), name=f"{title.lower().replace(' ', '-')}.png")
        image = Image.objects.create(title=title, file=file, collection=root)
    return image


def _png(picture: PillowImage.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def _logo_png() -> bytes:
    picture = PillowImage.new("RGBA", (480, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((8, 8, 112, 112), fill="#1d3557")
    draw.polygon([(45, 35), (45, 85), (88, 60)], fill="#ffffff")
    draw.text((130, 30), "Cloocast", fill="#1d3557", font_size=56)
    return _png(picture)


def _signature_png() -> bytes:
    """A hand-written-looking stroke: a few loops drawn along a slope."""
    picture = PillowImage.new("RGBA", (480, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    points = [(20 + t * 4.4, 100 - t * 0.35 + 28 * math.sin(t / 6.5) * math.cos(t / 17)) for t in range(100)]
    draw.line(points, fill="#1b2a6b", width=5, joint="curve")
    draw.line([(60, 128), (420, 112)], fill="#1b2a6b", width=3)
    return _png(picture)
