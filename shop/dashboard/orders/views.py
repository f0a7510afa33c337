"""Oscar's order pages, with sellers held to their own part of an order.

A seller's user (a partner user, not staff) sees only the orders holding its lines, and
of those only its own lines. It cannot change an order's or a line's status, nor record
payments: cancelling an order revokes access to every seller's courses in it and is the
shop's decision, taken by staff (or by crediting the invoice).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oscar.apps.dashboard.orders import views as oscar_views
from oscar.apps.dashboard.orders.views import *  # noqa: F403  (get_class finds every other view here)
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")

STAFF_ONLY = gettext_lazy("Only the shop's staff can change orders.")


def is_partner_user(user) -> bool:
    return not user.is_staff


class OrderListView(oscar_views.OrderListView):
    def change_order_statuses(self, request, orders):
        if is_partner_user(request.user):
            messages.error(request, STAFF_ONLY)
            return redirect("dashboard:order-list")
        return super().change_order_statuses(request, orders)


class OrderDetailView(oscar_views.OrderDetailView):
    # A seller may keep notes on an order; everything else changes the order.
    partner_order_actions = ("save_note", "delete_note")

    def get_order_lines(self):
        lines = super().get_order_lines()
        if is_partner_user(self.request.user):
            lines = lines.filter(partner__in=Partner.objects.filter(users=self.request.user))
        return lines

    def handle_order_action(self, request, order, action):
        if is_partner_user(request.user) and action not in self.partner_order_actions:
            return self.reload_page(error=STAFF_ONLY)
        return super().handle_order_action(request, order, action)

    def handle_line_action(self, request, order, action):
        if is_partner_user(request.user):
            return self.reload_page(error=STAFF_ONLY)
        return super().handle_line_action(request, order, action)


class LineDetailView(oscar_views.LineDetailView):
    def get_object(self, queryset=None):
        line = super().get_object(queryset)
        own = Partner.objects.filter(pk=line.partner_id, users=self.request.user).exists()
        if is_partner_user(self.request.user) and not own:
            raise Http404(_("No such line."))
        return line
