"""Privacy requests as cases: opened from the privacy centre or by staff for a mail, a call
or a letter, verified, carried out, extended and closed, each step in the audit log.

The person's own buttons (a copy, a restriction, an objection, deleting the account) open
and close their case here as they act, so that staff see every request in one queue, with
its deadline, whichever way it came.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format

from gdpr.models import PrivacyEvent, PrivacyRequest
from gdpr.retention import add_months

logger = logging.getLogger(__name__)

Kind, Status, Action = PrivacyRequest.Kind, PrivacyRequest.Status, PrivacyEvent.Action

CONFIRM_SALT = "gdpr.request-confirmation"
CONFIRM_DAYS = 7
# A register extract is free once in a rolling year (GDPR art. 15(3)); a further one is a
# case for staff to decide, never an automatic refusal.
EXTRACT_FREE_MONTHS = 12
# How long a granted extract can be read in the privacy centre.
EXTRACT_DAYS = 30


class CaseError(Exception):
    """An action that does not fit the request as it stands; the message is for staff."""


def record(action, *, request=None, actor=None, account_id=None, note="") -> PrivacyEvent:
    if account_id is None and request is not None:
        account_id = request.user_id
    return PrivacyEvent.objects.create(
        action=action,
        request=request,
        actor=actor if actor is not None and actor.pk else None,
        account_id=account_id,
        note=str(note)[:300],
    )


def open_request(
    kind,
    *,
    language,
    user=None,
    email="",
    name="",
    channel=PrivacyRequest.Channel.WEB,
    entered_by=None,
    details="",
    status=None,
) -> PrivacyRequest:
    """A new request, or the open one of the same kind for one-at-a-time kinds.

    From the privacy centre the person is signed in: their identity is verified."""
    now = timezone.now()
    signed_in = channel == PrivacyRequest.Channel.WEB and user is not None
    fields = {
        "kind": kind,
        "channel": channel,
        "user": user,
        "email": email or (user.email if user else ""),
        "name": name or (user.get_full_name() if user else ""),
        "language": language,
        "details": details,
        "policy_version": current_policy_version(),
        "entered_by": entered_by,
        "received_at": now,
        "due_on": add_months(timezone.localdate(now), PrivacyRequest.MONTHS_TO_ANSWER),
        "identity": PrivacyRequest.Identity.SIGNED_IN if signed_in else PrivacyRequest.Identity.PENDING,
        "identity_checked_at": now if signed_in else None,
        "status": status or (Status.VERIFIED if signed_in else Status.SUBMITTED),
    }
    try:
        with transaction.atomic():
            request = PrivacyRequest.objects.create(**fields)
    except IntegrityError:
        existing = open_for(user, kind)
        if existing is None:
            raise
        # The same request again: it joins the open one, with its words and its channel.
        if details and details not in existing.details:
            existing.details = f"{existing.details}\n\n{details}".strip()
            existing.save(update_fields=["details"])
        record(Action.RECEIVED, request=existing, actor=entered_by or user, note=f"joined: {channel}")
        if signed_in:
            verify(existing, PrivacyRequest.Identity.SIGNED_IN)
        existing.joined = True
        return existing
    record(Action.RECEIVED, request=request, actor=entered_by or user, note=channel)
    return request


def open_for(user, kind) -> PrivacyRequest | None:
    if user is None:
        return None
    return PrivacyRequest.objects.filter(user=user, kind=kind, status__in=PrivacyRequest.OPEN).first()


def start(request: PrivacyRequest, by=None, note="") -> None:
    if request.status != Status.IN_PROGRESS:
        request.status = Status.IN_PROGRESS
        request.save(update_fields=["status"])
        record(Action.STARTED, request=request, actor=by, note=note)


def close(request: PrivacyRequest, status, *, by=None, outcome="", tell=None) -> bool:
    """Close an open request; the person is told when staff closed it (`tell` overrides)."""
    if status not in (Status.DONE, Status.DONE_RETAINED, Status.REJECTED, Status.CANCELLED):
        raise ValueError(status)
    if status == Status.REJECTED and not outcome.strip():
        raise CaseError(translation.gettext("Say why the request is rejected: the person is told."))
    if (
        status in (Status.DONE, Status.DONE_RETAINED)
        and request.kind == Kind.RESTRICTION
        and request.user is not None
        and request.user.privacy_restrictions.filter(lifted_at__isnull=True).exists()
    ):
        raise CaseError(translation.gettext("Lift the restriction first: the request closes with it."))
    now = timezone.now()
    closed = PrivacyRequest.objects.filter(pk=request.pk, status__in=PrivacyRequest.OPEN).update(
        status=status, closed_at=now, outcome=outcome or request.outcome
    )
    if not closed:
        return False
    request.refresh_from_db()
    if status in (Status.REJECTED, Status.CANCELLED):
        # Staff stop a deletion the person asked for: the account opens again.
        deletion = pending_deletion(request)
        if deletion is not None:
            from gdpr.deletion import cancel as cancel_deletion

            cancel_deletion(deletion)
    action = {
        Status.DONE: Action.DONE,
        Status.DONE_RETAINED: Action.DONE,
        Status.REJECTED: Action.REJECTED,
        Status.CANCELLED: Action.CANCELLED,
    }[status]
    record(action, request=request, actor=by)
    if tell is None:  # staff closed it: the person learns the answer; they see their own at once
        tell = by is not None and by.pk != request.user_id
    if tell and request.email:
        transaction.on_commit(lambda: _mail_later("request_closed", request.pk), robust=True)
    return True


def fail(request: PrivacyRequest, note="") -> None:
    PrivacyRequest.objects.filter(pk=request.pk).update(status=Status.FAILED)
    request.status = Status.FAILED
    record(Action.FAILED, request=request, note=note)


def verify(request: PrivacyRequest, how, *, by=None, note="") -> None:
    """Record who asks is who the request is about; `note`, how staff checked, stays on the
    request (it may name a telephone number), never in the audit log."""
    if request.identity != PrivacyRequest.Identity.PENDING or not request.is_open:
        return
    request.identity, request.identity_checked_at, request.identity_note = how, timezone.now(), note
    fields = ["identity", "identity_checked_at", "identity_note"]
    if request.status == Status.SUBMITTED:
        request.status = Status.VERIFIED
        fields.append("status")
    request.save(update_fields=fields)
    record(Action.IDENTITY_VERIFIED, request=request, actor=by, note=how)


def extend(request: PrivacyRequest, reason: str, *, by) -> None:
    """Two more months (GDPR art. 12(3)), once, with a reason the person is told."""
    if not request.can_extend:
        raise CaseError(translation.gettext("The deadline can be extended only once, on an open request."))
    if not reason.strip():
        raise CaseError(translation.gettext("Say why more time is needed: the person is told."))
    request.extended_to = add_months(request.due_on, PrivacyRequest.MONTHS_OF_EXTENSION)
    request.extension_reason = reason
    request.save(update_fields=["extended_to", "extension_reason"])
    record(Action.EXTENDED, request=request, actor=by, note=f"{request.extended_to:%Y-%m-%d}")
    if request.email:
        transaction.on_commit(lambda: _mail_later("request_extended", request.pk), robust=True)


# --- Confirmation of identity by a mailed link, for requests that did not come signed in ---


def _address_key(email: str) -> str:
    # Signed data is only encoded: the link (logs, history) carries a keyed hash, not the address.
    return salted_hmac(CONFIRM_SALT, email.strip().lower()).hexdigest()[:20]


def confirmation_token(request: PrivacyRequest) -> str:
    return signing.dumps({"request": request.pk, "to": _address_key(request.email)}, salt=CONFIRM_SALT)


def request_for_token(token: str) -> PrivacyRequest | None:
    """The open request the link names, for the address it was sent to; None when the link
    is tampered with, expired, or the request was closed or re-addressed since."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS))
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("request"), int):
        return None
    request = PrivacyRequest.objects.filter(pk=payload["request"], status__in=PrivacyRequest.OPEN).first()
    if request is None or not constant_time_compare(_address_key(request.email), str(payload.get("to"))):
        return None
    return request


