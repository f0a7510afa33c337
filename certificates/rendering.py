"""Certificates as A4 landscape PDFs, laid out by WeasyPrint from a Django template.

The PDF is made from the certificate's snapshot each time it is asked for, in the
language asked for: the same facts, design and signatories whenever it is printed.
Images (logo, signatures) and the QR code are embedded as data: URLs, so the
renderer fetches nothing, and the template works as the editors' HTML preview too.
"""

import base64
import mimetypes

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from wagtail.images import get_image_model

import segno
from weasyprint import HTML

from certificates.credentials import issuer_name
from certificates.models import Certificate, CertificateDesign
from shop.companies.mail import absolute
from shop.invoicing.pdf import LocalFilesOnly, _font_config

DEFAULT_COLOURS = {"primary_colour": "#1d3557", "accent_colour": "#b08d2b"}


def verify_url(certificate: Certificate, language: str) -> str:
    with translation.override(language):
        return absolute(reverse("certificate-verify", kwargs={"code": certificate.code}))


def qr_data_url(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000000", light="#ffffff")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _image_data_url(image_id: int | None, images: dict) -> str | None:
    """The image as a data: URL, from a small rendition (a signature needs no megapixels)."""
    image = images.get(image_id)
    if image is None:
        return None
    try:
        rendition = image.get_rendition("max-600x240|format-png")
        with rendition.file.open("rb") as file:
            data = file.read()
    except (OSError, ValueError):
        return None  # a missing file leaves the place empty rather than the certificate unprinted
    kind = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    return f"data:{kind};base64," + base64.b64encode(data).decode()


def certificate_context(certificate: Certificate, language: str) -> dict:
    design = certificate.design_snapshot or {}
    ids = [design.get("logo")] + [s.get("signature") for s in design.get("signatories", [])]
    images = get_image_model().objects.in_bulk([i for i in ids if i])
    url = verify_url(certificate, language)
    return {
        "certificate": certificate,
        "course_title": certificate.course_title(language),
        "colours": {name: design.get(name) or value for name, value in DEFAULT_COLOURS.items()},
        "title": (design.get("title") or {}).get(language, ""),
        "statement": (design.get("statement") or {}).get(language, ""),
        "footer": (design.get("footer") or {}).get(language, ""),
        "logo": _image_data_url(design.get("logo"), images),
        "signatories": [
            {
                "name": s.get("name", ""),
                "title": (s.get("title") or {}).get(language, ""),
                "signature": _image_data_url(s.get("signature"), images),
            }
            for s in design.get("signatories", [])
        ],
        "verify_url": url,
        "qr": qr_data_url(url),
        "issuer": issuer_name(),
    }


def certificate_html(certificate: Certificate, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "certificates/pdf/certificate.html", certificate_context(certificate, language)
        )


def render_pdf(certificate: Certificate, language: str) -> bytes:
    html = certificate_html(certificate, language)
    return HTML(string=html, url_fetcher=LocalFilesOnly()).write_pdf(font_config=_font_config())


def pdf_filename(certificate: Certificate) -> str:
    title = slugify(certificate.course_title(certificate.language))[:60] or "course"
    return f"certificate-{title}-{certificate.code[:8].lower()}.pdf"


def sample_certificate(design: CertificateDesign) -> Certificate:
    """An unsaved certificate for the preview: the design as it stands, made-up facts."""
    from courses.models import Course

    today = timezone.localdate()
    return Certificate(
        code="SAMPLE00000000000000",
        learner_name="Anna Andersson",
        course=Course(code="sample"),
        course_titles={"sv": "Exempelkurs i dataskydd", "en": "Sample course in data protection"},
        course_version=today.isoformat(),
        company_name="Exempel AB",
        completed_on=today,
        design_snapshot=design.snapshot(),
        language="sv",
        status_index=0,
    )


def preview_response(request, design: CertificateDesign, language: str) -> HttpResponse:
    return HttpResponse(certificate_html(sample_certificate(design), language))
