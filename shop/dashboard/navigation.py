"""Trimming Oscar's dashboard menu to the features the shop uses.

The settings import this module, so it must not import models or anything else that
needs the app registry.
"""

# Features switched off: the dashboard has no routes to them (shop/dashboard/apps.py).
UNUSED_URL_NAMES = {
    "dashboard:reviews-list",
    "dashboard:user-alert-list",
    "dashboard:shipping-method-list",
}


def without_unused(menu: list[dict]) -> list[dict]:
    """The menu without entries for switched-off features (nor groups left empty)."""
    trimmed = []
    for item in menu:
        if item.get("url_name") in UNUSED_URL_NAMES:
            continue
        if "children" in item:
            children = without_unused(item["children"])
            if not children:
                continue
            item = {**item, "children": children}
        trimmed.append(item)
    return trimmed
