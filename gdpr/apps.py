from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class GdprConfig(AppConfig):
    name = "gdpr"
    verbose_name = _("Personal data")

    def ready(self):
        from gdpr import checks as gdpr_checks
        from gdpr import declarations, signals  # noqa: F401  (framework declarations, receivers)

        # Every app's privacy.py, the way Django finds admin.py.
        autodiscover_modules("privacy")
        from gdpr.analytics import restrict_oscar_analytics

        restrict_oscar_analytics()
        checks.register(gdpr_checks.check_registry, "gdpr")
        checks.register(gdpr_checks.check_recipients, "gdpr")
        checks.register(gdpr_checks.check_manifest, "gdpr")
