from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class CompanySettings(BaseSiteSetting):
    """The company behind the site: shown in the footer, used on invoices and mails."""

    # Every page's footer links to them.
    select_related = ["privacy_policy_page", "terms_page", "cookie_policy_page"]

    name = models.CharField(_("company name"), max_length=200, default="Cloocast AB")
    organisation_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    f_tax = models.BooleanField(
        _("approved for F-tax"),
        default=True,
        help_text=_("Printed on invoices as “Godkänd för F-skatt”."),
    )
    bankgiro = models.CharField(
        _("bankgiro number"),
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9]{3,4}-[0-9]{4}$", _("Enter a bankgiro number such as 5050-1055."))
        ],
    )
    invoice_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Days from the invoice date to its due date."),
    )
    invoice_reminder_days = models.PositiveSmallIntegerField(
        _("days overdue before a reminder"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    # The data-protection officer, or whoever answers questions about personal data: named
    # in the record of processing (GDPR art. 30(1)(a)). Blank when the company has none.
    data_protection_name = models.CharField(_("name"), max_length=200, blank=True)
    data_protection_email = models.EmailField(_("e-mail"), blank=True)
    data_protection_phone = models.CharField(_("telephone"), max_length=40, blank=True)
    privacy_policy_page = models.ForeignKey(
        "home.PolicyPage",
        verbose_name=_("personal data policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    terms_page = models.ForeignKey(
        "home.PolicyPage",
        verbose_name=_("terms of purchase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the checkout; buyers accept its current version when they order."),
    )
    cookie_policy_page = models.ForeignKey(
        "home.PolicyPage",
        verbose_name=_("cookie policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from every page's footer, with the other policies."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("organisation_number"),
                FieldPanel("vat_number"),
                FieldPanel("address"),
            ],
            heading=_("Company"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("f_tax"),
                FieldPanel("bankgiro"),
                FieldPanel("invoice_terms_days"),
                FieldPanel("invoice_reminder_days"),
            ],
            heading=_("Invoicing"),
        ),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading=_("Contact")),
        MultiFieldPanel(
            [
                FieldPanel("data_protection_name"),
                FieldPanel("data_protection_email"),
                FieldPanel("data_protection_phone"),
            ],
            heading=_("Data-protection contact"),
            help_text=_(
                "The data-protection officer, or whoever answers questions about personal data. "
                "Named in the record of processing; leave blank if there is none."
            ),
        ),
        FieldPanel("privacy_policy_page"),
        FieldPanel("terms_page"),
        FieldPanel("cookie_policy_page"),
    ]

    class Meta:
        verbose_name = _("company details")
