"""The privacy centre in the account area: what we hold about the person, and their copy
of it. Everything is looked up through the person asking."""

from collections import defaultdict

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gdpr import cases
from gdpr.admin_views import with_course_titles
from gdpr.extract import IMY_URL
from gdpr.models import DataExport, Objection
from gdpr.portability import request_export
from gdpr.registry import Category, LawfulBasis, Purpose, registry
from gdpr.restriction import restrict
from gdpr.subjects import Subject, rows_for


def held_about(user) -> list[dict]:
    """Per category of data actually held about `user`: why, on which basis, for how long.

    One query per declaration that can find the person, however much they have done."""
    subject = Subject.for_own_account(user)
    found = defaultdict(set)
    for declaration in registry.declarations.values():
        if not declaration.personal or not declaration.person_paths:
            continue
        # A signed-in person has a session; finding it would decode every visitor's.
        if declaration.model != "sessions.Session" and not rows_for(declaration, subject).exists():
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
        {"category": Category(category).label, "uses": _by_purpose(found[category])}
        for category in Category.values
        if category in found
    ]


def _by_purpose(uses: set) -> list[dict]:
    """One line per purpose and basis, with every retention that applies to it."""
    grouped = defaultdict(set)
    for purpose, basis, retention in uses:
        grouped[(purpose, basis)].add(str(retention))
    return [
        {"purpose": purpose, "basis": basis, "retention": "; ".join(sorted(retentions))}
        for (purpose, basis), retentions in sorted(grouped.items(), key=lambda item: str(item[0][0]))
    ]


def accepted_terms(user):
    """The terms of purchase the person last accepted, with the address of that version's
    text as it read then (or None)."""
    from shop.checkout.models import TermsAcceptance

    acceptance = (
        TermsAcceptance.objects.filter(order__user=user, terms__isnull=False)
        .select_related("terms__page")
        .order_by("-accepted_at")
        .first()
    )
    if acceptance is None:
        return None
    page = acceptance.terms.page
    slug = acceptance.terms.version.replace(".", "-")
    acceptance.url = (
        page.url + page.reverse_subpage("earlier_version", kwargs={"version_slug": slug}) if page else ""
    )
    return acceptance


@login_required
def privacy_centre(request, restriction_form=None, **forms_given):
    from home.models import CompanySettings
    from home.newsletter.subscriptions import for_account as news_subscription_of

    company = CompanySettings.for_request(request)
    policy = company.privacy_policy_page.localized if company.privacy_policy_page else None
    return render(
        request,
        "gdpr/privacy_centre.html",
        {
            "held": held_about(request.user),
            "export": request.user.data_exports.filter(format=DataExport.Format.ZIP).first(),
            "download_days": DataExport.DOWNLOAD_DAYS,
            "policy": policy,
            "terms_accepted": accepted_terms(request.user),
            "imy_url": IMY_URL,
            "restriction": request.user.privacy_restrictions.filter(lifted_at__isnull=True).first(),
            "marketing_objection": request.user.objections.filter(
                kind=Objection.Kind.DIRECT_MARKETING
            ).first(),
            # Unsubscribing is objecting to direct marketing (`object_to_marketing`).
            "news_subscription": news_subscription_of(request.user),
            "restriction_form": restriction_form or RestrictionForm(),
            "rectification_form": forms_given.get("rectification") or RequestForm(),
            "objection_form": forms_given.get("objection") or RequestForm(),
            "profiling_objection": request.user.objections.filter(kind=Objection.Kind.PROFILING).first(),
            "requests": request.user.privacy_requests.order_by("-received_at")[:10],
            "extract": cases.extract_request(request.user),
            "extract_waiting": cases.open_for(request.user, cases.Kind.EXTRACT),
            "extract_free": not cases.free_extract_used(request.user),
            "profile_url": reverse("customer:profile-update"),
            "companies_url": reverse("account-companies"),
            "consents": with_course_titles(request.user.follow_up_consents.filter(withdrawn_at__isnull=True)),
        },
    )


class RestrictionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What is wrong, or why do you ask?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestForm(forms.Form):
    details = forms.CharField(
        label=gettext_lazy("What should we look at?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
@require_POST
def object_to_marketing(request):
    """Absolute (GDPR art. 21(3)): recorded with the policy version, and the address goes on
    the suppression list, which outlives the account."""
    with transaction.atomic():
        case = cases.open_request(cases.Kind.MARKETING_OBJECTION, user=request.user, language=get_language())
        cases.object_to_marketing(case, by=request.user)
    messages.success(request, _("We will never send news or offers to your address."))
    return redirect("account-privacy")


@login_required
@require_POST
def object_to_profiling(request):
    """We do no profiling; the objection is recorded all the same, so that nothing built
    later can profile this person."""
    with transaction.atomic():
        Objection.objects.get_or_create(
            user=request.user,
            kind=Objection.Kind.PROFILING,
            defaults={"policy_version": cases.current_policy_version()},
        )
        case = cases.open_request(
            cases.Kind.OBJECTION, user=request.user, language=get_language(), details=_("Profiling")
        )
        cases.record(
            cases.Action.OBJECTION_RECORDED, request=case, actor=request.user, note=Objection.Kind.PROFILING
        )
        cases.close(case, cases.Status.DONE)
    messages.success(request, _("Your objection to profiling is recorded."))
    return redirect("account-privacy")


@login_required
@require_POST
def ask_staff(request, kind: str):
    """A rectification of what only staff may change, or an objection to other processing
    (GDPR art. 16, 21(1)): a case in the staff's queue, answered within a month."""
    chosen = {"rectification": cases.Kind.RECTIFICATION, "objection": cases.Kind.OBJECTION}.get(kind)
    if chosen is None:
        raise Http404
    form = RequestForm(request.POST)
    if not form.is_valid():
        return privacy_centre(request, **{kind: form})
    case = cases.open_request(
        chosen, user=request.user, language=get_language(), details=form.cleaned_data["details"]
    )
    messages.success(
        request,
        _("We received your request. We answer by %(date)s at the latest.")
        % {"date": date_format(case.deadline, "DATE_FORMAT")},
    )
    return redirect("account-privacy")


@login_required
@require_POST
def ask_for_extract(request):
    """The first extract in a rolling year is shown at once; a further one is a case for
    staff, who usually grant it too."""
    case, granted = cases.ask_for_extract(request.user, get_language())
    if granted:
        return redirect("account-privacy-extract")
    messages.info(
        request,
        _(
            "You already had a free register extract in the last twelve months. We received your request "
            "and answer by %(date)s at the latest."
        )
        % {"date": date_format(case.deadline, "DATE_FORMAT")},
    )
    return redirect("account-privacy")


@login_required
def show_extract(request):
    from gdpr.extract import render_html

    case = cases.extract_request(request.user)
    if case is None:
        messages.info(request, _("Ask for a register extract first."))
        return redirect("account-privacy")
    return render_html(
        request,
        Subject.for_own_account(request.user),
        granted_at=case.closed_at,
        pdf=request.user.data_exports.filter(format=DataExport.Format.PDF).first(),
    )


@login_required
@require_POST
def ask_for_extract_pdf(request):
    """The extract as a PDF to keep: made by the worker, since a long history takes a while."""
    if cases.extract_request(request.user) is None:
        messages.info(request, _("Ask for a register extract first."))
        return redirect("account-privacy")
    request_export(request.user, DataExport.Format.PDF)
    return redirect("account-privacy-extract")


def confirm_request(request, token: str):
    """From the link mailed to someone who asked by mail or phone: a page with a button (a
    GET changes nothing), then the request counts as coming from the address's owner."""
    case = cases.request_for_token(token)
    if case is None:
        return render(request, "gdpr/request_link_invalid.html", status=400)
    if request.method == "POST":
        with transaction.atomic():
            cases.confirm(case)
        return render(request, "gdpr/request_confirmed.html", {"case": case})
    return render(request, "gdpr/confirm_request.html", {"case": case})


@login_required
@require_POST
def ask_for_restriction(request):
    """GDPR art. 18: from now on only what a contract or the law needs; staff lift it."""
    form = RestrictionForm(request.POST)
    if not form.is_valid():
        return privacy_centre(request, restriction_form=form)
    restrict(request.user, form.cleaned_data["reason"])
    messages.success(
        request,
        _("Processing of your data is restricted. Staff will look into it and tell you when it is lifted."),
    )
    return redirect("account-privacy")


@login_required
@require_POST
def ask_for_export(request):
    before = request.user.data_exports.filter(format=DataExport.Format.ZIP).first()
    export = request_export(request.user)
    if before is not None and before.pk == export.pk:
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
    if export.format == DataExport.Format.PDF:
        name = _("register-extract-%(date)s.pdf") % {"date": f"{export.finished_at:%Y-%m-%d}"}
        content_type = "application/pdf"
    else:
        name = _("my-data-%(date)s.zip") % {"date": f"{export.finished_at:%Y-%m-%d}"}
        content_type = "application/zip"
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name, content_type=content_type)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext_lazy("The password is not right."))
        return password


