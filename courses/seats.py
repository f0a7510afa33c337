"""A company's seats: giving them to people by e-mail, taking them back, and the
learner's enrolment that each seat given grants.

Giving seats locks the pool's row, so two administrators giving the last free seat at
the same moment give it once. A pasted list is all or nothing, and costs the same
handful of queries for one address or a hundred.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from shop.companies.invitations import invitation_offers
from shop.companies.membership import (
    create_invitations,
    invitation_accepted,
    normalise_email,
    queue_invitation_mails,
)
from shop.companies.models import Company, Invitation

from .models import CoursePage, Enrolment, GrantSource, Seat

MAX_ADDRESSES = 500
MAX_ADDRESS_LENGTH = 254  # what an e-mail column holds (RFC 5321's path limit)
MAX_PASTE = 64_000  # characters in a pasted list: 500 long addresses, with room to spare
SEPARATORS = re.compile(r"[\s,;]+")


def pools_administered_by(user):
    """Active seat pools of the companies `user` administers: the only way to a pool."""
    return (
        Enrolment.objects.active()
        .filter(company__in=Company.objects.administered_by(user))
        .select_related("company", "course", "order_line__order")
    )


def with_counts(pools):
    return pools.annotate(
        seats_taken=Count("assigned_seats", filter=Q(assigned_seats__released_at__isnull=True))
    )


def parse_addresses(text: str) -> list[str]:
    """E-mail addresses from a pasted list (one per line, or separated by commas or
    semicolons), normalised and without repeats; any invalid one is an error."""
    addresses, seen, invalid = [], set(), []
    for raw in SEPARATORS.split(text or ""):
        raw = raw.strip().strip("<>")
        if not raw:
            continue
        try:
            if len(raw) > MAX_ADDRESS_LENGTH:
                raise ValidationError("too long")
            validate_email(raw)
        except ValidationError:
            invalid.append(raw[:MAX_ADDRESS_LENGTH])
            continue
        address = normalise_email(raw)
        if address not in seen:
            seen.add(address)
            addresses.append(address)
            if len(addresses) > MAX_ADDRESSES:
                raise ValidationError(_("Give at most %(max)d seats at a time.") % {"max": MAX_ADDRESSES})
    if invalid:
        raise ValidationError(
            ngettext(
                "This is not an e-mail address: %(list)s",
                "These are not e-mail addresses: %(list)s",
                len(invalid),
            )
            % {"list": ", ".join(invalid[:10])}
        )
    if not addresses:
        raise ValidationError(_("Enter at least one e-mail address."))
    return addresses


@dataclass
class Assigned:
    enrolled: list[str] = field(default_factory=list)  # had an account: learning now
    invited: list[str] = field(default_factory=list)  # no account yet: invitation sent
    already: list[str] = field(default_factory=list)  # held a seat of this pool already


@transaction.atomic
def assign_seats(pool: Enrolment, addresses: list[str], by) -> Assigned:
    """Give a seat of `pool` to each address, or to none if there are too few free."""
    pool = pools_administered_by(by).select_for_update(of=("self",)).filter(pk=pool.pk).first()
    if pool is None:
        raise PermissionDenied
    taken = list(pool.assigned_seats.taken().values_list("email", flat=True))
    result = Assigned(already=[address for address in addresses if address in taken])
    new = [address for address in addresses if address not in taken]
    free = pool.seats - len(taken)
    if len(new) > free:
        raise ValidationError(
            ngettext(
                "Only %(free)d seat is free, and you gave %(count)d new addresses.",
                "Only %(free)d seats are free, and you gave %(count)d new addresses.",
                free,
            )
            % {"free": free, "count": len(new)}
        )
    if not new:
        return result
    accounts = {
        account.email_lower: account
        for account in get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=new)
    }
    language = get_language()
    invitations = {
        invitation.email: invitation
        for invitation in create_invitations(
            pool.company, [a for a in new if a not in accounts], by, as_member=False, language=language
        )
    }
    now = timezone.now()
    seats = Seat.objects.bulk_create(
        [
            Seat(
                pool=pool,
                email=address,
                holder=accounts.get(address),
                invitation=invitations.get(address),
                language=language,
                assigned_by=by,
                assigned_at=now,
            )
            for address in new
        ]
    )
    held = [seat for seat in seats if seat.holder is not None]
    _enrol(held, pool)
    result.enrolled = [seat.email for seat in held]
    result.invited = [seat.email for seat in seats if seat.holder is None]
    if held:
        from .tasks import tell_seat_holders

        held_ids = [seat.pk for seat in held]
        transaction.on_commit(lambda: tell_seat_holders.delay(held_ids))
    return result


def _enrol(seats: list[Seat], pool: Enrolment) -> None:
    Enrolment.objects.bulk_create(
        [
            Enrolment(source=GrantSource.SEAT, seat=seat, user=seat.holder, course_id=pool.course_id)
            for seat in seats
        ]
    )


def give_seat_to_buyer(pool: Enrolment, buyer, language: str) -> Seat:
    """A single seat bought: the buyer holds it at once (the order's mail says so)."""
    seat = Seat.objects.create(
        pool=pool, email=normalise_email(buyer.email), holder=buyer, language=language, assigned_by=buyer,
        notified_at=timezone.now(),
    )  # fmt: skip
    _enrol([seat], pool)
    return seat


def seat_of(pool: Enrolment, seat_id: int) -> Seat:
    seat = pool.assigned_seats.taken().select_related("invitation").filter(pk=seat_id).first()
    if seat is None:
        raise ValidationError(_("This seat has already been taken back."))
    return seat


@transaction.atomic
def take_back(pool: Enrolment, seat_id: int, by) -> Seat:
    """Free a seat whose holder never started; an invitation not yet used is withdrawn."""
    pool = pools_administered_by(by).select_for_update(of=("self",)).filter(pk=pool.pk).first()
    if pool is None:
        raise PermissionDenied
    seat = seat_of(pool, seat_id)
    enrolment = Enrolment.objects.filter(seat=seat).first()
    if enrolment is not None and enrolment.started_at is not None:
        raise ValidationError(
            _("%(email)s has started the course: a seat that was used cannot be taken back.")
            % {"email": seat.email}
        )
    release([seat], _("The seat was taken back."))
    return seat


def release(seats, reason: str) -> None:
    """Seats taken back: their enrolments revoked, their unused invitations withdrawn."""
    now = timezone.now()
    seat_ids = [seat.pk for seat in seats]
    invitation_ids = {seat.invitation_id for seat in seats if seat.invitation_id}
    # Invitations first, as accepting one locks it before its seats: no deadlock.
    list(Invitation.objects.select_for_update().filter(pk__in=invitation_ids).values_list("pk", flat=True))
    Seat.objects.filter(pk__in=seat_ids, released_at__isnull=True).update(released_at=now)
    Enrolment.objects.filter(seat__in=seat_ids).revoke(reason)
    # An invitation also asking the person to join the company stays: only its seat goes.
    Invitation.objects.filter(pk__in=invitation_ids, as_member=False).open().exclude(
        seats__released_at__isnull=True
    ).update(withdrawn_at=now)


def release_pools(pools, reason: str) -> None:
    """The order behind these pools was cancelled or credited."""
    release(list(Seat.objects.taken().filter(pool__in=pools)), reason)


@transaction.atomic
def resend_invitation(pool: Enrolment, seat_id: int, by) -> Seat:
    if not pools_administered_by(by).filter(pk=pool.pk).exists():
        raise PermissionDenied
    seat = seat_of(pool, seat_id)
    if seat.holder_id is not None or seat.invitation is None or not seat.invitation.is_open:
        raise ValidationError(_("%(email)s already has the seat.") % {"email": seat.email})
    queue_invitation_mails([seat.invitation_id])
    return seat


@receiver(invitation_accepted)
def give_invited_seats(sender, invitation, user, **kwargs):
    """The invited person has an account now: the seats waiting for them are theirs."""
    seats = list(
        Seat.objects.taken()
        .filter(invitation=invitation, holder__isnull=True, pool__revoked_at__isnull=True)
        .select_related("pool")
    )
    Seat.objects.filter(pk__in=[seat.pk for seat in seats], released_at__isnull=True).update(holder=user)
    for seat in seats:
        seat.holder = user
        _enrol([seat], seat.pool)


@receiver(invitation_offers)
def invited_courses(sender, invitation, language=None, **kwargs) -> list[str]:
    pools = Seat.objects.taken().filter(invitation=invitation).values_list("pool__course_id", flat=True)
    return list(course_titles(set(pools), language or invitation.language).values())


def course_titles(course_ids, language: str) -> dict[int, str]:
    """Each course's title in `language`, falling back to any live page's."""
    titles = {}
    for page in (
        CoursePage.objects.live()
        .filter(course_id__in=course_ids)
        .select_related("locale")
        .only("title", "course_id", "locale__language_code")
    ):
        if page.course_id not in titles or page.locale.language_code == language:
            titles[page.course_id] = page.title
    return titles
