"""Oscar's analytics, restricted: for a person whose processing is restricted (or who is
restricted for statistics), Oscar's receivers see an anonymous visitor, so the shop's
aggregate counts still add up but nothing is recorded about the person."""

from gdpr.registry import Purpose
from gdpr.restriction import is_restricted


def _without_restricted_user(receiver):
    def wrapped(sender, user=None, **kwargs):
        if user is not None and user.is_authenticated and is_restricted(user, Purpose.STATISTICS):
            user = None
        return receiver(sender, user=user, **kwargs)

    wrapped.__name__ = receiver.__name__
    return wrapped


def restrict_oscar_analytics() -> None:
    from oscar.apps.analytics import receivers
    from oscar.apps.basket.signals import basket_addition
    from oscar.apps.catalogue.signals import product_viewed
    from oscar.apps.order.signals import order_placed
    from oscar.apps.search.signals import user_search

    from shop.order.analytics import record_order_placed

    for signal, receiver, replacement in (
        (product_viewed, receivers.receive_product_view, None),
        (user_search, receivers.receive_product_search, None),
        (basket_addition, receivers.receive_basket_addition, None),
        # The same figures in two statements (shop/order/analytics.py).
        (order_placed, receivers.receive_order_placed, record_order_placed),
    ):
        if signal.disconnect(receiver):
            signal.connect(
                _without_restricted_user(replacement or receiver),
                weak=False,
                dispatch_uid=f"gdpr-{receiver.__name__}",
            )
