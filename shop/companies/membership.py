"""Who is in a company, and how people come in and go: checkout, requests to join,
invitations, removal and the administrator role.

Every function takes the person acting and checks their right itself, so that a view
can never do more than its user may.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Company, Invitation, JoinRequest, Membership, Role

# Sent in the accepting transaction: learning gives the invitation's seats to `user`.
invitation_accepted = Signal()  # sender=Invitation, invitation=, user=


def company_for_checkout(user, organisation_number: str, name: str) -> Company:
    """The company account an order for `organisation_number` goes to.

    The company with that number that the buyer administers, if any (its oldest);
    otherwise a new company account that the buyer administers: the first buyer of a
    number, a later buyer (knowing a number gives nothing) and a member who is not an
    administrator alike, so that whoever buys seats can always give them. Never renames
    anything.
    """
    if user is not None:
        company = (
            Company.objects.administered_by(user)
            .filter(organisation_number=organisation_number)
            .order_by("created_at", "pk")
            .first()
        )
        if company is not None:
            return company
    company = Company.objects.create(name=name, organisation_number=organisation_number)
    if user is not None:
        Membership.objects.create(company=company, user=user, role=Role.ADMIN)
    return company


def membership_of(user, company) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, company=company).first()


def require_admin(user, company) -> Membership:
    membership = membership_of(user, company)
    if membership is None or not membership.is_admin:
        raise PermissionDenied
    return membership


# --- Requests to join ---------------------------------------------------------------


def companies_to_join(user):
    """Other company accounts with a number the user bought for, which they are not in.

    Only the number is shown for them: their name and people are none of this user's
    business until the request is approved.
    """
    own_numbers = Company.objects.administered_by(user).values("organisation_number")
    return (
        Company.objects.filter(organisation_number__in=own_numbers, memberships__role=Role.ADMIN)
        .exclude(memberships__user=user)
        .distinct()
        .order_by("created_at")
    )


@transaction.atomic
def request_to_join(user, company: Company) -> JoinRequest:
    if not companies_to_join(user).filter(pk=company.pk).exists():
        raise PermissionDenied
    join_request, created = JoinRequest.objects.get_or_create(
        company=company, user=user, outcome=JoinRequest.Outcome.PENDING
    )
    if created:
        from .tasks import send_join_request

        transaction.on_commit(lambda: send_join_request.delay(join_request.pk))
    return join_request


@transaction.atomic
def decide_join_request(join_request: JoinRequest, by, approve: bool) -> JoinRequest:
    require_admin(by, join_request.company)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.outcome != JoinRequest.Outcome.PENDING:
        raise ValidationError(_("This request has already been answered."))
    join_request.outcome = JoinRequest.Outcome.APPROVED if approve else JoinRequest.Outcome.REFUSED
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save(update_fields=["outcome", "decided_at", "decided_by"])
    if approve:
        Membership.objects.get_or_create(
            company=join_request.company, user=join_request.user, defaults={"role": Role.MEMBER}
        )
    from .tasks import send_join_answer

    transaction.on_commit(lambda: send_join_answer.delay(join_request.pk))
    return join_request


@transaction.atomic
def withdraw_join_request(join_request: JoinRequest, by) -> None:
    if join_request.user_id != by.pk:
        raise PermissionDenied
    JoinRequest.objects.filter(pk=join_request.pk, outcome=JoinRequest.Outcome.PENDING).update(
        outcome=JoinRequest.Outcome.WITHDRAWN, decided_at=timezone.now(), decided_by=by
    )


# --- Invitations -------------------------------------------------------------------


def normalise_email(address: str) -> str:
    return address.strip().lower()


def create_invitations(company: Company, emails, by, *, as_member: bool, language=None) -> list[Invitation]:
    """Invitations for `emails`, their mails queued after commit (one query to insert)."""
    language = language or get_language()
    invitations = []
    for email in emails:
        invitation = Invitation(
            company=company, email=email, as_member=as_member, language=language, invited_by=by
        )
        invitation.new_token()  # a placeholder: the mail task gives it the link it sends
        invitations.append(invitation)
    invitations = Invitation.objects.bulk_create(invitations)
    queue_invitation_mails([invitation.pk for invitation in invitations])
    return invitations


def queue_invitation_mails(invitation_ids: list[int]) -> None:
    if not invitation_ids:
        return
    from .tasks import send_invitations

    Invitation.objects.filter(pk__in=invitation_ids).update(mail_pending=True)
    transaction.on_commit(lambda: send_invitations.delay(invitation_ids))


@transaction.atomic
def invite_member(company: Company, email: str, by) -> Invitation:
    require_admin(by, company)
    email = normalise_email(email)
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already in the company.") % {"email": email})
    if company.invitations.usable().filter(email__iexact=email, as_member=True).exists():
        raise ValidationError(
            _("%(email)s has already been invited. You can send the invitation again.") % {"email": email}
        )
    return create_invitations(company, [email], by, as_member=True)[0]


@transaction.atomic
def resend_invitation(invitation: Invitation, by) -> None:
    require_admin(by, invitation.company)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has been accepted or withdrawn."))
    queue_invitation_mails([invitation.pk])


@transaction.atomic
def withdraw_invitation(invitation: Invitation, by) -> None:
    """Withdraw a membership invitation (seat invitations are withdrawn with their seat)."""
    require_admin(by, invitation.company)
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(withdrawn_at=timezone.now())


def check_invitation(invitation: Invitation) -> None:
    if invitation.withdrawn_at is not None:
        raise ValidationError(_("This invitation has been withdrawn."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.has_expired:
        raise ValidationError(
            _("This invitation has expired. Ask the person who invited you to send it again.")
        )


@transaction.atomic
def accept_invitation(invitation: Invitation, user) -> Invitation:
    """`user` (whose address the invitation is for) joins and takes its seats."""
    invitation = Invitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    check_invitation(invitation)
    if normalise_email(user.email) != normalise_email(invitation.email):
        raise PermissionDenied
    if invitation.as_member:
        Membership.objects.get_or_create(
            company=invitation.company, user=user, defaults={"role": Role.MEMBER}
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return invitation


@transaction.atomic
def create_account_and_accept(invitation: Invitation, first_name: str, last_name: str, password: str):
    """The invited person has no account, or one without a password (made at a guest
    checkout or a registration): the link proved the address is theirs."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation(invitation)  # a second submit waits for the first, then finds it used
    User = get_user_model()
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            email=invitation.email, password=password, first_name=first_name, last_name=last_name
        )
    elif not user.has_usable_password():
        user.first_name, user.last_name = first_name, last_name
        user.set_password(password)
        user.save(update_fields=["first_name", "last_name", "password"])
    else:
        raise ValidationError(_("An account with this e-mail address exists already. Please sign in."))
    accept_invitation(invitation, user)
    return user


