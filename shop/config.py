from oscar import config


class Shop(config.Shop):
    """Oscar's root app without its dashboard URLs.

    The shop's public pages live under /<language>/shop/; the dashboard is a staff
    tool and is mounted once, unprefixed, at /dashboard/ (see config/urls.py).
    """

    def get_urls(self):
        return [url for url in super().get_urls() if str(url.pattern) != "dashboard/"]
