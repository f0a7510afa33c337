"""Reports → Statistics in Wagtail's admin: views per day as a chart and a table, the most
seen course pages and the searches that found nothing (gdpr/statistics.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gdpr import statistics

VIEW_STATISTICS = "gdpr.view_statistics"


def can_see_statistics(user) -> bool:
    return user.is_active and user.has_perm(VIEW_STATISTICS)


def report_view(request):
    if not can_see_statistics(request.user):
        raise PermissionDenied
    days = statistics.period_from(request.GET.get("days") or request.POST.get("days"))
    if request.method == "POST":
        # Whoever sees a term that names someone may remove it: it only ever takes data away.
        if statistics.forget_term(request.POST.get("term", "")):
            messages.success(request, _("The search term is removed from the statistics."))
        return redirect(f"{reverse('gdpr_statistics')}?days={days}")
    report = statistics.report(days, (get_language() or "")[:2])
    return TemplateResponse(
        request,
        "gdpr/admin/statistics.html",
        {
            "report": report,
            "chart": statistics.bar_chart(report),
            "days": days,
            "periods": statistics.PERIODS,
        },
    )
