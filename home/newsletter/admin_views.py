"""The editors' side of the news, in the Wagtail admin: "Send to subscribers" on a live news
page leads to a confirmation with the number of recipients; each send's page shows its
progress. Everything here needs `home.send_news` (the "News senders" role)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from home.models import NewsPage, NewsSend
from home.newsletter import sending

SEND = "home.send_news"


def can_send(user) -> bool:
    return user.is_active and user.has_perm(SEND)


def _require(request):
    if not can_send(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def confirm_send(request, page_id: int):
    _require(request)
    page = get_object_or_404(NewsPage, pk=page_id)
    sent = NewsSend.objects.filter(translation_key=page.translation_key).first()
    if sent is not None:
        messages.info(request, _("This news item has been sent to the subscribers already."))
        return redirect("news_send", pk=sent.pk)
    audience = sending.audience(page)
    count = sum(row["count"] for row in audience)
    sendable = sending.is_sendable(page)
    if request.method == "POST" and sendable and count:
        send, _created = sending.start_send(page, by=request.user)
        messages.success(request, _("The news is on its way to the subscribers."))
        return redirect("news_send", pk=send.pk)
    return TemplateResponse(
        request,
        "newsletter/admin/confirm_send.html",
        {"page": page, "audience": audience, "count": count, "sendable": sendable},
        status=400 if request.method == "POST" or not sendable else 200,
    )


def send_list(request):
    _require(request)
    page = Paginator(NewsSend.objects.select_related("requested_by"), 50).get_page(request.GET.get("p"))
    for send in page.object_list:
        send.progress = sending.progress(send)
    return TemplateResponse(request, "newsletter/admin/sends.html", {"page": page})


@require_http_methods(["GET", "POST"])
def send_detail(request, pk: int):
    _require(request)
    send = get_object_or_404(NewsSend.objects.select_related("requested_by", "page"), pk=pk)
    if request.method == "POST":
        if sending.resume(send):
            messages.success(request, _("Sending goes on where it stopped. Nobody gets the news twice."))
        return redirect("news_send", pk=send.pk)
    return TemplateResponse(
        request, "newsletter/admin/send.html", {"send": send, "progress": sending.progress(send)}
    )
