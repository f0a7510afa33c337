# Forked to add payment by invoice; keeps Oscar's label.
from django.db import models
from django.utils.translation import gettext_lazy as _


class TermsAcceptance(models.Model):
    """The buyer accepted these terms of purchase, in this version, when placing this order.

    Points at the published version (`home.PolicyVersion`), which is kept readable and
    cannot be deleted while an acceptance names it. `terms` is empty only when the site
    had no terms of purchase configured at the time.
    """

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="terms_acceptance", verbose_name=_("order")
    )
    terms = models.ForeignKey(
        "home.PolicyVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("terms of purchase accepted"),
    )
    accepted_at = models.DateTimeField(_("accepted at"))

    class Meta:
        verbose_name = _("acceptance of the terms of purchase")
        verbose_name_plural = _("acceptances of the terms of purchase")

    def __str__(self):
        return f"{self.order} – {self.terms or '-'}"
