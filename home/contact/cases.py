"""Contact cases: a message from the contact page opens one; staff reply (mailed to the
person), write notes (never mailed), assign it and change its status. Mails are queued
after commit and each is sent once, however often its task runs."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from home.models import CompanySettings, ContactCase, ContactMessage

HANDLE = "home.handle_contactcase"
VIEW_HISTORY = "home.view_closed_contact_history"

Status, Kind = ContactCase.Status, ContactMessage.Kind


def can_handle(user) -> bool:
    return user.is_active and user.has_perm(HANDLE)


def handlers():
    """The people a case can be assigned to: whoever may handle cases."""
    permission = Permission.objects.filter(content_type__app_label="home", codename="handle_contactcase")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission)
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def open_case(*, name, email, company, subject, message, language, user=None) -> ContactCase:
    """A case with the person's message; the acknowledgement is mailed after commit.

    The case belongs to an account only when its owner is signed in and wrote their own
    address: an address typed on a public form proves nothing about whose it is.
    """
    email = email.strip()
    account = user if user is not None and user.is_authenticated else None
    if account is not None and account.email.lower() != email.lower():
        account = None
    with transaction.atomic():
        case = ContactCase.objects.create(
            name=name, email=email, company=company, subject=subject, language=language, user=account
        )
        inbound = case.messages.create(kind=Kind.INBOUND, author=account, body=message)
        _queue_mail(inbound)
    return case


def reply(case: ContactCase, body: str, *, by) -> ContactMessage:
    """Mailed to the person; the case then waits for them."""
    with transaction.atomic():
        message = case.messages.create(kind=Kind.REPLY, author=by, body=body)
        _change(case, status=Status.WAITING)
        _queue_mail(message)
    return message


def add_note(case: ContactCase, body: str, *, by) -> ContactMessage:
    """For staff only: never mailed."""
    with transaction.atomic():
        message = case.messages.create(kind=Kind.NOTE, author=by, body=body)
        _change(case)
    return message


def update(case: ContactCase, *, status: str, assigned_to) -> bool:
    """Set the status and who handles the case; True if anything changed."""
    if (status, assigned_to) == (case.status, case.assigned_to):
        return False
    case.assigned_to = assigned_to
    # Assigning a new case is taking it on.
    if status == Status.NEW and assigned_to is not None:
        status = Status.OPEN
    _change(case, status=status)
    return True


def _change(case: ContactCase, status: str | None = None) -> None:
    now = timezone.now()
    if status is not None and status != case.status:
        case.status = status
        case.closed_at = now if status == Status.CLOSED else None
    case.last_activity_at = now
    case.save()


def _queue_mail(message: ContactMessage) -> None:
    from home.tasks import mail_contact_message

    transaction.on_commit(lambda: mail_contact_message.delay(message.pk))


def mail_message(message_id: int) -> None:
    """The acknowledgement of the person's message, or a reply; a note is never mailed.

    The acknowledgement repeats nothing the person typed: a form that mails any address
    what a visitor writes would carry anyone's spam.
    """
    from shop.companies import mail as mailer

    with transaction.atomic():
        message = (
            ContactMessage.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(pk=message_id, kind__in=(Kind.INBOUND, Kind.REPLY), mailed_at__isnull=True)
            .first()
        )
        if message is None:
            return  # mailed already, a note, or erased since
        case = message.case
        with translation.override(case.language):
            context = {
                "case": case,
                "message": message,
                "contact_url": mailer.absolute(reverse("contact")),
                "policy_url": policy_url(),
            }
        name = "acknowledgement" if message.kind == Kind.INBOUND else "reply"
        mailer.send(name, context, [case.email], case.language, directory="contact/email")
        message.mailed_at = timezone.now()
        message.save(update_fields=["mailed_at"])


def policy_url() -> str:
    """The personal data policy's address in the active language, or "" if there is none."""
    from wagtail.models import Site

    from shop.companies.mail import absolute

    site = Site.objects.filter(is_default_site=True).first()
    policy = CompanySettings.for_site(site).privacy_policy_page if site else None
    if policy is None:
        return ""
    return absolute(policy.localized.get_url(None, current_site=site))
