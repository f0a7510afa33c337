"""The company pages of the account area. Every company is reached through the signed-in
person's own membership, never by a number a visitor can type."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import membership as workflow
from .forms import AcceptInvitationForm, InviteForm
from .invitations import offers_for
from .models import Company, Invitation, JoinRequest, Membership


@login_required
def company_list(request):
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("company").order_by("company__name")
    )
    pending = {
        join_request.company_id: join_request
        for join_request in JoinRequest.objects.filter(user=request.user, outcome=JoinRequest.Outcome.PENDING)
    }
    joinable = [
        {"company": company, "request": pending.get(company.pk)}
        for company in workflow.companies_to_join(request.user)
    ]
    return render(
        request,
        "companies/company_list.html",
        {"memberships": memberships, "joinable": joinable},
    )


@login_required
@require_http_methods(["POST"])
def ask_to_join(request, pk):
    company = get_object_or_404(workflow.companies_to_join(request.user), pk=pk)
    if request.POST.get("action") == "withdraw":
        join_request = JoinRequest.objects.filter(
            company=company, user=request.user, outcome=JoinRequest.Outcome.PENDING
        ).first()
        if join_request:
            workflow.withdraw_join_request(join_request, request.user)
            messages.success(request, _("Your request has been withdrawn."))
    else:
        workflow.request_to_join(request.user, company)
        messages.success(request, _("Your request has been sent to the company's administrators."))
    return redirect("account-companies")


# What each button of the company page does: (what it acts on, the workflow).
ACTIONS = {
    "resend": ("invitation", workflow.resend_invitation),
    "withdraw": ("invitation", workflow.withdraw_invitation),
    "remove": ("membership", workflow.remove_member),
    "make_admin": ("membership", workflow.make_admin),
    "step_down": ("membership", workflow.step_down),
    "approve": ("request", lambda target, by: workflow.decide_join_request(target, by, approve=True)),
    "refuse": ("request", lambda target, by: workflow.decide_join_request(target, by, approve=False)),
}


def _success_message(action: str) -> str:
    return {
        "resend": _("The invitation has been sent again."),
        "withdraw": _("The invitation has been withdrawn."),
        "remove": _("The person has been removed from the company."),
        "make_admin": _("The person is now an administrator."),
        "step_down": _("You are no longer an administrator."),
        "approve": _("The request has been approved: the person is now a member."),
        "refuse": _("The request has been refused."),
        "leave": _("You have left the company."),
    }[action]


@login_required
def company_detail(request, pk):
    own = get_object_or_404(Membership.objects.select_related("company"), company_id=pk, user=request.user)
    company = own.company
    invite_form = InviteForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "leave":
                workflow.remove_member(own, request.user)
                messages.success(request, _success_message(action))
                return redirect("account-companies")
            if action == "invite":
                invite_form = InviteForm(request.POST)
                if invite_form.is_valid():
                    invitation = workflow.invite_member(
                        company, invite_form.cleaned_data["email"], request.user
                    )
                    messages.success(
                        request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email}
                    )
                    return redirect("account-company", pk=company.pk)
            elif action in ACTIONS:
                kind, function = ACTIONS[action]
                target = _target(company, kind, request.POST.get("target"))
                function(target, request.user)
                messages.success(request, _success_message(action))
                return redirect("account-company", pk=company.pk)
            else:
                messages.error(request, _("That cannot be done here."))
                return redirect("account-company", pk=company.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("account-company", pk=company.pk)
    context = {"company": company, "own": own, "invite_form": invite_form}
    if own.is_admin:
        context.update(
            # Administrators first ("admin" sorts before "member").
            members=company.memberships.select_related("user").order_by(
                "role", "user__first_name", "user__email"
            ),
            invitations=company.invitations.open().filter(as_member=True).order_by("-sent_at"),
            requests=company.join_requests.filter(outcome=JoinRequest.Outcome.PENDING).select_related("user"),
        )
    else:
        context["administrators"] = company.administrators()
    return render(request, "companies/company_detail.html", context)


def _target(company: Company, kind: str, raw):
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    queryset = {
        # Seat invitations are resent and withdrawn with their seat, on the seat page.
        "invitation": company.invitations.filter(as_member=True),
        "membership": company.memberships.select_related("company"),
        "request": company.join_requests.select_related("company"),
    }[kind]
    return get_object_or_404(queryset, pk=pk)


def invitation(request, token):
    """Where an invitation's link leads: create an account, or sign in, then accept."""
    found = Invitation.objects.for_token(token).select_related("company", "invited_by").first()
    if found is None:
        raise Http404
    context = {"invitation": found, "company": found.company}
    try:
        workflow.check_invitation(found)
    except ValidationError as error:
        context["problem"] = " ".join(error.messages)
        return render(request, "companies/invitation.html", context, status=410)
    user = request.user
    account = get_user_model().objects.filter(email__iexact=found.email).first()
    # An account without a password (a guest checkout's) cannot sign in: it sets one here.
    has_account = account is not None and account.has_usable_password()
    if user.is_authenticated and workflow.normalise_email(user.email) != workflow.normalise_email(
        found.email
    ):
        context["wrong_account"] = True
        return render(request, "companies/invitation.html", context, status=403)
    form = None
    if request.method == "POST":
        try:
            if user.is_authenticated:
                workflow.accept_invitation(found, user)
                return _accepted(request, found)
            if not has_account:
                form = AcceptInvitationForm(request.POST, email=found.email)
                if form.is_valid():
                    data = form.cleaned_data
                    new_user = workflow.create_account_and_accept(
                        found, data["first_name"], data["last_name"], data["password1"]
                    )
                    login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
                    return _accepted(request, found)
        except ValidationError as error:
            context["problem"] = " ".join(error.messages)
            return render(request, "companies/invitation.html", context, status=400)
    if not user.is_authenticated and not has_account:
        form = form or AcceptInvitationForm(email=found.email)
    context.update(
        form=form,
        needs_login=not user.is_authenticated and has_account,
        login_url=f"{reverse('customer:login')}?{urlencode({'next': request.path})}",
        offers=offers_for(found, get_language()),
    )
    return render(request, "companies/invitation.html", context)


def _accepted(request, found: Invitation):
    if found.as_member:
        messages.success(request, _("Welcome to %(company)s.") % {"company": found.company.name})
    else:
        messages.success(request, _("Your courses are ready."))
    return redirect("account-courses")
