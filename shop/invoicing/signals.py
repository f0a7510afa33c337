from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _

from oscar.apps.order.signals import order_status_changed

from .services import CANCELLED_STATUS, PAID_STATUS, access_starts_on_payment


@receiver(order_status_changed, dispatch_uid="invoicing.order_status_changed")
def order_status_changed_grants_or_revokes(sender, order, old_status, new_status, **kwargs):
    from .fulfilment import revoke_order
    from .tasks import fulfil_order

    if new_status == CANCELLED_STATUS:
        revoke_order(order, _("Order %(number)s was cancelled.") % {"number": order.number})
    elif new_status == PAID_STATUS and access_starts_on_payment():
        transaction.on_commit(lambda: fulfil_order.delay(order.pk))
