"""The privacy centre in the account area: what we hold about the person, and their copy
of it. Everything is looked up through the person asking."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gdpr.models import DataExport
from gdpr.portability import request_export
from gdpr.registry import Category, LawfulBasis, Purpose, registry
from gdpr.subjects import Subject, rows_for

# Where a person complains about us: the Swedish Authority for Privacy Protection.
IMY_URL = "https://www.imy.se/privatperson/utfora-arenden/lamna-ett-klagomal/"


def held_about(user) -> list[dict]:
    """Per category of data actually held about `user`: why, on which basis, for how long.

    One query per declaration that can find the person, however much they have done."""
    subject = Subject.for_user(user)
    found = defaultdict(set)
    for declaration in registry.declarations.values():
        if not declaration.personal or not (declaration.person_paths or declaration.email):
            continue
        if not rows_for(declaration, subject).exists():
            continue
        for category in declaration.categories:
            found[category].add(
                (
                    Purpose(declaration.purpose).label,
                    LawfulBasis(declaration.basis).label,
                    declaration.retention.describe(),
                )
            )
    return [
        {
            "category": Category(category).label,
            "uses": [
                {"purpose": purpose, "basis": basis, "retention": retention}
                for purpose, basis, retention in sorted(found[category], key=lambda use: str(use[0]))
            ],
        }
        for category in Category.values
        if category in found
    ]


@login_required
def privacy_centre(request):
    from home.models import CompanySettings

    company = CompanySettings.for_request(request)
    policy = company.privacy_policy_page.localized if company.privacy_policy_page else None
    return render(
        request,
        "gdpr/privacy_centre.html",
        {
            "held": held_about(request.user),
            "export": request.user.data_exports.first(),
            "download_days": DataExport.DOWNLOAD_DAYS,
            "policy": policy,
            "imy_url": IMY_URL,
        },
    )


@login_required
@require_POST
def ask_for_export(request):
    already = request.user.data_exports.filter(
        status__in=[DataExport.Status.PENDING, DataExport.Status.BUILDING]
    ).exists()
    request_export(request.user)
    if already:
        messages.info(request, _("Your copy is already being prepared."))
    else:
        messages.success(request, _("Your copy is being prepared. It usually takes less than a minute."))
    return redirect("account-privacy")


@login_required
def export_status(request, pk: int):
    """For the page's progress indicator: JSON, the person's own export only."""
    export = get_object_or_404(request.user.data_exports, pk=pk)
    return JsonResponse({"status": export.status, "ready": export.downloadable})


@login_required
def download_export(request, pk: int):
    export = get_object_or_404(request.user.data_exports, pk=pk)
    if not export.downloadable:
        messages.error(request, _("This copy is no longer available. Ask for a new one."))
        return redirect("account-privacy")
    name = _("my-data-%(date)s.zip") % {"date": f"{export.finished_at:%Y-%m-%d}"}
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=name, content_type="application/zip"
    )
