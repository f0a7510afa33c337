from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class CompanySettings(BaseSiteSetting):
    """The company behind the site: shown in the footer, used on invoices and mails."""

    select_related = ["privacy_policy_page"]  # the footer links to it on every page

    name = models.CharField(_("company name"), max_length=200, default="Cloocast AB")
    organisation_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    privacy_policy_page = models.ForeignKey(
        "home.PolicyPage",
        verbose_name=_("personal data policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading=_("Contact")),
        FieldPanel("privacy_policy_page"),
    ]

    class Meta:
        verbose_name = _("company details")
