"""The privacy engine's own facts: customer relationships, legal holds, restrictions,
the erasure journal and the registry fingerprint of each published policy."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from home.private.storage import private_storage


class CustomerRelationship(models.Model):
    """When a person's customer relationship started and ended: retention counts from its end."""

    class EndReason(models.TextChoices):
        ACCOUNT_CLOSED = "account_closed", _("Account closed")
        LAST_ENROLMENT_OVER = "last_enrolment_over", _("Last enrolment over")
        CONTRACT_OVER = "contract_over", _("Contract over")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="privacy_relationship",
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, db_index=True)
    end_reason = models.CharField(_("reason it ended"), max_length=30, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = _("customer relationship")
        verbose_name_plural = _("customer relationships")

    def __str__(self):
        return f"{self.user_id}: {self.started_at:%Y-%m-%d}–{self.ended_at or ''}"

    @property
    def is_over(self) -> bool:
        return self.ended_at is not None


class LegalHoldQuerySet(models.QuerySet):
    def active(self, today=None):
        today = today or timezone.localdate()
        return self.filter(released_at__isnull=True).filter(Q(until__isnull=True) | Q(until__gte=today))

    def for_record(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class LegalHold(models.Model):
    """Stops erasure of one person, or of one record, and says why (a dispute, an authority's
    request, an ongoing contract)."""

    class Basis(models.TextChoices):
        LEGAL_CLAIM = "legal_claim", _("Establishment, exercise or defence of legal claims (art. 17(3)(e))")
        LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation (art. 17(3)(b))")
        AUTHORITY = "authority", _("A request from a court or an authority")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="privacy_holds",
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    basis = models.CharField(_("legal basis"), max_length=30, choices=Basis.choices)
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("set"), default=timezone.now)
    until = models.DateField(_("until"), null=True, blank=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | (Q(content_type__isnull=False) & ~Q(object_id="")),
                name="legal_hold_on_person_or_record",
            )
        ]

    def __str__(self):
        return f"{self.get_basis_display()}: {self.reason}"

    def describe(self) -> str:
        return f"{self.get_basis_display()}: {self.reason}"