# --- Members and the administrator role ------------------------------------------------


def _admins_left(company, without: Membership) -> bool:
    return company.memberships.filter(role=Role.ADMIN).exclude(pk=without.pk).exists()


@transaction.atomic
def remove_member(membership: Membership, by) -> None:
    """An administrator removes someone, or a person leaves; a company keeps an administrator."""
    company = Company.objects.select_for_update().get(pk=membership.company_id)
    if membership.user_id != by.pk:
        require_admin(by, company)
    if membership.is_admin and not _admins_left(company, membership):
        raise ValidationError(_("A company needs an administrator: hand the role on to someone else first."))
    membership.delete()


@transaction.atomic
def make_admin(membership: Membership, by) -> None:
    require_admin(by, membership.company)
    Membership.objects.filter(pk=membership.pk).update(role=Role.ADMIN)


@transaction.atomic
def step_down(membership: Membership, by) -> None:
    """`by` hands the administrator role back, once someone else holds it."""
    company = Company.objects.select_for_update().get(pk=membership.company_id)
    if membership.user_id != by.pk or not membership.is_admin:
        raise PermissionDenied
    if not _admins_left(company, membership):
        raise ValidationError(_("Make someone else an administrator first."))
    Membership.objects.filter(pk=membership.pk).update(role=Role.MEMBER)


@transaction.atomic
def hand_over(membership: Membership, to: Membership, by) -> None:
    """Make `to` an administrator and `by` (its current one) a member, at once."""
    if to.company_id != membership.company_id:
        raise PermissionDenied
    make_admin(to, by)
    step_down(membership, by)
