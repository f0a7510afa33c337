from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gdpr.retention import add_months

# A closed case becomes history after this many months (or when the person's customer
# relationship ends): from then on only staff with `home.view_closed_contact_history` see it.
HISTORY_AFTER_MONTHS = 6
# A case of someone not signed in is erased this many months after it was last handled
# (its closing, as a rule); one linked to an account, this long after the customer
# relationship ends (home/privacy.py).
KEPT_MONTHS = 12
MAX_MESSAGE = 5000


class ContactCaseQuerySet(models.QuerySet):
    def open_first(self):
        """New, open and waiting cases before closed ones; the latest activity first in each."""
        rank = Case(
            *(When(status=status, then=Value(i)) for i, status in enumerate(ContactCase.Status.values)),
            output_field=IntegerField(),
        )
        return self.annotate(status_rank=rank).order_by("status_rank", "-last_activity_at", "-pk")

    def history(self, now=None):
        """Closed cases kept as history: closed long ago, or the person is no longer a customer."""
        now = now or timezone.now()
        return self.filter(
            Q(closed_at__lt=add_months(now, -HISTORY_AFTER_MONTHS))
            | Q(user__privacy_relationship__ended_at__isnull=False),
            status=ContactCase.Status.CLOSED,
        )

    def visible_to(self, user):
        """Everything for whoever may see the history; the rest see current cases only."""
        if user.has_perm("home.view_closed_contact_history"):
            return self
        return self.exclude(pk__in=self.history().values("pk"))


class ContactCase(models.Model):
    """A message sent from the contact page, and its handling by staff in the admin."""

    class Status(models.TextChoices):
        # In the order the staff's list shows them. A context of their own: "Open" is an
        # unpaid invoice elsewhere, "Closed" a list of requests.
        NEW = "new", pgettext_lazy("contact case", "New")
        OPEN = "open", pgettext_lazy("contact case", "Open")
        WAITING = "waiting", pgettext_lazy("contact case", "Waiting for the person")
        CLOSED = "closed", pgettext_lazy("contact case", "Closed")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    company = models.CharField(_("company"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Only the signed-in person's own account, never one found by the address typed.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_cases",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_contact_cases",
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # A message, a reply, a note or a change of status: a guest's case is kept from it.
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)

    objects = ContactCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact case")
        verbose_name_plural = _("contact cases")
        permissions = [
            ("handle_contactcase", _("Can handle contact cases")),
            ("view_closed_contact_history", _("Can see closed contact cases kept as history")),
        ]

    def __str__(self):
        return f"#{self.pk} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class ContactMessage(models.Model):
    """One entry in a case's thread: the person's message, a reply mailed to them, or a
    note between staff that is never mailed."""

    class Kind(models.TextChoices):
        INBOUND = "inbound", _("Message from the person")
        REPLY = "reply", _("Reply by e-mail")
        NOTE = "note", _("Internal note")

    case = models.ForeignKey(ContactCase, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"), max_length=MAX_MESSAGE)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    # Set once the mail is sent (the acknowledgement, or the reply): a task run twice mails once.
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"
