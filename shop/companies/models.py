"""A company account belongs to the people in it, never to whoever knows its number.

Organisation numbers are public, so the number is not an identity: two buyers who give
the same number at checkout get two company accounts, each administered by its first
buyer, until one of them asks to join the other and its administrators approve.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    MEMBER = "member", _("member")


class CompanyQuerySet(models.QuerySet):
    def administered_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__role=Role.ADMIN)

    def of_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Company(models.Model):
    """A buying company as its first buyer registered it at checkout."""

    name = models.CharField(_("company name"), max_length=200)
    organisation_number = models.CharField(_("organisation number"), max_length=11, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organisation_number})"

    def administrators(self):
        return self.memberships.filter(role=Role.ADMIN).select_related("user")


class Membership(models.Model):
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="company_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["company", "-role", "joined_at"]
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="membership_once_per_person")]

    def __str__(self):
        return f"{self.user}: {self.company} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class JoinRequest(models.Model):
    """A buyer who gave the same organisation number asks to join an existing company."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="company_join_requests",
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"],
                condition=Q(outcome="pending"),
                name="join_request_one_pending_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.company} ({self.get_outcome_display()})"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_lifetime() -> timedelta:
    return timedelta(days=settings.COMPANY_INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def usable(self):
        return self.open().filter(expires_at__gt=timezone.now())

    def for_token(self, token: str):
        return self.filter(token_hash=_token_hash(token))


class Invitation(models.Model):
    """An e-mail address a company invited: to join it, or to take a seat, or both.

    Only a hash of the link's token is stored; the link itself is in the mail alone.
    """

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    as_member = models.BooleanField(
        _("joins the company"), default=False, help_text=_("Otherwise the invitation is for seats only.")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    mail_pending = models.BooleanField(default=False, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.company}"

    def new_token(self) -> str:
        """Give the invitation a fresh link (the old one stops working) and a new expiry."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _token_hash(token)
        self.sent_at = timezone.now()
        self.expires_at = self.sent_at + invitation_lifetime()
        return token

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()
