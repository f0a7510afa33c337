"""The "Invoicing" menu of Oscar's dashboard, appended to OSCAR_DASHBOARD_NAVIGATION.

The settings import this module, so it must not import models or anything else that
needs the app registry.
"""

from django.urls import resolve, reverse
from django.utils.translation import gettext_lazy as _


def can_open(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """Oscar's menu shows an item only to a user that its view lets in.

    Oscar's default check looks the URL up among its own dashboard apps, which ours is not.
    """
    match = resolve(reverse(url_name, args=url_args, kwargs=url_kwargs))
    return match.func.view_class.allows(user)


INVOICING_MENU = {
    "label": _("Invoicing"),
    "icon": "fas fa-file-invoice",
    "children": [
        {"label": _("Invoices"), "url_name": "invoicing-dashboard:invoice-list", "access_fn": can_open},
        {
            "label": _("Bank payment files (BgMax)"),
            "url_name": "invoicing-dashboard:bgmax-list",
            "access_fn": can_open,
        },
        {
            "label": _("Placed but not enrolled"),
            "url_name": "invoicing-dashboard:unfulfilled",
            "access_fn": can_open,
        },
    ],
}
