from django.conf import settings
from django.core import checks

ACCESS_STARTS = ("placement", "payment")


@checks.register(checks.Tags.compatibility)
def check_access_setting(app_configs=None, **kwargs):
    value = getattr(settings, "SHOP_ACCESS_STARTS", None)
    if value in ACCESS_STARTS:
        return []
    return [
        checks.Error(
            f"SHOP_ACCESS_STARTS is {value!r}; it must be one of {', '.join(ACCESS_STARTS)}.",
            hint="Set the SHOP_ACCESS_STARTS environment variable to placement or payment.",
            id="invoicing.E001",
        )
    ]
