"""The seat pages of the account area, for company administrators. A pool is found only
among the pools of the companies the signed-in person administers."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from . import seats as workflow
from .models import Enrolment, Seat

SEATS_PER_PAGE = 100


class AssignForm(forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("E-mail addresses"),
        max_length=workflow.MAX_PASTE,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=gettext_lazy(
            "One address, or a list pasted from a spreadsheet: one per line, or separated by commas."
        ),
    )

    def clean_addresses(self):
        return workflow.parse_addresses(self.cleaned_data["addresses"])


@login_required
def seat_pools(request):
    pools = list(workflow.with_counts(workflow.pools_administered_by(request.user)).order_by("-granted_at"))
    titles = workflow.course_titles({pool.course_id for pool in pools}, get_language())
    for pool in pools:
        pool.title = titles.get(pool.course_id, str(pool.course))
        pool.free = pool.seats - pool.seats_taken
    return render(request, "courses/seats/pools.html", {"pools": pools})


@login_required
def seat_pool(request, pk):
    pool = get_object_or_404(workflow.with_counts(workflow.pools_administered_by(request.user)), pk=pk)
    form = AssignForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("assign", "assign_me"):
                data = {"addresses": request.user.email} if action == "assign_me" else request.POST
                form = AssignForm(data)
                if form.is_valid():
                    result = workflow.assign_seats(pool, form.cleaned_data["addresses"], request.user)
                    _report(request, result)
                    return redirect("account-seat-pool", pk=pool.pk)
                if action == "assign_me":
                    messages.error(request, " ".join(form.errors.get("addresses", [])))
                    return redirect("account-seat-pool", pk=pool.pk)
            elif action in ("take_back", "resend"):
                seat_id = _seat_id(request.POST.get("seat"))
                if action == "take_back":
                    seat = workflow.take_back(pool, seat_id, request.user)
                    messages.success(
                        request, _("The seat of %(email)s is free again.") % {"email": seat.email}
                    )
                else:
                    seat = workflow.resend_invitation(pool, seat_id, request.user)
                    messages.success(
                        request, _("The invitation to %(email)s has been sent again.") % {"email": seat.email}
                    )
                return redirect("account-seat-pool", pk=pool.pk)
            else:
                messages.error(request, _("That cannot be done here."))
                return redirect("account-seat-pool", pk=pool.pk)
        except ValidationError as error:
            if action == "assign":
                form.add_error("addresses", error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("account-seat-pool", pk=pool.pk)
    seats = (
        pool.assigned_seats.taken()
        # The report is what the company is told (Purpose.COMPANY_REPORTING); the
        # enrolment's own start only decides whether the seat can be taken back.
        .select_related("holder", "invitation", "report")
        .prefetch_related(
            Prefetch("enrolment", queryset=Enrolment.objects.only("pk", "seat_id", "started_at"))
        )
        .order_by("assigned_at", "pk")
    )
    search = request.GET.get("q", "").strip()[:200]
    if search:
        seats = seats.filter(email__icontains=search)
    page = Paginator(seats, SEATS_PER_PAGE).get_page(request.GET.get("page"))
    title = workflow.course_titles({pool.course_id}, get_language()).get(pool.course_id, str(pool.course))
    return render(
        request,
        "courses/seats/pool.html",
        {
            "pool": pool,
            "title": title,
            "free": pool.seats - pool.seats_taken,
            "seats": [_row(seat) for seat in page],
            "page": page,
            "search": search,
            "query": urlencode({"q": search}) if search else "",
            "form": form,
        },
    )


def _seat_id(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ValidationError(_("This seat has already been taken back.")) from None


def _row(seat: Seat) -> dict:
    enrolment = getattr(seat, "enrolment", None) if seat.holder_id else None
    report = getattr(seat, "report", None)
    started = report.started_at if report else None
    completed = report.completed_at if report else None
    if seat.holder_id:
        state = "completed" if completed else "started" if started else "enrolled"
    elif seat.invitation and seat.invitation.has_expired:
        state = "expired"
    else:
        state = "invited"
    return {
        "seat": seat,
        "started": started,
        "completed": completed,
        "state": state,
        "can_take_back": enrolment is None or enrolment.started_at is None,
        "can_resend": seat.holder_id is None and seat.invitation is not None and seat.invitation.is_open,
    }


def _report(request, result: workflow.Assigned) -> None:
    if result.enrolled:
        messages.success(
            request,
            ngettext(
                "%(count)d person can start the course now and has been told by mail.",
                "%(count)d people can start the course now and have been told by mail.",
                len(result.enrolled),
            )
            % {"count": len(result.enrolled)},
        )
    if result.invited:
        messages.success(
            request,
            ngettext(
                "%(count)d invitation sent: the seat is theirs once they have created an account.",
                "%(count)d invitations sent: each seat is theirs once they have created an account.",
                len(result.invited),
            )
            % {"count": len(result.invited)},
        )
    if result.already:
        messages.info(
            request,
            _("Already holding a seat of this course: %(list)s") % {"list": ", ".join(result.already)},
        )