def send_confirmation(request: PrivacyRequest, *, by=None) -> None:
    if not request.email:
        raise CaseError(translation.gettext("The request has no e-mail address to confirm."))
    record(Action.CONFIRMATION_SENT, request=request, actor=by)
    transaction.on_commit(lambda: _mail_later("request_confirm", request.pk), robust=True)


def confirm(request: PrivacyRequest) -> None:
    verify(request, PrivacyRequest.Identity.EMAIL_LINK)


# --- Carrying requests out ---


def carry_out(request: PrivacyRequest, *, by) -> str:
    """Do what the system can do for the request; returns what happened, for staff.

    Rectifications, objections on legitimate interests and other requests are done by hand
    and closed with their outcome."""
    from gdpr.portability import request_export
    from gdpr.restriction import restrict

    if not request.is_open:
        raise CaseError(translation.gettext("The request is closed."))
    if request.identity == PrivacyRequest.Identity.PENDING:
        raise CaseError(translation.gettext("Verify who asks before you carry the request out."))
    if request.kind == Kind.ERASURE:
        deletion = pending_deletion(request)
        if deletion is not None:
            raise CaseError(
                translation.gettext(
                    "The person deleted their own account: it is erased by itself after the cooling-off "
                    "period, on %(date)s, unless they cancel."
                )
                % {"date": date_format(timezone.localtime(deletion.carry_out_after), "DATE_FORMAT")}
            )
        if (
            request.user is not None
            and (request.user.is_staff or request.user.is_superuser)
            and not by.is_superuser
        ):
            raise CaseError(translation.gettext("Only a system administrator erases a staff account."))
        start(request, by)
        from gdpr.tasks import erase_for_request

        transaction.on_commit(lambda: erase_for_request.delay(request.pk), robust=True)
        return translation.gettext("The erasure is queued; the request closes when it is done.")
    if request.kind == Kind.EXTRACT:
        if request.user is None:
            start(request, by)
            return translation.gettext(
                "Download the extract below and send it to the person; then close the request."
            )
        grant_extract(request, by=by)
        return translation.gettext("The extract is in the person's privacy centre; they are told.")
    if request.kind == Kind.PORTABILITY:
        if request.user is None:
            start(request, by)
            return translation.gettext(
                "Download the copy below and send it to the person; then close the request."
            )
        start(request, by)
        request_export(request.user)
        return translation.gettext("The copy is being built; it appears in the person's privacy centre.")
    if request.kind == Kind.RESTRICTION:
        if request.user is None:
            raise CaseError(translation.gettext("Only an account's processing can be restricted."))
        restrict(request.user, request.details or translation.gettext("Asked by the person"), by=by)
        return translation.gettext("Processing is restricted until you lift it.")
    if request.kind == Kind.MARKETING_OBJECTION:
        object_to_marketing(request, by=by)
        return translation.gettext("The address will never be sent news or offers again.")
    raise CaseError(
        translation.gettext("Do what the person asks by hand, then close the request with its outcome.")
    )


