"""Where Oscar's storefront pages that the shop does not use send their visitors.

Their URL names stay (Oscar's dashboard links a category, a range or an offer "on the
site", and a basket line links its product), but no page in Oscar's own design is left.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from courses import views as courses_views


@require_GET
def to_catalogue(request, *args, **kwargs):
    return courses_views.oscar_catalogue(request)


@require_GET
def to_search(request, *args, **kwargs):
    query = request.GET.get("q", "")
    return redirect(reverse("search") + (f"?{urlencode({'q': query})}" if query else ""))


def to_basket(request, *args, **kwargs):
    return redirect("basket:summary")


def to_checkout(request, *args, **kwargs):
    return redirect("checkout:index")


REPLACEMENTS = {
    "catalogue": to_catalogue,
    "product": courses_views.oscar_product,
    "search": to_search,
    "basket": to_basket,
    "checkout": to_checkout,
}
