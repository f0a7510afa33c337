"""The staff's side of contact cases, in the Wagtail admin: the list (open cases first) and
a case's page, where staff reply by e-mail, write internal notes, assign the case and change
its status. Everyone here needs `home.handle_contactcase`; closed cases kept as history are
shown only to those who also have `home.view_closed_contact_history`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.contact import cases
from home.contact.forms import CaseForm, ReplyForm
from home.models import ContactCase

Status = ContactCase.Status
ACTIVE = "active"  # new, open and waiting: what is not closed
ALL = "all"


def _require(request):
    if not cases.can_handle(request.user):
        raise PermissionDenied


def case_list(request):
    _require(request)
    show = request.GET.get("status", ACTIVE)
    if show not in (ACTIVE, ALL, *Status.values):
        show = ACTIVE
    mine = request.GET.get("mine") == "1"
    found = ContactCase.objects.visible_to(request.user).select_related("assigned_to")
    if show == ACTIVE:
        found = found.exclude(status=Status.CLOSED)
    elif show != ALL:
        found = found.filter(status=show)
    if mine:
        found = found.filter(assigned_to=request.user)
    page = Paginator(found.open_first(), 50).get_page(request.GET.get("p"))
    filters = [(ACTIVE, _("Not closed")), *Status.choices, (ALL, _("All"))]
    return TemplateResponse(
        request,
        "contact/admin/cases.html",
        {
            "page": page,
            "show": show,
            "mine": mine,
            "filters": filters,
            "sees_history": request.user.has_perm(cases.VIEW_HISTORY),
        },
    )


def case_detail(request, pk: int):
    _require(request)
    visible = ContactCase.objects.visible_to(request.user).select_related("user", "assigned_to")
    case = get_object_or_404(visible, pk=pk)
    handlers = cases.handlers()
    reply_form = ReplyForm()
    case_form = CaseForm(initial={"status": case.status, "assigned_to": case.assigned_to}, handlers=handlers)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("reply", "note"):
            reply_form = ReplyForm(request.POST)
            if reply_form.is_valid():
                body = reply_form.cleaned_data["body"]
                if action == "reply":
                    cases.reply(case, body, by=request.user)
                    messages.success(
                        request, _("The reply is on its way to %(email)s.") % {"email": case.email}
                    )
                else:
                    cases.add_note(case, body, by=request.user)
                    messages.success(request, _("The note is saved. It is not mailed to anyone."))
                return redirect("contact_case", pk=case.pk)
        elif action == "update":
            case_form = CaseForm(request.POST, handlers=handlers)
            if case_form.is_valid():
                data = case_form.cleaned_data
                if cases.update(case, status=data["status"], assigned_to=data["assigned_to"]):
                    messages.success(request, _("The case is updated."))
                return redirect("contact_case", pk=case.pk)
        else:
            messages.error(request, _("Choose an action."))
            return redirect("contact_case", pk=case.pk)
    return TemplateResponse(
        request,
        "contact/admin/case.html",
        {
            "case": case,
            "thread": case.messages.select_related("author"),
            "reply_form": reply_form,
            "case_form": case_form,
            "is_history": ContactCase.objects.history().filter(pk=case.pk).exists(),
        },
        status=400 if reply_form.errors or case_form.errors else 200,
    )
