import oscar.apps.dashboard.apps as apps

# Features the shop does not use: no route is left to them (nor a menu entry, see
# shop/dashboard/navigation.py). The users app's stock alert pages go with them.
UNUSED_SECTIONS = ("reviews/", "shipping/")
UNUSED_USER_PAGES = ("user-alert-list", "user-alert-delete", "user-alert-update")


class DashboardConfig(apps.DashboardConfig):
    """Forked so that Oscar's class loader looks for `dashboard.<app>.views` under
    shop/dashboard/ first (it resolves sub-apps through this app's name), and to drop
    the routes of reviews, shipping charges and stock alerts."""

    name = "shop.dashboard"

    def get_urls(self):
        urls = [url for url in super().get_urls() if str(url.pattern) not in UNUSED_SECTIONS]
        for url in urls:
            if str(url.pattern) == "users/":
                url.url_patterns[:] = [u for u in url.url_patterns if u.name not in UNUSED_USER_PAGES]
        return urls
