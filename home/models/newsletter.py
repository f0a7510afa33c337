from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A confirmation link works this long; an unconfirmed sign-up is deleted once it has expired.
CONFIRM_DAYS = 3
# An unsubscribed row (no address left, only its keyed hash) is kept this long as the record
# of the consent and its withdrawal (GDPR art. 7(1)), then deleted (home/privacy.py).
KEPT_AFTER_UNSUBSCRIBING_MONTHS = 12


class NewsSubscription(models.Model):
    """One address's consent to our news, asked for on the site and confirmed from a link
    mailed to it (double opt-in). One row per address, found by the address's keyed hash:
    signing up again after unsubscribing asks for a fresh confirmation on the same row."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("news subscription", "Waiting for confirmation")
        CONFIRMED = "confirmed", pgettext_lazy("news subscription", "Subscribed")
        UNSUBSCRIBED = "unsubscribed", pgettext_lazy("news subscription", "Unsubscribed")

    # Emptied on unsubscribing: only `address_hash` is left, as on the suppression list.
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    # gdpr.suppression.address_hash(email): the same key as the suppression list's.
    address_hash = models.CharField(_("address (keyed hash)"), max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    # Only the signed-in person's own account, never one found by the address typed.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_subscriptions",
    )
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmation_mailed_at = models.DateTimeField(_("confirmation mailed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # The personal data policy's version the sign-up form linked to.
    policy_version = models.CharField(_("policy version"), max_length=20, blank=True)
    # Set when this confirmation took the address off the suppression list (a fresh consent
    # after an objection to direct marketing): the record of why it is mailed again.
    suppression_lifted_at = models.DateTimeField(_("suppression lifted"), null=True, blank=True)

    class Meta:
        verbose_name = _("news subscription")
        verbose_name_plural = _("news subscriptions")
        indexes = [models.Index(fields=["status", "asked_at"])]

    def __str__(self):
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def confirmation_expires_at(self):
        return self.asked_at + timedelta(days=CONFIRM_DAYS)


class NewsSend(models.Model):
    """A news item mailed to the subscribers, once: who asked, when, and where it stands.
    Each subscriber's mail is a `NewsDelivery`."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("news send", "Queued")
        SENDING = "sending", pgettext_lazy("news send", "Sending")
        DONE = "done", pgettext_lazy("news send", "Sent")
        STOPPED = "stopped", pgettext_lazy("news send", "Stopped: the page is no longer live")

    # The page sent from; the news item in every language shares its translation key.
    page = models.ForeignKey(
        "home.NewsPage",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    translation_key = models.UUIDField(_("translation key"), unique=True)
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("news send")
        verbose_name_plural = _("news sends")
        ordering = ["-requested_at", "-pk"]
        permissions = [("send_news", _("Can send news to the subscribers"))]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.STOPPED)


class NewsDelivery(models.Model):
    """One subscriber's mail of one send, claimed before it is sent: a row without
    `sent_at` is a mail that may or may not have left when its worker stopped, and is never
    sent again (at most once)."""

    send = models.ForeignKey(
        NewsSend, verbose_name=_("send"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        NewsSubscription, verbose_name=_("subscription"), on_delete=models.CASCADE, related_name="deliveries"
    )
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("news delivery")
        verbose_name_plural = _("news deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscription"], name="one_delivery_per_send_and_subscription"
            )
        ]

    def __str__(self):
        return f"{self.send_id}/{self.subscription_id}"