def retry(request: PrivacyRequest, *, by) -> str:
    if request.status != Status.FAILED:
        raise CaseError(translation.gettext("Only a failed request can be tried again."))
    record(Action.RETRIED, request=request, actor=by)
    PrivacyRequest.objects.filter(pk=request.pk).update(status=Status.IN_PROGRESS)
    request.status = Status.IN_PROGRESS
    if request.kind == Kind.PORTABILITY and request.user is not None:
        from gdpr.portability import request_export

        request_export(request.user)
        return translation.gettext("The copy is being built again.")
    deletion = getattr(request, "account_deletion", None)
    if deletion is not None and deletion.carried_out_at is None and deletion.cancelled_at is None:
        from gdpr.deletion import carry_out as carry_out_deletion

        transaction.on_commit(lambda: carry_out_deletion(deletion.pk), robust=True)
        return translation.gettext("The erasure is queued; the request closes when it is done.")
    return carry_out(request, by=by)


def pending_deletion(request: PrivacyRequest):
    """The person's own account deletion this case follows, while its cooling-off runs."""
    from gdpr.models import AccountDeletion

    return AccountDeletion.objects.filter(
        request=request, cancelled_at__isnull=True, carried_out_at__isnull=True, blocked_at__isnull=True
    ).first()


def object_to_marketing(request: PrivacyRequest, *, by=None) -> None:
    """Absolute (GDPR art. 21(3)): recorded with the policy version, the address suppressed."""
    from gdpr.models import Objection
    from gdpr.suppression import suppress

    if request.user is not None:
        Objection.objects.get_or_create(
            user=request.user,
            kind=Objection.Kind.DIRECT_MARKETING,
            defaults={"policy_version": current_policy_version()},
        )
    if request.email:
        suppress(request.email)
    record(Action.OBJECTION_RECORDED, request=request, actor=by, note=Objection.Kind.DIRECT_MARKETING)
    close(request, Status.DONE, by=by)


def current_policy_version() -> str:
    from wagtail.models import Site

    from home.models import CompanySettings

    site = Site.objects.filter(is_default_site=True).first()
    policy = CompanySettings.for_site(site).privacy_policy_page if site else None
    return policy.version if policy else ""


# --- Register extract (GDPR art. 15) ---


def extract_request(user) -> PrivacyRequest | None:
    """The person's latest granted extract that can still be read, if any."""
    since = timezone.now() - timedelta(days=EXTRACT_DAYS)
    return (
        PrivacyRequest.objects.filter(user=user, kind=Kind.EXTRACT, status=Status.DONE, closed_at__gte=since)
        .order_by("-closed_at")
        .first()
    )


def free_extract_used(user) -> bool:
    since = add_months(timezone.localdate(), -EXTRACT_FREE_MONTHS)
    return PrivacyRequest.objects.filter(
        user=user, kind=Kind.EXTRACT, status=Status.DONE, closed_at__date__gt=since
    ).exists()


def ask_for_extract(user, language) -> tuple[PrivacyRequest, bool]:
    """(the request, whether it was granted at once): the first in a rolling year is; a
    further one waits for staff."""
    with transaction.atomic():
        granted_before = free_extract_used(user)
        request = open_request(Kind.EXTRACT, user=user, language=language)
        if not granted_before and request.is_open:
            grant_extract(request, tell=False)
    return request, request.status == Status.DONE


