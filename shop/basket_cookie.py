"""Oscar's basket middleware, with a SameSite attribute on the anonymous basket's cookie.

Oscar 4.2 sets `oscar_open_basket` with `secure` and `httponly` only; a cookie without
SameSite is left to each browser's default. Ours says Lax (`OSCAR_BASKET_COOKIE_SAMESITE`):
no other site's form or script request carries the visitor's basket.
"""

from django.conf import settings

from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware


class BasketMiddleware(OscarBasketMiddleware):
    def process_response(self, request, response):
        response = super().process_response(request, response)
        cookie = response.cookies.get(self.get_cookie_key(request))
        if cookie is not None:
            # Also on the deleting Set-Cookie: the browser matches it to the cookie it has.
            cookie["samesite"] = settings.OSCAR_BASKET_COOKIE_SAMESITE
            if settings.OSCAR_BASKET_COOKIE_SECURE:
                cookie["secure"] = True
        return response