class ProcessingRestriction(models.Model):
    """GDPR art. 18: while active, nothing non-essential (marketing, evaluations, statistics)
    processes this person. Ask `gdpr.is_restricted(user, purpose)`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="privacy_restrictions",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("restricted"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(lifted_at__isnull=True), name="one_active_restriction_per_person"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.reason}"


class ErasureRun(models.Model):
    """The journal of one erasure: which steps ran and what they did. It names the account by
    its id only, so it holds nothing about the person once the account is anonymised, and
    can be replayed after a restore from backup."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        BLOCKED = "blocked", _("Blocked by a legal hold")
        COMPLETE = "complete", _("Complete")
        PARTIAL = "partial", _("Complete, some records retained")

    user_id = models.BigIntegerField(_("account id"), db_index=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    steps = models.JSONField(_("steps"), default=dict)

    class Meta:
        verbose_name = _("erasure run")
        verbose_name_plural = _("erasure runs")

    def __str__(self):
        return f"{self.user_id} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class PolicyRegistryStamp(models.Model):
    """The registry's fingerprint when a policy page showing it was last published."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="privacy_stamp")
    fingerprint = models.CharField(max_length=64)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("policy registry stamp")
        verbose_name_plural = _("policy registry stamps")

    def __str__(self):
        return f"{self.page_id}: {self.fingerprint}"


class DataExport(models.Model):
    """A file for the person, built by a worker: their copy of their data (GDPR art. 20), a
    zip of JSON and CSV per category, or their register extract as a PDF (art. 15), which
    takes half a minute for a long history. The link works for `DOWNLOAD_DAYS`; the
    retention sweep then deletes the file with the row."""

    DOWNLOAD_DAYS = 7
    # A copy still pending or building after this long lost its worker: the person may
    # ask again.
    STALE_AFTER = timedelta(hours=1)

    class Format(models.TextChoices):
        ZIP = "zip", _("A copy of the data (zip)")
        PDF = "pdf", _("Register extract (PDF)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for its turn")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    format = models.CharField(_("format"), max_length=3, choices=Format.choices, default=Format.ZIP)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Set when asked for, and again when ready: every row ends, a failed one too.
    expires_at = models.DateTimeField(_("link expires"))
    file = models.FileField(_("file"), storage=private_storage, upload_to="exports/", blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at"]
        constraints = [
            # One being made at a time: a second click, or a second tab, waits for it.
            models.UniqueConstraint(
                fields=["user", "format"],
                condition=Q(status__in=["pending", "building"]),
                name="one_export_in_progress_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.requested_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def in_progress(self) -> bool:
        return (
            self.status in (self.Status.PENDING, self.Status.BUILDING)
            and self.requested_at > timezone.now() - self.STALE_AFTER
        )

    @property
    def lost(self) -> bool:
        """Still pending or building long after it was asked for: its worker was lost."""
        return self.status in (self.Status.PENDING, self.Status.BUILDING) and not self.in_progress

    @property
    def downloadable(self) -> bool:
        return (
            self.status == self.Status.READY
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )


class Objection(models.Model):
    """A person's objection or withdrawal, recorded with its time and the version of the
    personal data policy in force (GDPR art. 7(3), 21)."""

    class Kind(models.TextChoices):
        DIRECT_MARKETING = "direct_marketing", _("Objection to direct marketing")
        PROFILING = "profiling", _("Objection to profiling")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    made_at = models.DateTimeField(_("made"), default=timezone.now)
    policy_version = models.CharField(_("policy version"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-made_at"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_objection_per_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.made_at:%Y-%m-%d}"


class SuppressedAddress(models.Model):
    """An e-mail address that is never sent marketing again, kept as a keyed hash: it
    outlives the account (an erased person must not be mailed again) and names nobody."""

    address_hash = models.CharField(_("address (keyed hash)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return self.address_hash[:12]


class AccountDeletion(models.Model):
    """A person's request to delete their account: the account is locked at once, and after
    the cooling-off period the registry's erasure runs, unless the person cancelled from
    the link in their mail. The row stays as the record that the request was carried out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="deletions",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    carry_out_after = models.DateTimeField(_("carried out after"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    carried_out_at = models.DateTimeField(_("carried out"), null=True, blank=True)
    blocked_at = models.DateTimeField(
        _("blocked"), null=True, blank=True, help_text=_("A legal hold stopped the erasure; staff decide.")
    )
    # Its case in the staff's queue: closing that case cancels the deletion.
    request = models.OneToOneField(
        "gdpr.PrivacyRequest",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_deletion",
    )

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(cancelled_at__isnull=True, carried_out_at__isnull=True, blocked_at__isnull=True),
                name="one_open_deletion_per_account",
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.requested_at:%Y-%m-%d}"


class PrivacyRequest(models.Model):
    """One request about a person's rights, from the privacy centre or entered by staff for a
    mail, a call or a letter: who asked, how we know it is them, the deadline (a month,
    extendable by two with a reason the person is told), where it stands, and its steps."""

    class Kind(models.TextChoices):
        EXTRACT = "extract", _("Register extract")
        PORTABILITY = "portability", _("A copy of the data (portability)")
        RECTIFICATION = "rectification", _("Rectification")
        RESTRICTION = "restriction", _("Restriction of processing")
        ERASURE = "erasure", _("Erasure")
        MARKETING_OBJECTION = "marketing", _("Objection to direct marketing")
        OBJECTION = "objection", _("Other objection")
        OTHER = "other", _("Other")

    class Channel(models.TextChoices):
        WEB = "web", _("Privacy centre")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Telephone")
        LETTER = "letter", _("Letter")

    class Identity(models.TextChoices):
        PENDING = "pending", _("Not checked yet")
        SIGNED_IN = "signed_in", _("Signed in to their account")
        EMAIL_LINK = "email_link", _("Confirmed from a link mailed to the address")
        STAFF = "staff", _("Checked by staff")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Identity verified")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DONE_RETAINED = "done_retained", _("Done, some records retained")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    OPEN = (Status.SUBMITTED, Status.VERIFIED, Status.IN_PROGRESS, Status.FAILED)
    # What one person cannot have twice at once: a second click, or a second tab, finds the first.
    ONE_AT_A_TIME = (Kind.EXTRACT, Kind.PORTABILITY, Kind.RESTRICTION, Kind.ERASURE)
    MONTHS_TO_ANSWER = 1
    MONTHS_OF_EXTENSION = 2

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="privacy_requests",
    )
    email = models.EmailField(_("e-mail address"), blank=True, help_text=_("Where we answer."))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    details = models.TextField(_("what the person asks"), blank=True)
    policy_version = models.CharField(
        _("policy version"),
        max_length=20,
        blank=True,
        help_text=_("The personal data policy in force when it came."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identity = models.CharField(
        _("identity check"), max_length=20, choices=Identity.choices, default=Identity.PENDING
    )
    identity_checked_at = models.DateTimeField(_("identity checked"), null=True, blank=True)
    identity_note = models.TextField(_("how the identity was checked"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_on = models.DateField(_("answer due"))
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("What was done, or why it was rejected.")
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        ordering = ["-received_at"]
        permissions = [("handle_privacyrequest", _("Can handle privacy requests and look customers up"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(
                    status__in=["submitted", "verified", "in_progress", "failed"],
                    kind__in=["extract", "portability", "restriction", "erasure"],
                    user__isnull=False,
                ),
                name="one_open_request_per_kind",
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def deadline(self):
        return self.extended_to or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()

    @property
    def can_extend(self) -> bool:
        return self.is_open and self.extended_to is None


class PrivacyEvent(models.Model):
    """The audit log: one line per privacy action, by whom, about which account (by number),
    in which request. It holds no names and no free text about the person."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Request received")
        CONFIRMATION_SENT = "confirmation_sent", _("Confirmation link mailed")
        IDENTITY_VERIFIED = "identity_verified", _("Identity verified")
        STARTED = "started", _("Work started")
        EXTENDED = "extended", _("Deadline extended")
        EXPORT_READY = "export_ready", _("Copy of the data ready")
        EXTRACT_GRANTED = "extract_granted", _("Register extract made available")
        RESTRICTED = "restricted", _("Processing restricted")
        RESTRICTION_LIFTED = "restriction_lifted", _("Restriction lifted")
        OBJECTION_RECORDED = "objection_recorded", _("Objection recorded")
        ACCOUNT_LOCKED = "account_locked", _("Account locked for deletion")
        ERASED = "erased", _("Erasure carried out")
        BLOCKED = "blocked", _("Stopped by a legal hold")
        COMPANY_TOLD = "company_told", _("Company told its administrator left")
        DONE = "done", _("Closed as done")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")
        RETRIED = "retried", _("Tried again")
        CUSTOMER_VIEWED = "customer_viewed", _("Customer's data viewed by staff")
        HOLD_SET = "hold_set", _("Legal hold set")
        HOLD_RELEASED = "hold_released", _("Legal hold released")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the system acted."),
    )
    account_id = models.BigIntegerField(_("about account"), null=True, blank=True, db_index=True)
    request = models.ForeignKey(
        PrivacyRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("privacy audit entry")
        verbose_name_plural = _("privacy audit log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class PolicyAcceptance(models.Model):
    """A person accepted this version of a policy (the personal data policy, the terms of
    purchase): when they created their account, when they ordered, or when a new major
    version was put to them. Points at the version's text as it read then."""

    class Occasion(models.TextChoices):
        REGISTRATION = "registration", _("Creating the account")
        CHECKOUT = "checkout", _("Placing an order")
        NEW_VERSION = "new_version", _("Asked to accept a new version")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="policy_acceptances",
    )
    policy = models.ForeignKey(
        "home.PolicyVersion", verbose_name=_("policy version"), on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)
    occasion = models.CharField(_("when"), max_length=20, choices=Occasion.choices)

    class Meta:
        verbose_name = _("policy acceptance")
        verbose_name_plural = _("policy acceptances")
        ordering = ["-accepted_at"]
        constraints = [models.UniqueConstraint(fields=["user", "policy"], name="accept_a_version_once")]

    def __str__(self):
        return f"{self.user_id} {self.policy_id} {self.accepted_at:%Y-%m-%d}"


# --- Cookie consent (gdpr/cookies.py) ---


class CookieCategoryForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        key = cleaned.get("key")
        if key and instance.locale_id:
            others = CookieCategory.objects.filter(key=key, locale_id=instance.locale_id).exclude(
                pk=instance.pk
            )
            if others.exists():
                self.add_error(
                    "key", _("This language has a category of this kind already: add the cookies to it.")
                )
        return cleaned


class CookieCategory(TranslatableMixin, ClusterableModel):
    """A purpose visitors allow or refuse as a whole, with the cookies and browser-storage
    keys it covers. Staff edit them in Wagtail (Settings → Cookies), in each language."""

    class Key(models.TextChoices):
        NECESSARY = "necessary", _("Necessary")
        PREFERENCES = "preferences", _("Preferences")
        STATISTICS = "statistics", _("Statistics")
        MARKETING = "marketing", _("Marketing")

    key = models.CharField(
        _("kind"),
        max_length=20,
        choices=Key.choices,
        help_text=_("Necessary cookies are always set; the others only with the visitor's consent."),
    )
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"))

    panels = [
        FieldPanel("key"),
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("cookies", label=_("Cookies and stored keys")),
    ]
    override_translatable_fields = [SynchronizedField("key")]
    base_form_class = CookieCategoryForm

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("cookie category")
        verbose_name_plural = _("cookie categories")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "locale"], name="one_cookie_category_of_a_kind_per_language"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def required(self) -> bool:
        return self.key == self.Key.NECESSARY


class CookieDeclaration(TranslatableMixin, Orderable):
    """One cookie, or one key in the browser's local or session storage."""

    class Storage(models.TextChoices):
        COOKIE = "cookie", _("Cookie")
        LOCAL = "local", _("Local storage")
        SESSION = "session", _("Session storage")

    category = ParentalKey(CookieCategory, on_delete=models.CASCADE, related_name="cookies")
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Exactly as the browser shows it. A name ending in * covers every name it begins."),
    )
    storage = models.CharField(_("stored as"), max_length=10, choices=Storage.choices, default=Storage.COOKIE)
    purpose = models.CharField(_("purpose"), max_length=300)
    lifetime = models.CharField(
        _("lifetime"), max_length=80, help_text=_("For example: 12 months; until the browser is closed.")
    )
    first_party = models.BooleanField(
        _("set by this site"),
        default=True,
        help_text=_("Untick for a cookie another site sets (we have none)."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("storage"),
        FieldPanel("purpose"),
        FieldPanel("lifetime"),
        FieldPanel("first_party"),
    ]
    override_translatable_fields = [
        SynchronizedField("name"),
        SynchronizedField("storage"),
        SynchronizedField("first_party"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("cookie")
        verbose_name_plural = _("cookies")
        ordering = ["sort_order"]

    def __str__(self):
        return self.name


class CookieConsent(models.Model):
    """The proof of one choice made in the cookie banner or the cookie settings: what was
    allowed, when, and against which versions of the cookie policy and the banner. It names
    no one and keeps no IP address: the random consent id is also in the visitor's cookie,
    so a visitor can show which record is theirs."""

    class Action(models.TextChoices):
        ACCEPT_ALL = "accept_all", _("Accepted all")
        REJECT_ALL = "reject_all", _("Rejected all")
        CHOOSE = "choose", _("Chose categories")

    consent_id = models.UUIDField(_("consent id"), db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    allowed = models.JSONField(_("categories allowed"), default=list)
    given_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    language = models.CharField(_("language"), max_length=10)
    cookie_policy_version = models.CharField(_("cookie policy version"), max_length=20, blank=True)
    banner_version = models.CharField(_("banner text version"), max_length=20)
    declarations_version = models.CharField(_("consent version"), max_length=20)

    class Meta:
        verbose_name = _("cookie consent")
        verbose_name_plural = _("cookie consents")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.consent_id} {self.given_at:%Y-%m-%d %H:%M}"


# --- First-party statistics (gdpr/statistics.py) ---


class PageViewCount(models.Model):
    """How often a course page was seen on one day, by visitors who allowed statistics: views,
    and visitors (a browser counted once per page and day). Counts only, never a person."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"), db_index=True)
    views = models.PositiveIntegerField(_("views"), default=0)
    visitors = models.PositiveIntegerField(_("visitors"), default=0)

    class Meta:
        verbose_name = _("page view count")
        verbose_name_plural = _("page view counts")
        permissions = [("view_statistics", _("Can see the site statistics"))]
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="one_view_count_per_page_and_day")
        ]

    def __str__(self):
        return f"{self.page_id} {self.day}: {self.views}"


class SearchMissCount(models.Model):
    """How often a search term found nothing on one day, in one language, for visitors who
    allowed statistics. The term is normalised and filtered first (gdpr/statistics.py)."""

    day = models.DateField(_("day"), db_index=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    term = models.CharField(_("search term"), max_length=60)
    searches = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "language", "term"], name="one_search_miss_count_per_day_language_and_term"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.language} {self.term}: {self.searches}"
