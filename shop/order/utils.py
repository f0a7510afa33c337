# Forked so that a placed order keeps its buyer and the lines it was written with: the
# receivers of `order_placed`, the payment events and the invoice then read them from
# memory instead of querying the same rows again (seven times for the lines).
from oscar.apps.order import utils


class OrderCreator(utils.OrderCreator):
    def create_order_model(self, user, *args, **kwargs):
        order = super().create_order_model(user, *args, **kwargs)
        if order.user_id is not None:
            order.user = user  # Oscar sets only the id
        # Filled as Django's prefetch_related fills it: `order.lines.all()` and `.count()`
        # answer from here; a filtered query still goes to the database.
        lines = order.lines.all()
        lines._result_cache, lines._prefetch_done = [], True
        order._prefetched_objects_cache = {"lines": lines}
        return order

    def create_line_models(self, order, basket_line, extra_line_fields=None):
        line = super().create_line_models(order, basket_line, extra_line_fields)
        order.lines.all()._result_cache.append(line)
        return line