def grant_extract(request: PrivacyRequest, *, by=None, tell=None) -> None:
    record(Action.EXTRACT_GRANTED, request=request, actor=by)
    close(request, Status.DONE, by=by, tell=tell)


# --- Erasure of a request's subject, by the worker ---


def erase(request_id: int) -> None:
    """Erase the person a verified request is about; the request closes with what was kept.

    A failure leaves the request `failed`, for staff to try again (every step of the
    erasure is idempotent)."""
    from gdpr.deletion import hand_over_companies, kept_summary, mail_outcome
    from gdpr.erasure import erase_subject
    from gdpr.models import LegalHold

    try:
        with transaction.atomic():
            request = (
                PrivacyRequest.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(pk=request_id, kind=Kind.ERASURE, status=Status.IN_PROGRESS)
                .first()
            )
            if request is None:
                return
            user = request.user
            subject = subject_for(request)
            address, name = request.email, request.name
            held = user is not None and LegalHold.objects.active().filter(user=user).exists()
            handed_over = hand_over_companies(user) if user is not None and not held else []
            result = erase_subject(subject)
            finish_erasure(request, result, handed_over)
            kept = kept_summary(result)
            language = request.language
            account_id = request.user_id
            transaction.on_commit(
                lambda: mail_outcome(
                    address, name, language, kept, result.blocked_by, account_id, handed_over, request_id
                )
            )
    except Exception as exc:
        logger.exception("Erasure for privacy request %s failed", request_id)
        request = PrivacyRequest.objects.filter(pk=request_id).first()
        if request is not None and request.is_open:
            fail(request, note=type(exc).__name__)


def subject_for(request: PrivacyRequest):
    """Whom a staff-handled request is about: the account, and rows found by an address only
    when the person confirmed that very address from our link (a profile's address is
    unconfirmed, and may be someone else's invoice address); without an account, the
    confirmed address."""
    from gdpr.subjects import Subject

    if request.user is None:
        return Subject.for_email(request.email)
    subject = Subject.for_own_account(request.user)
    confirmed = request.identity == PrivacyRequest.Identity.EMAIL_LINK
    if confirmed and request.email and request.email.lower() == (request.user.email or "").lower():
        subject.email = request.user.email
    return subject


def finish_erasure(request: PrivacyRequest, result, handed_over=()) -> None:
    """Record the erasure's outcome on its request (also for an account deleted by the person)."""
    for company, successor in handed_over:
        passed = "passed on" if successor is not None else "no administrator left"
        record(Action.COMPANY_TOLD, request=request, note=f"company {company.pk}: {passed}")
    if result.blocked_by:
        record(Action.BLOCKED, request=request)
        return
    record(
        Action.ERASED,
        request=request,
        note=(
            f"removed {sum(result.removed.values())}, anonymised {sum(result.anonymised.values())}, "
            f"retained {len(result.retained)}"
        ),
    )
    status = Status.DONE_RETAINED if result.retained else Status.DONE
    # The person is told by the erasure's own mail, with what was kept.
    close(request, status, tell=False)


# --- Mails ---


def _mail_later(name: str, request_id: int) -> None:
    from gdpr.tasks import mail_privacy_request

    mail_privacy_request.delay(name, request_id)


def mail(name: str, request_id: int) -> None:
    from shop.companies import mail as mailer

    request = PrivacyRequest.objects.filter(pk=request_id).first()
    if request is None or not request.email:
        return
    context = {"request": request, "name": request.name}
    with translation.override(request.language):
        if name == "request_confirm":
            context["confirm_url"] = mailer.absolute(
                reverse("privacy-request-confirm", kwargs={"token": confirmation_token(request)})
            )
            context["days"] = CONFIRM_DAYS
        if request.user_id:
            context["centre_url"] = mailer.absolute(reverse("account-privacy"))
    mailer.send(name, context, [request.email], request.language, directory="gdpr/email")


def dashboard_counts(months: int = 12) -> list[dict]:
    """Requests received and closed per month, newest first, for the staff's dashboard."""
    start = add_months(timezone.localdate().replace(day=1), -(months - 1))
    received, closed = _per_month("received_at", start), _per_month("closed_at", start)
    firsts = [add_months(start, months - 1 - offset) for offset in range(months)]
    return [{"month": m, "received": received.get(m, 0), "closed": closed.get(m, 0)} for m in firsts]


def _per_month(field: str, start) -> dict:
    """{first day of the month: requests whose `field` falls in it}, since `start`."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    counts = (
        PrivacyRequest.objects.filter(**{f"{field}__date__gte": start})
        .annotate(month=TruncMonth(field))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return {timezone.localtime(month).date(): n for month, n in counts}
