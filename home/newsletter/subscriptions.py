"""News subscriptions with double opt-in. A sign-up mails a link that expires; following it
and pressing the button subscribes the address. Unsubscribing, from a news mail's link or
the privacy centre, is an objection to direct marketing: it is recorded as one and the
address goes on the suppression list, which only a later confirmed sign-up lifts.

What a visitor sees never tells whether an address is subscribed: every sign-up gets the
same answer, and an address gets a second confirmation mail only after `RESEND_AFTER`.
"""

from __future__ import annotations

from datetime import timedelta
from enum import Enum

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from gdpr import cases, suppression
from gdpr.models import PrivacyRequest
from home.contact.spam import Refused, count_this_hour, network
from home.models.newsletter import CONFIRM_DAYS, NewsSubscription

Status = NewsSubscription.Status

CONFIRM_SALT = "home.newsletter.confirm"
UNSUBSCRIBE_SALT = "home.newsletter.unsubscribe"
# However often an address is typed in, it gets one confirmation mail in this time; an
# address on the suppression list (its owner objected) one a day at most.
RESEND_AFTER = timedelta(minutes=30)
# Someone who objected may come back, but a stranger typing their address must not be
# able to mail them often: one confirmation a month.
RESEND_AFTER_SUPPRESSED = timedelta(days=30)
PER_NETWORK = 20  # sign-ups per /24 IPv4 or /64 IPv6 network and hour
MAX_TOKEN = 500  # longer than any link we make


class Link(Enum):
    """What a confirmation link is."""

    VALID = "valid"  # waiting for its button
    USED = "used"  # the address is subscribed already: the link was followed before
    EXPIRED = "expired"
    INVALID = "invalid"  # not ours, changed, or replaced (a newer sign-up, an unsubscription)


def take_rate_limit(request) -> None:
    """Count one sign-up from the client's network; raises `Refused` (429) past the limit."""
    if count_this_hour(f"news:network:{network(request)}") > PER_NETWORK:
        raise Refused(
            _(
                "We received many sign-ups from your network in the last hour. "
                "Please wait a while and try again."
            ),
            status=429,
        )


def own_account(user, email: str):
    """The signed-in person's account if `email` is its address: an address typed on a
    public form proves nothing about whose it is."""
    if user is None or not user.is_authenticated or user.email.strip().lower() != email.strip().lower():
        return None
    return user


def sign_up(email: str, *, language: str, user=None) -> None:
    """Mail `email` a confirmation link, unless it is subscribed already or was sent one a
    moment ago. Says nothing back: the answer is the same for every address."""
    email = email.strip()
    hashed = suppression.address_hash(email)
    now = timezone.now()
    with transaction.atomic():
        subscription = NewsSubscription.objects.select_for_update().filter(address_hash=hashed).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = NewsSubscription.objects.create(
                        email=email, address_hash=hashed, language=language, asked_at=now
                    )
            except IntegrityError:
                return  # the same address at the same moment: the other request mails it
        elif subscription.status == Status.CONFIRMED:
            return
        else:
            wait = RESEND_AFTER_SUPPRESSED if suppression.is_suppressed(email) else RESEND_AFTER
            if subscription.asked_at > now - wait:
                return  # the link mailed a moment ago still works
        # A pending sign-up asked again, or an unsubscribed address asking afresh: a new
        # link (the earlier one stops working), the language and policy of this request.
        subscription.email, subscription.language, subscription.status = email, language, Status.PENDING
        subscription.user = own_account(user, email)
        subscription.asked_at, subscription.confirmation_mailed_at = now, None
        subscription.confirmed_at = subscription.unsubscribed_at = subscription.suppression_lifted_at = None
        subscription.policy_version = cases.current_policy_version()
        subscription.save()
        _queue_confirmation(subscription.pk)


def _queue_confirmation(subscription_id: int) -> None:
    from home.tasks import mail_news_confirmation

    transaction.on_commit(lambda: mail_news_confirmation.delay(subscription_id))


def mail_confirmation(subscription_id: int) -> None:
    """The confirmation link of a pending sign-up, mailed once however often its task runs.

    It goes to a suppressed address too: it is the reply to a request made on our site,
    carries no news, and is the only way back onto the list (`confirm`)."""
    from shop.companies import mail as mailer

    with transaction.atomic():
        subscription = (
            NewsSubscription.objects.select_for_update()
            .filter(pk=subscription_id, status=Status.PENDING, confirmation_mailed_at__isnull=True)
            .first()
        )
        if subscription is None:
            return  # mailed already, confirmed, or gone
        with translation.override(subscription.language):
            token = confirmation_token(subscription)
            context = {
                "confirm_url": mailer.absolute(reverse("news-confirm", kwargs={"token": token})),
                "days": CONFIRM_DAYS,
                "expires_at": subscription.confirmation_expires_at,
            }
        mailer.send(
            "confirm", context, [subscription.email], subscription.language, directory="newsletter/email"
        )
        subscription.confirmation_mailed_at = timezone.now()
        subscription.save(update_fields=["confirmation_mailed_at"])


