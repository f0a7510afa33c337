from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import TemplateView

import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app with only the pages the shop uses, in the site's design.

    Forked to drop the routes of features the shop does not use: address book, wish
    lists, product alerts, e-mail history, notifications, anonymous order tracking
    (a guest's order creates an account) and Oscar's own account deletion (erasure goes
    through the privacy registry). No URL is left to any of them.
    """

    name = "shop.customer"

    def get_urls(self):
        urls = [
            path("login/", self.login_view.as_view(), name="login"),
            path("logout/", self.logout_view.as_view(), name="logout"),
            path("register/", self.register_view.as_view(), name="register"),
            path(
                "register/sent/",
                TemplateView.as_view(template_name="shop/account/registration_sent.html"),
                name="registration-sent",
            ),
            path("", login_required(self.summary_view.as_view()), name="summary"),
            path(
                "change-password/",
                login_required(self.change_password_view.as_view()),
                name="change-password",
            ),
            path("profile/", login_required(self.profile_view.as_view()), name="profile-view"),
            path("profile/edit/", login_required(self.profile_update_view.as_view()), name="profile-update"),
            path("orders/", login_required(self.order_history_view.as_view()), name="order-list"),
            path(
                "orders/<str:order_number>/", login_required(self.order_detail_view.as_view()), name="order"
            ),
            path(
                "orders/<str:order_number>/<int:line_id>/",
                login_required(self.order_line_view.as_view()),
                name="order-line",
            ),
        ]
        return self.post_process_urls(urls)
