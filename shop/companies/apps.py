from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    """Buying companies and the people in them: account and commerce data that the shop
    and learning both use. This app imports neither of them."""

    name = "shop.companies"
    label = "companies"
    verbose_name = _("Companies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