@login_required
def delete_account(request):
    """The person deletes their account: with their password, after seeing what happens."""
    from django.contrib.auth import logout
    from django.utils.translation import get_language

    from gdpr import deletion

    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        scheduled = deletion.schedule(request.user, get_language())
        logout(request)
        request.session["deletion_scheduled"] = scheduled.carry_out_after.isoformat()
        return redirect("account-deletion-scheduled")
    return render(
        request,
        "gdpr/delete_account.html",
        {
            "form": form,
            "days": settings.ACCOUNT_DELETION_COOLING_OFF_DAYS,
            "consequences": deletion.consequences(request.user),
            "certificates": request.user.certificates.filter(revoked_at__isnull=True).exists(),
            "invoices": request.user.orders.exists(),
        },
    )


def deletion_scheduled(request):
    """After the request: the account is locked, and the person is logged out."""
    from django.utils.dateparse import parse_datetime

    when = parse_datetime(request.session.get("deletion_scheduled", "") or "")
    return render(request, "gdpr/deletion_scheduled.html", {"when": when})


def cancel_deletion(request, token: str):
    """From the link in the mail: a page with a button (a GET changes nothing)."""
    from gdpr.deletion import cancel, deletion_for_token

    pending = deletion_for_token(token)
    if pending is None:
        return render(request, "gdpr/deletion_link_invalid.html", status=400)
    if request.method == "POST":
        cancel(pending)
        messages.success(
            request, _("The deletion is cancelled and your account is open again. Welcome back.")
        )
        return redirect("customer:login")
    return render(request, "gdpr/cancel_deletion.html", {"deletion": pending})


@login_required
def accept_policies(request):
    """A new major version of a policy waits for the person: its summary of changes, a link
    to the whole text, and one button (or the privacy centre, to leave instead)."""
    from gdpr import acceptance

    after = acceptance.safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    pages = acceptance.pending_for(request)
    if not pages:
        return redirect(after)
    if request.method == "POST":
        with transaction.atomic():
            for page in pages:
                acceptance.accept(request.user, page, acceptance.PolicyAcceptance.Occasion.NEW_VERSION)
        request.session.pop(acceptance.SESSION_KEY, None)
        messages.success(request, _("Thank you: you accepted the new version."))
        return redirect(after)
    return render(
        request,
        "gdpr/accept_policies.html",
        {"pages": pages, "next": after, "privacy_url": reverse("account-privacy")},
    )
