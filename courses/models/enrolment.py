"""Who may take a course or download a document, and where that right came from.

Every grant is a row keyed by its source (an order line, or a member of staff), so the
same line can never grant twice and revoking one source leaves any other source's grant
standing. Access is the existence of one grant that is not revoked.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GrantSource(models.TextChoices):
    ORDER = "order", _("order")
    STAFF = "staff", _("granted by staff")
    SEAT = "seat", _("a company seat")


class GrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def revoke(self, reason: str) -> int:
        return self.active().update(revoked_at=timezone.now(), revoked_reason=reason[:200])


class Grant(models.Model):
    source = models.CharField(_("source"), max_length=10, choices=GrantSource.choices)
    order_line = models.ForeignKey(
        "order.Line",
        verbose_name=_("order line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=200, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Enrolment(Grant):
    """A learner's access to a course, or a company's pool of seats on it.

    A pool (`company` set) grants nobody access by itself: its administrators give its
    seats to people (`Seat`), and each seat given grants its holder an enrolment of
    their own (`seat` set).
    """

    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="seat_pools",
    )
    seats = models.PositiveIntegerField(_("seats"), default=1)
    seat = models.OneToOneField(
        "courses.Seat",
        verbose_name=_("seat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolment",
    )
    started_at = models.DateTimeField(
        _("started"), null=True, blank=True, help_text=_("When the learner first opened a lesson.")
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-granted_at"]
        constraints = [
            # One order line grants once, however often fulfilment runs.
            models.UniqueConstraint(fields=["order_line"], name="enrolment_once_per_order_line"),
            models.CheckConstraint(
                condition=Q(user__isnull=True, company__isnull=False)
                | Q(user__isnull=False, company__isnull=True),
                name="enrolment_for_a_learner_or_a_company",
            ),
            models.CheckConstraint(
                condition=Q(source="staff")
                | Q(source="order", order_line__isnull=False)
                | Q(source="seat", seat__isnull=False, user__isnull=False),
                name="enrolment_has_its_source",
            ),
        ]

    def __str__(self):
        holder = self.user or self.company
        return f"{holder}: {self.course}"

    @property
    def is_pool(self) -> bool:
        return self.company_id is not None


class SeatQuerySet(models.QuerySet):
    def taken(self):
        """Seats given and not taken back: each counts against its pool."""
        return self.filter(released_at__isnull=True)


class Seat(models.Model):
    """One seat of a company's pool, given to a person by their e-mail address.

    Someone with an account holds it at once; someone without one is invited
    (`invitation`) and holds it when they create their account through the link. Taking
    a seat back keeps the row (`released_at`) as the record of who had it.
    """

    pool = models.ForeignKey(
        Enrolment,
        verbose_name=_("seat pool"),
        on_delete=models.CASCADE,
        related_name="assigned_seats",
        limit_choices_to={"company__isnull": False},
    )
    email = models.EmailField(_("e-mail"))
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="held_seats",
    )
    invitation = models.ForeignKey(
        "companies.Invitation",
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seats",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("given"), default=timezone.now)
    notified_at = models.DateTimeField(_("learner told"), null=True, blank=True)
    released_at = models.DateTimeField(_("taken back"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "email"],
                condition=Q(released_at__isnull=True),
                name="seat_once_per_person_and_pool",
            )
        ]

    def __str__(self):
        return f"{self.email}: {self.pool}"


class DocumentProduct(models.Model):
    """A document sold on its own (product class "Document"): the file stays private."""

    product = models.OneToOneField(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="document_product",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    seller = models.ForeignKey(
        "courses.Seller", verbose_name=_("seller"), on_delete=models.PROTECT, related_name="document_products"
    )
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("sold alongside"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="document_products",
        help_text=_("The course page offers this document next to the course."),
    )

    class Meta:
        verbose_name = _("document for sale")
        verbose_name_plural = _("documents for sale")

    def __str__(self):
        return str(self.product)


class DocumentPurchase(Grant):
    """A buyer's right to download a document bought in the shop."""

    document_product = models.ForeignKey(
        DocumentProduct, verbose_name=_("document"), on_delete=models.PROTECT, related_name="purchases"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="document_purchases",
    )

    class Meta:
        verbose_name = _("document purchase")
        verbose_name_plural = _("document purchases")
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(fields=["order_line"], name="document_purchase_once_per_order_line"),
        ]

    def __str__(self):
        return f"{self.user}: {self.document_product}"
