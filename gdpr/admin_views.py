"""The staff's side of privacy, in the Wagtail admin: the request queue and its dashboard,
requests entered for a mail, a call or a letter, customer lookup with legal holds, and
the audit log. Everyone here needs the data-protection permission; the audit log its own.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gdpr import cases
from gdpr.models import LegalHold, PrivacyEvent, PrivacyRequest

HANDLE = "gdpr.handle_privacyrequest"
AUDIT = "gdpr.view_privacyevent"


def can_handle(user) -> bool:
    return user.is_active and user.has_perm(HANDLE)


def can_audit(user) -> bool:
    return user.is_active and user.has_perm(AUDIT)


def _number(value: str) -> int | None:
    """A typed record number, or None: never an error for odd digits or a huge number."""
    return int(value) if value.isascii() and value.isdecimal() and len(value) <= 18 else None


def _require(request, check=can_handle):
    if not check(request.user):
        raise PermissionDenied


# --- The queue and its dashboard ---


def queue(request):
    _require(request)
    show = request.GET.get("show", "open")
    requests = PrivacyRequest.objects.select_related("user")
    if show == "closed":
        requests = requests.exclude(status__in=PrivacyRequest.OPEN).order_by("-closed_at")
    else:
        show = "open"
        requests = requests.filter(status__in=PrivacyRequest.OPEN).order_by("due_on", "received_at")
    page = Paginator(requests, 50).get_page(request.GET.get("p"))
    today = timezone.localdate()
    open_requests = PrivacyRequest.objects.filter(status__in=PrivacyRequest.OPEN)
    overdue = sum(1 for r in open_requests.only("due_on", "extended_to") if r.deadline < today)
    return TemplateResponse(
        request,
        "gdpr/admin/queue.html",
        {
            "page": page,
            "show": show,
            "today": today,
            "open_count": open_requests.count(),
            "overdue_count": overdue,
            "months": cases.dashboard_counts(),
        },
    )


class NewRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the person asks for"), choices=PrivacyRequest.Kind.choices
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Received by"),
        choices=[c for c in PrivacyRequest.Channel.choices if c[0] != PrivacyRequest.Channel.WEB],
    )
    email = forms.EmailField(label=gettext_lazy("The person's e-mail address"), max_length=254)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    details = forms.CharField(
        label=gettext_lazy("What the person asks, in their words"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    send_confirmation = forms.BooleanField(
        label=gettext_lazy("Mail a link to the address for the person to confirm the request"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES


def new_request(request):
    """A request that came by mail, phone or letter: entered here, then handled like the rest."""
    _require(request)
    initial = {"language": request.LANGUAGE_CODE[:2]}
    account = None
    if _number(request.GET.get("account", "")) is not None:
        account = get_user_model().objects.filter(pk=_number(request.GET["account"])).first()
        if account is not None:
            initial.update(email=account.email, name=account.get_full_name())
    form = NewRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The account the address belongs to, if exactly one: its data is what the request is about.
        matches = list(get_user_model().objects.filter(email__iexact=data["email"])[:2])
        user = matches[0] if len(matches) == 1 else None
        with transaction.atomic():
            case = cases.open_request(
                data["kind"],
                user=user,
                email=user.email if user else data["email"],
                name=data["name"],
                language=data["language"],
                channel=data["channel"],
                entered_by=request.user,
                details=data["details"],
            )
            if data["send_confirmation"] and case.identity == PrivacyRequest.Identity.PENDING:
                cases.send_confirmation(case, by=request.user)
        if getattr(case, "joined", False):
            messages.warning(
                request,
                _("The person has an open request of this kind: this one joined it, with its words."),
            )
        else:
            messages.success(request, _("The request is in the queue."))
        return redirect("gdpr_request", pk=case.pk)
    return TemplateResponse(request, "gdpr/admin/new_request.html", {"form": form, "account": account})


# What `cases.carry_out` does by itself; the rest staff do by hand, then close.
AUTOMATIC = (
    cases.Kind.ERASURE,
    cases.Kind.EXTRACT,
    cases.Kind.PORTABILITY,
    cases.Kind.RESTRICTION,
    cases.Kind.MARKETING_OBJECTION,
)


ACTIONS = (
    "send_confirmation",
    "verify",
    "carry_out",
    "extend",
    "retry",
    "done",
    "done_retained",
    "reject",
    "cancel",
)


def request_detail(request, pk: int):
    _require(request)
    case = get_object_or_404(PrivacyRequest.objects.select_related("user", "entered_by"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        note = request.POST.get("note", "").strip()[:4000]
        try:
            with transaction.atomic():
                said = _act(case, action, note, request.user)
        except cases.CaseError as error:
            messages.error(request, str(error))
        else:
            if said:
                messages.success(request, said)
        return redirect("gdpr_request", pk=case.pk)
    return TemplateResponse(
        request,
        "gdpr/admin/request.html",
        {
            "case": case,
            "steps": case.steps.select_related("actor").order_by("at", "pk"),
            "automatic": case.kind in AUTOMATIC,
            "downloads": case.kind in (cases.Kind.EXTRACT, cases.Kind.PORTABILITY)
            and case.identity != PrivacyRequest.Identity.PENDING
            and case.is_open,
        },
    )


def _act(case: PrivacyRequest, action: str, note: str, by) -> str:
    if action not in ACTIONS:
        raise cases.CaseError(_("Choose an action."))
    if action == "send_confirmation":
        if case.identity != PrivacyRequest.Identity.PENDING or not case.is_open:
            raise cases.CaseError(_("The identity is checked already."))
        cases.send_confirmation(case, by=by)
        return _("A confirmation link is on its way to %(email)s.") % {"email": case.email}
    if action == "verify":
        if not note:
            raise cases.CaseError(
                _("Say how you checked who asks (for example: called back on the number we have).")
            )
        cases.verify(case, PrivacyRequest.Identity.STAFF, by=by, note=note[:300])
        return _("The identity is verified.")
    if action == "carry_out":
        return cases.carry_out(case, by=by)
    if action == "extend":
        cases.extend(case, note, by=by)
        return _("The deadline is extended; the person is told why.")
    if action == "retry":
        return cases.retry(case, by=by)
    status = {
        "done": cases.Status.DONE,
        "done_retained": cases.Status.DONE_RETAINED,
        "reject": cases.Status.REJECTED,
        "cancel": cases.Status.CANCELLED,
    }[action]
    if status == cases.Status.DONE_RETAINED and not note:
        raise cases.CaseError(_("Say what was kept and why: the person is told."))
    if not cases.close(case, status, by=by, outcome=note):
        raise cases.CaseError(_("The request is closed."))
    return _("The request is closed; the person is told.")


def request_download(request, pk: int, what: str):
    """For a person without an account: staff send the extract or the copy themselves."""
    from gdpr.export import export_subject
    from gdpr.extract import render_pdf

    _require(request)
    case = get_object_or_404(PrivacyRequest, pk=pk)
    if case.identity == PrivacyRequest.Identity.PENDING or not case.is_open:
        raise Http404
    subject = cases.subject_for(case)
    stamp = timezone.localdate().isoformat()
    if what == "extract" and case.kind == cases.Kind.EXTRACT:
        cases.record(
            cases.Action.EXTRACT_GRANTED, request=case, actor=request.user, note="downloaded by staff"
        )
        response = HttpResponse(
            render_pdf(subject, granted_at=timezone.now()), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="register-extract-{case.pk}-{stamp}.pdf"'
        return response
    if what == "copy" and case.kind == cases.Kind.PORTABILITY:
        cases.record(cases.Action.EXPORT_READY, request=case, actor=request.user, note="downloaded by staff")
        with tempfile.TemporaryDirectory() as directory:
            path = export_subject(subject, Path(directory) / "copy.zip")
            # Open, then let the directory go: nothing of the person stays on disk.
            opened = path.open("rb")
        return FileResponse(opened, as_attachment=True, filename=f"data-{case.pk}-{stamp}.zip")
    raise Http404


# --- Customer lookup, with the person's holds ---


def customers(request):
    """Find a person by e-mail, name, organisation number or order number."""
    _require(request)
    query = request.GET.get("q", "").strip()[:100]
    people, guests = _find(query) if query else ([], [])
    return TemplateResponse(
        request, "gdpr/admin/customers.html", {"query": query, "people": people, "guests": guests}
    )


def _find(query: str):
    from oscar.core.loading import get_model

    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.se import orgnr

    Order = get_model("order", "Order")
    users = get_user_model().objects.all()
    condition = Q(email__icontains=query)
    words = query.split()
    if words and "@" not in query:
        name = Q()
        for word in words:
            name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        condition |= name
    try:
        number = orgnr.format(orgnr.validate(query))
    except (StdnumError, ValueError):
        number = None
    if number:
        condition |= Q(company_memberships__company__organisation_number=number)
    orders = Order.objects.filter(number=query)
    condition |= Q(pk__in=orders.filter(user__isnull=False).values("user_id"))
    people = list(users.filter(condition).distinct().order_by("last_name", "first_name", "pk")[:50])
    guests = sorted(
        set(
            Order.objects.filter(user__isnull=True)
            .filter(Q(guest_email__icontains=query) | Q(number=query))
            .values_list("guest_email", flat=True)[:50]
        )
        - {""}
    )
    return people, guests


class HoldForm(forms.ModelForm):
    class Meta:
        model = LegalHold
        fields = ["basis", "reason", "until"]
        widgets = {
            "until": forms.DateInput(attrs={"type": "date"}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }


def person(request, user_id: int):
    _require(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    hold_form = HoldForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("gdpr.add_legalhold"):
            raise PermissionDenied
        release = _number(request.POST.get("release", ""))
        if release is not None:
            hold = LegalHold.objects.filter(pk=release, user=user, released_at__isnull=True).first()
            if hold is not None:
                hold.released_at = timezone.now()
                hold.save(update_fields=["released_at"])
                cases.record(cases.Action.HOLD_RELEASED, actor=request.user, account_id=user.pk)
                messages.success(request, _("The legal hold is released."))
            return redirect("gdpr_person", user_id=user.pk)
        if hold_form.is_valid():
            hold = hold_form.save(commit=False)
            hold.user, hold.set_by = user, request.user
            hold.save()
            cases.record(cases.Action.HOLD_SET, actor=request.user, account_id=user.pk, note=hold.basis)
            messages.success(
                request, _("The legal hold is set: nothing about this person is erased until it is released.")
            )
            return redirect("gdpr_person", user_id=user.pk)
    else:
        cases.record(cases.Action.CUSTOMER_VIEWED, actor=request.user, account_id=user.pk)
    return TemplateResponse(
        request, "gdpr/admin/person.html", {"person": user, "hold_form": hold_form, **_facts(user)}
    )


def with_course_titles(consents) -> list:
    """Each consent with its course's title in the language shown (one query for all)."""
    from django.utils.translation import get_language

    from courses.seats import course_titles

    consents = list(consents)
    titles = course_titles({c.course_id for c in consents}, get_language())
    for consent in consents:
        consent.course_title = titles.get(consent.course_id, "")
    return consents


def _facts(user) -> dict:
    from courses.models import Enrolment
    from gdpr.models import Objection, ProcessingRestriction

    orders = user.orders.order_by("-date_placed")
    return {
        "orders": orders[:50],
        "order_count": orders.count(),
        "enrolments": Enrolment.objects.filter(user=user).select_related("course").order_by("-pk")[:50],
        "memberships": user.company_memberships.select_related("company"),
        "consents": with_course_titles(user.follow_up_consents.order_by("-given_at")),
        "objections": Objection.objects.filter(user=user),
        "restrictions": ProcessingRestriction.objects.filter(user=user).order_by("-created_at"),
        "holds": LegalHold.objects.filter(user=user).select_related("set_by").order_by("-created_at"),
        "requests": PrivacyRequest.objects.filter(user=user).order_by("-received_at"),
    }


# --- The audit log ---


def audit_log(request):
    _require(request, can_audit)
    events = PrivacyEvent.objects.select_related("actor", "request")
    account = request.GET.get("account", "")[:20]
    if _number(account) is not None:
        events = events.filter(account_id=_number(account))
    page = Paginator(events, 100).get_page(request.GET.get("p"))
    return TemplateResponse(request, "gdpr/admin/audit_log.html", {"page": page, "account": account})
