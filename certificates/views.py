"""Certificates for their holders (My certificates), for anyone who checks one (the
verification page), and for machines (the issuer, its keys and the revocation list).

A holder's certificate is always looked up through the person asking; the public
pages answer by the verification code alone and show nothing more than it proves.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certificates import credentials, issuing
from certificates.models import Certificate, SigningKey, Status, normalise_code
from certificates.rendering import pdf_filename, render_pdf, verify_url
from home.caching import CERTIFICATES
from home.page_cache import public_page

JSON_LD = "application/ld+json"


def _own(request, pk: int) -> Certificate:
    """The person's own certificate, still valid or expired (a revoked one is not offered)."""
    return get_object_or_404(
        request.user.certificates.select_related("course"), pk=pk, revoked_at__isnull=True
    )


@login_required
def my_certificates(request):
    language = translation.get_language()
    current_name = issuing.learner_name(request.user)
    issuer = credentials.issuer_name()
    certificates = list(request.user.certificates.select_related("course").order_by("-issued_at"))
    rows = [
        {
            "certificate": certificate,
            "title": certificate.course_title(language),
            "verify_url": verify_url(certificate, language),
            "linkedin_url": linkedin_url(certificate, language, issuer),
            "name_changed": certificate.learner_name != current_name,
        }
        for certificate in certificates
        if certificate.revoked_at is None
    ]
    revoked = [c for c in certificates if c.revoked_at is not None]
    titles, pending = _waiting(request.user, language)
    waiting = [{"completion": c, "title": titles.get(c.course_id, c.course.code)} for c in pending]
    return render(
        request,
        "certificates/my_certificates.html",
        {
            "rows": rows,
            "revoked": revoked,
            "current_name": current_name,
            "waiting": waiting,
            "name_form": NameForm(instance=request.user) if waiting and not current_name else None,
        },
    )


def _waiting(user, language: str) -> tuple[dict, list]:
    """The completions waiting for a certificate, and their courses' titles in `language`
    (or in Swedish, for a course without a page in it)."""
    from courses.models import CoursePage

    pending = list(issuing.waiting_for_a_name(user))
    titles = {}
    pages = CoursePage.objects.filter(course__in=[c.course_id for c in pending])
    for course_id, page_language, title in pages.values_list("course_id", "locale__language_code", "title"):
        if page_language == language or course_id not in titles:
            titles[course_id] = title
    return titles, pending


class NameForm(forms.ModelForm):
    """The name a certificate carries: asked for when the account has none."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True

    def clean(self):
        cleaned = super().clean()
        for name in ("first_name", "last_name"):
            if name in cleaned:
                cleaned[name] = " ".join(cleaned[name].split())
                if not cleaned[name]:
                    self.add_error(name, _("This field is required."))
        return cleaned


@login_required
@require_POST
def set_name(request):
    """The learner gives the name for their certificates; those waiting for it are issued."""
    from certificates.tasks import issue_certificate

    form = NameForm(request.POST, instance=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("account-certificates")
    with transaction.atomic():
        form.save()
        for completion in issuing.waiting_for_a_name(request.user):
            transaction.on_commit(lambda pk=completion.pk: issue_certificate.delay(pk), robust=True)
    messages.success(request, _("Thank you. Your certificates are being issued and will be mailed to you."))
    return redirect("account-certificates")


@login_required
def download_pdf(request, pk: int):
    certificate = _own(request, pk)
    response = HttpResponse(
        render_pdf(certificate, translation.get_language()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(certificate)}"'
    return response


@login_required
def download_credential(request, pk: int):
    certificate = _own(request, pk)
    if certificate.credential is None:
        try:
            credentials.sign_certificate(certificate)
        except ImproperlyConfigured:
            messages.error(
                request, _("The signed credential cannot be made just now. Please try again later.")
            )
            return redirect("account-certificates")
    response = JsonResponse(certificate.credential, content_type=JSON_LD, json_dumps_params={"indent": 2})
    name = pdf_filename(certificate).removesuffix(".pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@login_required
@require_POST
def set_shared(request, pk: int):
    certificate = _own(request, pk)
    certificate.shared = request.POST.get("shared") == "1"
    certificate.save(update_fields=["shared"])
    if certificate.shared:
        messages.success(request, _("Your certificate now has a public page you can share."))
    else:
        messages.success(request, _("The public page of your certificate is closed."))
    return redirect("account-certificates")


@login_required
@require_POST
def request_reissue(request, pk: int):
    # Revoked ones too: a second click on the button finds the certificate already replaced.
    certificate = get_object_or_404(request.user.certificates, pk=pk)
    if certificate.learner_name == issuing.learner_name(request.user) and not certificate.revoked_at:
        messages.info(request, _("The certificate already carries your name as it is in your profile."))
        return redirect("account-certificates")
    try:
        issuing.reissue(certificate)
    except ValueError:  # replaced a moment ago, or the profile has no name
        messages.error(request, _("This certificate cannot be reissued. Check the name in your profile."))
    else:
        messages.success(
            request,
            _("A new certificate with your current name is issued; the old one now shows as replaced."),
        )
    return redirect("account-certificates")


def linkedin_url(certificate: Certificate, language: str, issuer: str) -> str:
    """LinkedIn's "add to profile" form, pre-filled: a plain link, no script of theirs."""
    issued = timezone.localtime(certificate.issued_at)
    fields = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title(language),
        "organizationName": issuer,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": verify_url(certificate, language),
        "certId": certificate.display_code,
    }
    if certificate.expires_on:
        fields |= {
            "expirationYear": certificate.expires_on.year,
            "expirationMonth": certificate.expires_on.month,
        }
    return "https://www.linkedin.com/profile/add?" + urlencode(fields)


