"""A person deletes their own account: locked at once, erased by the registry after the
cooling-off period unless they cancel from their mail, and the system administrators told.

1. `schedule()`: the account is locked (inactive, every session ended) and a mail with a
   cancel link goes to the person.
2. `cancel()`: from that link, during the cooling-off period; the account opens again.
3. `carry_out_due()` (beat, hourly): the registry's erasure runs. The person gets what
   was kept, why and until when; the administrators get a notice naming the account by
   its number only, with the same list.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from gdpr.models import AccountDeletion, LegalHold, PrivacyRequest

SALT = "gdpr.account-deletion"
logger = logging.getLogger(__name__)


def cancel_token(deletion: AccountDeletion) -> str:
    return signing.dumps({"deletion": deletion.pk}, salt=SALT)


def deletion_for_token(token: str) -> AccountDeletion | None:
    """The open deletion a cancel link names, or None: tampered, expired or no longer open."""
    max_age = timedelta(days=settings.ACCOUNT_DELETION_COOLING_OFF_DAYS, hours=1)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    pk = payload.get("deletion") if isinstance(payload, dict) else None
    return AccountDeletion.objects.filter(
        pk=pk, cancelled_at__isnull=True, carried_out_at__isnull=True, blocked_at__isnull=True
    ).first()


def schedule(user, language: str) -> AccountDeletion:
    """Lock the account now and schedule its erasure; the mail goes after commit."""
    from gdpr import cases
    from gdpr.tasks import mail_deletion_scheduled

    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                deletion = AccountDeletion.objects.create(
                    user=user,
                    carry_out_after=now + timedelta(days=settings.ACCOUNT_DELETION_COOLING_OFF_DAYS),
                    language=language,
                )
        except IntegrityError:  # asked twice: the first request stands
            return AccountDeletion.objects.get(
                user=user, cancelled_at__isnull=True, carried_out_at__isnull=True, blocked_at__isnull=True
            )
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)
        end_sessions(user)
        request = cases.open_request(cases.Kind.ERASURE, user=user, language=language)
        cases.record(cases.Action.ACCOUNT_LOCKED, request=request, actor=user)
        cases.start(request)
        deletion.request = request
        deletion.save(update_fields=["request"])
        transaction.on_commit(lambda: mail_deletion_scheduled.delay(deletion.pk), robust=True)
    return deletion


def end_sessions(user) -> int:
    from gdpr.declarations.django import _sessions_of
    from gdpr.subjects import Subject

    keys = list(_sessions_of(Subject.for_user(user), Session.objects.all()))
    return Session.objects.filter(session_key__in=keys).delete()[0]


def mail_scheduled(deletion_id: int) -> None:
    from shop.companies import mail

    deletion = AccountDeletion.objects.select_related("user").filter(pk=deletion_id).first()
    if deletion is None or deletion.cancelled_at or deletion.carried_out_at:
        return
    with translation.override(deletion.language):
        url = mail.absolute(reverse("account-deletion-cancel", kwargs={"token": cancel_token(deletion)}))
    mail.send(
        "deletion_scheduled",
        {"deletion": deletion, "cancel_url": url, "name": deletion.user.get_full_name()},
        [deletion.user.email],
        deletion.language,
        directory="gdpr/email",
    )


def cancel(deletion: AccountDeletion) -> bool:
    from gdpr import cases

    with transaction.atomic():
        cancelled = AccountDeletion.objects.filter(
            pk=deletion.pk, cancelled_at__isnull=True, carried_out_at__isnull=True
        ).update(cancelled_at=timezone.now())
        if cancelled:
            get_user_model().objects.filter(pk=deletion.user_id).update(is_active=True)
            request = PrivacyRequest.objects.filter(pk=deletion.request_id).first()
            if request is not None and request.is_open:
                cases.close(request, cases.Status.CANCELLED, tell=False)
    return bool(cancelled)


def carry_out_due(now=None) -> int:
    """Erase every account whose cooling-off is over; each in its own transaction."""
    now = now or timezone.now()
    done = 0
    due = AccountDeletion.objects.filter(
        carry_out_after__lte=now,
        cancelled_at__isnull=True,
        carried_out_at__isnull=True,
        blocked_at__isnull=True,
    )
    for pk, request_id in list(due.values_list("pk", "request_id")):
        try:
            done += carry_out(pk)
        except Exception:  # the others still go; staff see this one failed, and the next run retries
            logger.exception("Account deletion %s failed", pk)
            request = PrivacyRequest.objects.filter(pk=request_id).first()
            if request is not None and request.is_open:
                from gdpr import cases

                cases.fail(request, note="erasure failed")
    return done


def carry_out(pk: int) -> int:
    from gdpr import cases
    from gdpr.erasure import erase_subject
    from gdpr.subjects import Subject

    with transaction.atomic():
        deletion = (
            AccountDeletion.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=pk, cancelled_at__isnull=True, carried_out_at__isnull=True, blocked_at__isnull=True)
            .first()
        )
        if deletion is None:
            return 0
        user = deletion.user
        address, name = user.email, user.get_full_name()
        request = deletion.request
        held = LegalHold.objects.active().filter(user=user).exists()
        handed_over = [] if held else hand_over_companies(user)
        # The account only: an address in the profile may be someone else's invoice address.
        result = erase_subject(Subject.for_own_account(user))
        now = timezone.now()
        if result.blocked_by:
            deletion.blocked_at = now
            deletion.save(update_fields=["blocked_at"])
        else:
            deletion.carried_out_at = now
            deletion.save(update_fields=["carried_out_at"])
        if request is not None:
            cases.finish_erasure(request, result, handed_over)
        kept = kept_summary(result)
        request_id, account_id, language = getattr(request, "pk", None), deletion.user_id, deletion.language
        transaction.on_commit(
            lambda: mail_outcome(
                address, name, language, kept, result.blocked_by, account_id, handed_over, request_id
            )
        )
    return 1


def kept_summary(result) -> list[dict]:
    """What erasure kept, per kind of record, with the reason and the last date: no id,
    no content, nothing about the person beyond that they had such records.

    The names and the registry's reasons stay lazy, so that each mail shows them in its
    own language (the person's, the administrators')."""
    from django.apps import apps

    from gdpr.erasure_actions import Retain
    from gdpr.registry import registry

    grouped = {}
    for retained in result.retained:
        erasure = registry.declarations[retained.model].erasure
        # The registry's reason, translatable; a legal hold's reason is staff's own text.
        reason = (
            erasure.reason
            if isinstance(erasure, Retain) and str(erasure.reason) == retained.reason
            else retained.reason
        )
        entry = grouped.setdefault(
            (retained.model, retained.reason),
            {
                "what": apps.get_model(retained.model)._meta.verbose_name_plural,
                "reason": reason,
                "count": 0,
                "until": None,
            },
        )
        entry["count"] += 1
        if retained.until and (entry["until"] is None or retained.until > entry["until"]):
            entry["until"] = retained.until
    return [grouped[key] for key in sorted(grouped)]


def mail_outcome(address, name, language, kept, blocked_by, account_id, handed_over=(), request_id=None):
    """The person learns what was erased and what was kept; the administrators get a notice
    naming the account (or the request) by number, the same list and any company left
    without an administrator."""
    from shop.companies import mail

    context = {
        "kept": kept,
        "blocked": bool(blocked_by),
        "name": name,
        "has_account": account_id is not None,
        "handed_over": [(company.name, successor is not None) for company, successor in handed_over],
    }
    if address:
        mail.send("deletion_done", context, [address], language, directory="gdpr/email")
    if settings.ACCOUNT_DELETION_NOTICE_TO:
        with translation.override(settings.LANGUAGE_CODE):
            if request_id is not None:
                context["admin_url"] = mail.absolute(reverse("gdpr_request", args=[request_id]))
            else:
                context["admin_url"] = mail.absolute(reverse("wagtailadmin_home"))
        mail.send(
            "deletion_notice",
            {**context, "account_id": account_id, "request_id": request_id},
            list(settings.ACCOUNT_DELETION_NOTICE_TO),
            settings.LANGUAGE_CODE,
            directory="gdpr/email",
        )


def hand_over_companies(user) -> list[tuple]:
    """Before a company's only administrator is erased: the role passes to the member who
    joined first, who is told; with no other member, the company is left for staff
    (the administrators' notice names it). [(company, successor or None)]."""
    from shop.companies.models import Membership, Role

    handed = []
    for membership in Membership.objects.filter(user=user, role=Role.ADMIN).select_related("company"):
        company = membership.company
        if (
            Membership.objects.filter(company=company, role=Role.ADMIN, user__is_active=True)
            .exclude(user=user)
            .exists()
        ):
            continue
        successor = (
            Membership.objects.filter(company=company, user__is_active=True)
            .exclude(user=user)
            .select_related("user")
            .order_by("joined_at", "pk")
            .first()
        )
        if successor is not None:
            successor.role = Role.ADMIN
            successor.save(update_fields=["role"])
            address, company_id, company_name = successor.user.email, company.pk, company.name
            transaction.on_commit(
                lambda a=address, pk=company_id, n=company_name: _mail_successor(a, pk, n), robust=True
            )
        handed.append((company, successor.user if successor else None))
    return handed


def _mail_successor(address, company_id, company_name):
    """The new administrator is told (in the site's language: an account has no other)."""
    from shop.companies import mail

    language = settings.LANGUAGE_CODE
    with translation.override(language):
        url = mail.absolute(reverse("account-company", args=[company_id]))
    mail.send(
        "company_admin_handed_over",
        {"company": company_name, "company_url": url},
        [address],
        language,
        directory="gdpr/email",
    )


def consequences(user) -> list[str]:
    """What the deletion does to the person's company roles, seats and unpaid invoices, in
    sentences to show them before they confirm."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from courses.models import Seat
    from shop.companies.models import Membership, Role
    from shop.invoicing.models import Invoice

    said = []
    for membership in Membership.objects.filter(user=user, role=Role.ADMIN).select_related("company"):
        company = membership.company
        others = Membership.objects.filter(company=company, user__is_active=True).exclude(user=user)
        successor = others.select_related("user").order_by("joined_at", "pk").first()
        if others.filter(role=Role.ADMIN).exists():
            said.append(_("%(company)s keeps its other administrators.") % {"company": company.name})
        elif successor is not None:
            said.append(
                _(
                    "You are the only administrator of %(company)s: the role passes to %(colleague)s, the member "
                    "who joined first, who is told. To choose someone else, make them an administrator first."
                )
                % {
                    "company": company.name,
                    "colleague": successor.user.get_full_name() or successor.user.email,
                }
            )
        else:
            said.append(
                _(
                    "You are the only administrator of %(company)s and it has no other member: its seats and orders "
                    "stay with the company, but nobody can give seats until we make someone its administrator "
                    "when the company asks."
                )
                % {"company": company.name}
            )
    seats = Seat.objects.taken().filter(holder=user).count()
    if seats:
        said.append(
            ngettext(
                "The seat you hold on a course ends; the company that gave it keeps the record of it.",
                "The %(count)d seats you hold on courses end; the companies that gave them keep the record of them.",
                seats,
            )
            % {"count": seats}
        )
    unpaid = Invoice.objects.filter(order__user=user).open().count()
    if unpaid:
        said.append(
            ngettext(
                "One invoice is unpaid: it stays payable by the company it was issued to, and is kept as "
                "the accounting law requires.",
                "%(count)d invoices are unpaid: they stay payable by the companies they were issued to, and "
                "are kept as the accounting law requires.",
                unpaid,
            )
            % {"count": unpaid}
        )
    return said