# --- Confirming: the link names the sign-up and the moment it was asked for ---


def _stamp(moment) -> int:
    return int(moment.timestamp())


def confirmation_token(subscription: NewsSubscription) -> str:
    return signing.dumps({"s": subscription.pk, "t": _stamp(subscription.asked_at)}, salt=CONFIRM_SALT)


def check_confirmation(token: str) -> tuple[Link, NewsSubscription | None]:
    try:
        payload = signing.loads(token[:MAX_TOKEN], salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS))
    except signing.SignatureExpired:
        return Link.EXPIRED, None
    except signing.BadSignature:
        return Link.INVALID, None
    if not isinstance(payload, dict) or not all(isinstance(payload.get(key), int) for key in ("s", "t")):
        return Link.INVALID, None
    subscription = NewsSubscription.objects.filter(pk=payload["s"]).first()
    if subscription is None or _stamp(subscription.asked_at) != payload["t"]:
        return Link.INVALID, None
    if subscription.status == Status.CONFIRMED:
        return Link.USED, subscription
    if subscription.status != Status.PENDING:
        return Link.INVALID, None
    return Link.VALID, subscription


def confirm(subscription: NewsSubscription, *, user=None) -> bool:
    """Subscribe the address of a pending sign-up; False if it is no longer pending as it was.

    The confirmation is a fresh consent from the address itself, so an address on the
    suppression list comes off it here (`gdpr.suppression.lift`), and the row says so.
    Nothing else ever lifts a suppression. A person signed in to the account of that
    address gets the subscription on their account (their privacy centre shows it)."""
    now = timezone.now()
    with transaction.atomic():
        pending = (
            NewsSubscription.objects.select_for_update()
            .filter(pk=subscription.pk, status=Status.PENDING, asked_at=subscription.asked_at)
            .first()
        )
        if pending is None:
            return False
        lifted = suppression.lift(pending.email)
        pending.status, pending.confirmed_at = Status.CONFIRMED, now
        pending.suppression_lifted_at = now if lifted else None
        pending.user = pending.user or own_account(user, pending.email)
        pending.save()
    return True


# --- Unsubscribing: the link names the address by its keyed hash, and never expires ---


def unsubscribe_token(subscription: NewsSubscription) -> str:
    # The keyed hash, not the row: a link in an old mail still finds the address after it
    # unsubscribed and signed up again.
    return signing.dumps({"a": subscription.address_hash}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscription: NewsSubscription) -> str:
    from shop.companies.mail import absolute

    with translation.override(subscription.language):
        return absolute(reverse("news-unsubscribe", kwargs={"token": unsubscribe_token(subscription)}))


def address_for_token(token: str) -> str | None:
    """The keyed hash of the address an unsubscribe link names, or None for a link not ours."""
    try:
        payload = signing.loads(token[:MAX_TOKEN], salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    hashed = payload.get("a") if isinstance(payload, dict) else None
    return hashed if isinstance(hashed, str) and len(hashed) == 64 else None


def current(address_hash: str) -> NewsSubscription | None:
    """The address's subscription, pending or confirmed; None once it has ended."""
    return (
        NewsSubscription.objects.filter(address_hash=address_hash).exclude(status=Status.UNSUBSCRIBED).first()
    )


def unsubscribe(address_hash: str, *, language: str) -> bool:
    """End the subscription of the address, as an objection to direct marketing; False if
    it had ended already (a second click is no error).

    The objection is recorded as the privacy centre records one: a closed request in the
    staff's queue (without the address, which we no longer keep), the account's objection
    if the subscription is on an account, and the address on the suppression list."""
    with transaction.atomic():
        subscription = (
            NewsSubscription.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(address_hash=address_hash)
            .first()
        )
        if subscription is None or subscription.status == Status.UNSUBSCRIBED:
            return False
        email, account = subscription.email, subscription.user
        request = cases.open_request(
            cases.Kind.MARKETING_OBJECTION,
            user=account,
            channel=PrivacyRequest.Channel.EMAIL,
            language=language,
            details=translation.gettext("Unsubscribed from our news with the link in a news mail."),
        )
        cases.verify(request, PrivacyRequest.Identity.EMAIL_LINK)
        cases.object_to_marketing(request)
        suppression.suppress(email)
        end_subscriptions(NewsSubscription.objects.filter(pk=subscription.pk))
    return True


def end_subscriptions(queryset) -> int:
    """Unsubscribed, and the address gone: the suppression list keeps its keyed hash."""
    return queryset.exclude(status=Status.UNSUBSCRIBED).update(
        status=Status.UNSUBSCRIBED, email="", unsubscribed_at=timezone.now()
    )


def for_account(user) -> NewsSubscription | None:
    """The subscription on the person's account, if they are subscribed."""
    return user.news_subscriptions.filter(status=Status.CONFIRMED).order_by("-confirmed_at").first()
