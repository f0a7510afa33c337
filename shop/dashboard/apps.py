import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Forked only so that Oscar's class loader looks for `dashboard.<app>.views` under
    shop/dashboard/ first (it resolves sub-apps through this app's name)."""

    name = "shop.dashboard"
