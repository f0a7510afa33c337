from oscar import config


class Shop(config.Shop):
    """Oscar's root app without its dashboard URLs, nor the shared wish lists.

    The shop's public pages live under /<language>/shop/; the dashboard is a staff
    tool and is mounted once, unprefixed, at /dashboard/ (see config/urls.py). Wish
    lists are a feature the shop does not use (OSCAR_HIDDEN_FEATURES).
    """

    # Storefront pages of features the shop does not offer keep their names (Oscar's
    # dashboard and models still reverse them) but show nothing in Oscar's design: each
    # sends the visitor to the page of ours that does the job. The catalogue and search
    # are Wagtail's; nothing is shipped; there are no saved baskets; offers come as vouchers.
    UNUSED_PREFIXES = ("dashboard/", "wishlists/")
    REPLACED = {
        "catalogue": {"category": "catalogue", "range": "catalogue", "detail": "product"},
        "search": {"search": "search"},
        "offer": {"list": "catalogue", "detail": "catalogue"},
        "basket": {"saved": "basket"},
        "checkout": {
            "shipping-address": "checkout",
            "user-address-update": "checkout",
            "user-address-delete": "checkout",
            "shipping-method": "checkout",
        },
    }

    def get_urls(self):
        urls = [url for url in super().get_urls() if str(url.pattern) not in self.UNUSED_PREFIXES]
        return [self.in_our_design(self.replaced(url)) for url in urls]

    def replaced(self, url):
        from django.urls import URLPattern, URLResolver

        from shop import storefront

        if not isinstance(url, URLResolver) or url.namespace not in self.REPLACED:
            return url
        replaced = self.REPLACED[url.namespace]
        patterns = [
            URLPattern(pattern.pattern, storefront.REPLACEMENTS[replaced[pattern.name]], name=pattern.name)
            if isinstance(pattern, URLPattern) and pattern.name in replaced
            else pattern
            for pattern in url.url_patterns
        ]
        return URLResolver(url.pattern, patterns, app_name=url.app_name, namespace=url.namespace)

    def in_our_design(self, url):
        """The password reset pages, with the templates of the account area (shop/customer/views.py)."""
        from django.urls import URLPattern

        from oscar.core.loading import get_class
        from oscar.views.decorators import login_forbidden

        names = {
            "password-reset": "PasswordResetView",
            "password-reset-done": "PasswordResetDoneView",
            "password-reset-confirm": "PasswordResetConfirmView",
            "password-reset-complete": "PasswordResetCompleteView",
        }
        if not isinstance(url, URLPattern) or url.name not in names:
            return url
        view = get_class("customer.views", names[url.name])
        initkwargs = {k: v for k, v in url.callback.view_initkwargs.items() if k != "template_name"}
        return URLPattern(
            url.pattern,
            login_forbidden(view.as_view(**initkwargs), template_name="shop/account/login_forbidden.html"),
            name=url.name,
        )
