"""Oscar's basket middleware, with a SameSite attribute on the anonymous basket's cookie,
and the basket's lines and vouchers read once.

Oscar 4.2 sets `oscar_open_basket` with `secure` and `httponly` only; a cookie without
SameSite is left to each browser's default. Ours says Lax (`OSCAR_BASKET_COOKIE_SAMESITE`):
no other site's form or script request carries the visitor's basket.
"""

from django.conf import settings
from django.db.models import prefetch_related_objects

from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware


class BasketMiddleware(OscarBasketMiddleware):
    def apply_offers_to_basket(self, request, basket):
        if basket.id is not None and basket._lines is None:
            # Oscar counts the lines (is_empty), then reads them with their products'
            # images, which no basket or checkout page shows, and each line's product class
            # and partner one query at a time. Read here with what the basket page, the
            # offers, the strategy (shop/partner/strategy.py) and the order need; once
            # read (the test below), `all_lines().count()` answers from them. The vouchers
            # are read once for the offers and for placing the order (shop/order/utils.py).
            basket._lines = (
                basket.lines.select_related("product__product_class", "stockrecord__partner")
                .prefetch_related("attributes")
                .order_by("pk")
            )
            if basket._lines:  # offers are applied only then
                prefetch_related_objects([basket], "vouchers")
        super().apply_offers_to_basket(request, basket)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        cookie = response.cookies.get(self.get_cookie_key(request))
        if cookie is not None:
            # Also on the deleting Set-Cookie: the browser matches it to the cookie it has.
            cookie["samesite"] = settings.OSCAR_BASKET_COOKIE_SAMESITE
            if settings.OSCAR_BASKET_COOKIE_SECURE:
                cookie["secure"] = True
        return response
