"""Invoices, credit notes and the payments against them.

An invoice is an accounting record: once issued its content never changes (only its
rendered PDF and the payment state are filled in later); a correction is a credit note.
Numbers come from `NumberSeries` rows locked for the duration of the transaction that
uses them, so they are sequential without gaps even when orders are placed at once.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.private.storage import private_storage


class NumberSeries(models.Model):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit-note"

    name = models.CharField(_("series"), max_length=20, unique=True)
    last_number = models.PositiveBigIntegerField(_("last number used"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")

    def __str__(self):
        return f"{self.name}: {self.last_number}"

    @classmethod
    def take_next(cls, name: str) -> int:
        """The next number of series `name`; must run inside the transaction that uses it.

        The row stays locked until that transaction ends, so a rolled-back transaction
        gives its number back and two transactions can never take the same one.
        """
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            raise RuntimeError("take_next must run inside the transaction that stores the number")
        # One statement takes the number and locks the row (PostgreSQL, and SQLite from
        # 3.35, return the updated value).
        table, last_number, series_name = (
            connection.ops.quote_name(name)
            for name in (
                cls._meta.db_table,
                cls._meta.get_field("last_number").column,
                cls._meta.get_field("name").column,
            )
        )
        statement = f"UPDATE {table} SET {last_number} = {last_number} + 1 WHERE {series_name} = %s RETURNING {last_number}"
        with connection.cursor() as cursor:
            cursor.execute(statement, [name])
            row = cursor.fetchone()
            if row is None:  # the series' first number
                cls.objects.get_or_create(name=name)
                cursor.execute(statement, [name])
                row = cursor.fetchone()
        return row[0]


def invoice_pdf_path(instance, filename):
    return f"invoices/{instance.issue_date:%Y}/{filename}"


class ImmutableRecord(models.Model):
    """A record whose content is fixed once saved; only MUTABLE_FIELDS may change."""

    MUTABLE_FIELDS: frozenset = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        changes_content = update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS
        if self.pk is not None and not self._state.adding and changes_content:
            raise ValidationError(
                _("%(record)s is an accounting record and cannot be changed; issue a credit note."),
                params={"record": self._meta.verbose_name},
            )
        super().save(*args, update_fields=update_fields, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(
            _("%(record)s is an accounting record and cannot be deleted."),
            params={"record": self._meta.verbose_name},
        )


class PartySnapshot(models.Model):
    """Seller and buyer as they were when the record was issued."""

    seller_name = models.CharField(_("seller"), max_length=200)
    seller_organisation_number = models.CharField(_("seller's organisation number"), max_length=20)
    seller_vat_number = models.CharField(_("seller's VAT number"), max_length=20, blank=True)
    seller_f_tax = models.BooleanField(_("seller approved for F-tax"), default=True)
    seller_bankgiro = models.CharField(_("bankgiro"), max_length=9, blank=True)
    seller_address = models.TextField(_("seller's address"), blank=True)
    seller_email = models.EmailField(_("seller's e-mail"), blank=True)

    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_organisation_number = models.CharField(_("buyer's organisation number"), max_length=11)
    buyer_vat_number = models.CharField(_("buyer's VAT number"), max_length=20, blank=True)
    buyer_contact = models.CharField(_("buyer's contact"), max_length=200)
    buyer_email = models.EmailField(_("buyer's e-mail"))
    buyer_address = models.TextField(_("billing address"))
    buyer_reference = models.CharField(_("buyer's reference"), max_length=100, blank=True)

    class Meta:
        abstract = True


class OrderBilling(models.Model):
    """What the buyer gave at checkout: the company paying and how to reach it."""

    order = models.OneToOneField(
        "order.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="billing"
    )
    company = models.ForeignKey(
        "companies.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="orders"
    )
    company_name = models.CharField(_("company name"), max_length=200)
    organisation_number = models.CharField(_("organisation number"), max_length=11)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    reference = models.CharField(_("your reference"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("billing details")
        verbose_name_plural = _("billing details")

    def __str__(self):
        return f"{self.order.number}: {self.company_name}"


class InvoiceQuerySet(models.QuerySet):
    def with_paid(self):
        return self.annotate(paid_total=Sum("payments__amount", default=Decimal("0")))

    def open(self):
        return self.filter(paid_at__isnull=True, credit_note__isnull=True)

    def overdue(self, on=None):
        return self.open().filter(due_date__lt=on or timezone.localdate())


class Invoice(ImmutableRecord, PartySnapshot):
    MUTABLE_FIELDS = frozenset({"pdf", "paid_at", "mailed_at"})

    number = models.PositiveBigIntegerField(_("invoice number"), unique=True, editable=False)
    ocr = models.CharField(_("OCR reference"), max_length=25, unique=True, editable=False)
    order = models.OneToOneField(
        "order.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="invoice"
    )
    issue_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    currency = models.CharField(_("currency"), max_length=3, default="SEK")
    total_excl_vat = models.DecimalField(_("total excluding VAT"), max_digits=12, decimal_places=2)
    total_vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total_incl_vat = models.DecimalField(_("total to pay"), max_digits=12, decimal_places=2)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Filled in later; not part of the accounting content.
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=invoice_pdf_path, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid in full"), null=True, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-number"]

    def __str__(self):
        return str(self.number)

    @property
    def is_credited(self) -> bool:
        return hasattr(self, "credit_note")

    @property
    def amount_paid(self) -> Decimal:
        annotated = self.__dict__.get("paid_total")
        if annotated is not None:
            return annotated
        return self.payments.aggregate(total=Sum("amount", default=Decimal("0")))["total"]

    @property
    def balance(self) -> Decimal:
        return self.total_incl_vat - self.amount_paid

    @property
    def status(self) -> str:
        if self.is_credited:
            return "credited"
        if self.paid_at:
            return "paid"
        if self.due_date < timezone.localdate():
            return "overdue"
        return "open"

    def get_status_display(self) -> str:
        return str(INVOICE_STATUS_LABELS[self.status])

    def vat_breakdown(self) -> list[dict]:
        """VAT per rate, as the invoice must show it (mervärdesskattelagen 17 kap.)."""
        rows: dict[Decimal, dict] = {}
        for line in self.lines.all():
            row = rows.setdefault(
                line.vat_rate, {"rate": line.vat_rate, "base": Decimal("0"), "vat": Decimal("0")}
            )
            row["base"] += line.total_excl_vat
            row["vat"] += line.vat
        return [rows[rate] for rate in sorted(rows)]


INVOICE_STATUS_LABELS = {
    "open": _("Open"),
    "overdue": _("Overdue"),
    "paid": _("Paid"),
    "credited": _("Credited"),
}


class InvoiceLine(ImmutableRecord):
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    order_line = models.ForeignKey(
        "order.Line", verbose_name=_("order line"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price_excl_vat = models.DecimalField(_("unit price excluding VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=4, decimal_places=3)
    total_excl_vat = models.DecimalField(_("amount excluding VAT"), max_digits=12, decimal_places=2)
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total_incl_vat = models.DecimalField(_("amount including VAT"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]
        constraints = [models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position")]

    def __str__(self):
        return self.description

    @property
    def vat_percent(self) -> Decimal:
        return (self.vat_rate * 100).normalize()


class CreditNote(ImmutableRecord):
    """Cancels an invoice in full; its amounts are those of the invoice, credited."""

    MUTABLE_FIELDS = frozenset({"pdf", "mailed_at"})

    number = models.PositiveBigIntegerField(_("credit note number"), unique=True, editable=False)
    invoice = models.OneToOneField(
        Invoice, verbose_name=_("invoice credited"), on_delete=models.PROTECT, related_name="credit_note"
    )
    issue_date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300)
    total_excl_vat = models.DecimalField(_("credited excluding VAT"), max_digits=12, decimal_places=2)
    total_vat = models.DecimalField(_("VAT credited"), max_digits=12, decimal_places=2)
    total_incl_vat = models.DecimalField(_("total credited"), max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=invoice_pdf_path, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["-number"]

    def __str__(self):
        return str(self.number)


class BgMaxImport(models.Model):
    """One uploaded Bankgirot payment file and what became of each payment in it."""

    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_created_at = models.DateTimeField(_("file written by Bankgirot"))
    is_test = models.BooleanField(_("test file"), default=False)
    matched = models.PositiveIntegerField(_("payments applied"), default=0)
    unmatched = models.PositiveIntegerField(_("payments not matched"), default=0)
    duplicates = models.PositiveIntegerField(_("payments already applied"), default=0)
    report = models.JSONField(_("report"), default=list)

    class Meta:
        verbose_name = _("BgMax import")
        verbose_name_plural = _("BgMax imports")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"


class Payment(models.Model):
    class Method(models.TextChoices):
        MANUAL = "manual", _("marked paid by staff")
        BGMAX = "bgmax", _("Bankgirot file")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("payment date"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    # Identifies a payment in a BgMax file, so a file uploaded again applies nothing twice.
    payment_key = models.CharField(_("payment key"), max_length=100, null=True, blank=True, unique=True)
    bgmax_import = models.ForeignKey(
        BgMaxImport,
        verbose_name=_("BgMax import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-pk"]

    def __str__(self):
        return f"{self.invoice}: {self.amount}"


class InvoiceReminder(models.Model):
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="reminders"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    email = models.EmailField(_("sent to"))

    class Meta:
        verbose_name = _("invoice reminder")
        verbose_name_plural = _("invoice reminders")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.invoice}: {self.sent_at:%Y-%m-%d}"


class FulfilmentIssue(models.Model):
    """An order line that was placed but could not be fulfilled, and why (for staff)."""

    order_line = models.OneToOneField(
        "order.Line", verbose_name=_("order line"), on_delete=models.PROTECT, related_name="fulfilment_issue"
    )
    reason = models.TextField(_("reason"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    first_failed_at = models.DateTimeField(_("first failed"), auto_now_add=True)
    last_failed_at = models.DateTimeField(_("last failed"), auto_now=True)

    class Meta:
        verbose_name = _("fulfilment issue")
        verbose_name_plural = _("fulfilment issues")
        ordering = ["-last_failed_at"]

    def __str__(self):
        return f"{self.order_line}: {self.reason[:60]}"
