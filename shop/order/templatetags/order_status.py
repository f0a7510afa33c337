"""An order's or a line's status, stored in English, shown in the reader's language."""

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def order_status(status: str) -> str:
    # The statuses are marked for translation where they are defined (OSCAR_ORDER_STATUS_PIPELINE).
    return gettext(status) if status else status