def _by_code(code: str) -> Certificate:
    normalised = normalise_code(code)
    if normalised is None:
        raise Http404
    return get_object_or_404(Certificate.objects.select_related("course"), code=normalised)


def verify_form(request):
    """Where a code read from paper is typed in."""
    code = request.GET.get("code", "").strip()
    error = None
    if code:
        normalised = normalise_code(code)
        if normalised and Certificate.objects.filter(code=normalised).exists():
            return redirect("certificate-verify", code=normalised)
        error = _("No certificate has this code. Check it against the certificate and try again.")
    return render(request, "certificates/verify_form.html", {"code": code[:60], "error": error})


@public_page(versions=(CERTIFICATES,), timeout=60)
def verify(request, code: str):
    certificate = _by_code(code)
    language = translation.get_language()
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "title": certificate.course_title(language),
            "status": certificate.status,
            "Status": Status,
            "issuer": credentials.issuer_name(),
            # Never a link to the new certificate: that would tie the old name to the new one.
            "replaced": certificate.revoked_at is not None
            and Certificate.objects.filter(reissue_of=certificate).exists(),
        },
    )


def shared_page(request, code: str):
    """The page a learner chose to share: the certificate itself, while it is valid."""
    certificate = _by_code(code)
    if not certificate.shared or certificate.revoked_at or certificate.anonymised_at:
        raise Http404
    language = translation.get_language()
    return render(
        request,
        "certificates/shared.html",
        {
            "certificate": certificate,
            "title": certificate.course_title(language),
            "status": certificate.status,
            "Status": Status,
            "issuer": credentials.issuer_name(),
            "verify_url": verify_url(certificate, language),
        },
    )


def _json_ld(document: dict) -> JsonResponse:
    response = JsonResponse(document, content_type=JSON_LD, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in browsers read them too
    return response


def issuer(request):
    return _json_ld(credentials.issuer_profile())


def key(request, multibase: str):
    key = SigningKey.objects.filter(public_key_multibase=multibase).first()
    if key is None:
        return JsonResponse({"error": "No such key."}, status=404)
    if key.withdrawn_at:
        return JsonResponse(
            {"error": "This key was withdrawn: nothing it signed is to be trusted."}, status=410
        )
    return _json_ld(credentials.key_document(multibase))


def status_list(request, number: int):
    if number != credentials.STATUS_LIST:
        return JsonResponse({"error": "No such status list."}, status=404)
    try:
        document = credentials.status_list_credential(number)
    except ImproperlyConfigured:
        return JsonResponse({"error": "The status list cannot be signed just now."}, status=503)
    response = _json_ld(document)
    response["Cache-Control"] = "public, max-age=300"  # a revocation shows within five minutes
    return response
