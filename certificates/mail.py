"""The learner's mail with their certificate: the PDF attached, in the certificate's language."""

from django.urls import reverse
from django.utils import translation

from shop.companies import mail

from .models import Certificate
from .rendering import pdf_filename, render_pdf


def send_certificate(certificate: Certificate) -> None:
    language = certificate.language
    with translation.override(language):
        context = {
            "certificate": certificate,
            "course_title": certificate.course_title(language),
            "certificates_url": mail.absolute(reverse("account-certificates")),
            "verify_url": mail.absolute(reverse("certificate-verify", kwargs={"code": certificate.code})),
        }
        attachment = (pdf_filename(certificate), render_pdf(certificate, language), "application/pdf")
    mail.send(
        "certificate",
        context,
        [certificate.user.email],
        language,
        directory="certificates/email",
        attachments=(attachment,),
    )
