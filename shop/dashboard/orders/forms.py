"""Oscar's order forms with the statuses labelled in the reader's language.

The statuses are stored in English (OSCAR_ORDER_STATUS_PIPELINE); only the labels change.
"""

from django.utils.translation import gettext

from oscar.apps.dashboard.orders import forms as oscar_forms
from oscar.apps.dashboard.orders.forms import *  # noqa: F403  (get_class finds every other form here)


def _translated(choices):
    return [(value, gettext(label) if value else label) for value, label in choices]


class OrderSearchForm(oscar_forms.OrderSearchForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _translated(self.fields["status"].choices)


class OrderStatusForm(oscar_forms.OrderStatusForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_status"].choices = _translated(self.fields["new_status"].choices)
