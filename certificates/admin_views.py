"""Staff's certificate pages in the Wagtail admin: find an issued certificate, revoke it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.models import Certificate, normalise_code
from home.caching import CERTIFICATES, changed


def may_manage(user) -> bool:
    return user.is_active and user.has_perm("certificates.change_certificate")


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is revoked"),
        max_length=300,
        help_text=gettext_lazy(
            "Kept with the certificate; the learner sees it, the public page shows only the date."
        ),
    )


def certificate_list(request):
    if not may_manage(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    certificates = Certificate.objects.select_related("course").order_by("-issued_at")
    if query:
        code = normalise_code(query)
        match = (
            Q(learner_name__icontains=query) | Q(course__code__icontains=query) | Q(user__email__iexact=query)
        )
        certificates = certificates.filter(match | Q(code=code) if code else match)
    page = Paginator(certificates, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "certificates/admin/list.html", {"page": page, "query": query})


def certificate_detail(request, pk: int):
    if not may_manage(request.user):
        raise PermissionDenied
    certificate = get_object_or_404(Certificate.objects.select_related("course", "user", "revoked_by"), pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and certificate.revoked_at is None and form.is_valid():
        with transaction.atomic():
            revoked = Certificate.objects.filter(pk=pk, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_reason=form.cleaned_data["reason"], revoked_by=request.user
            )
            if revoked:
                changed(CERTIFICATES)  # its cached verification page (home/page_cache.py)
        if revoked:
            messages.success(
                request,
                _("The certificate is revoked. Its verification page and the revocation list say so now."),
            )
        return redirect("certificates_admin_detail", pk=pk)
    return TemplateResponse(
        request, "certificates/admin/detail.html", {"certificate": certificate, "form": form}
    )
