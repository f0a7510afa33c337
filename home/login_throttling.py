"""Login throttling with django-axes: whose login failed, from where, and the lockout page.

Every login form (the shop's, the checkout's, Wagtail's, Oscar's dashboard's, Django's
admin) calls `authenticate(request, ...)`, so one backend guards them all. Failures are
counted per account *and* address (settings: `AXES_*`): an attacker elsewhere cannot
lock the owner out, and a lockout ends by itself after the cool-off.
"""

import ipaddress

from django.conf import settings
from django.shortcuts import render

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off


class LoginThrottlingBackend(AxesStandaloneBackend):
    """Axes' backend, except that a call without a request is not a login attempt.

    Oscar's registration authenticates the account it has just created without passing
    the request; axes would raise there (a 500). No form a visitor can submit
    repeatedly reaches `authenticate()` without its request, so there is nothing to count.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_username(request, credentials) -> str | None:
    """The address tried, as the e-mail backend compares it: case and spaces do not make a new account."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None:
        data = getattr(request, "POST", {})
        value = data.get("username") or data.get("login-username")
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower()[:255]


def client_ip(request) -> str | None:
    """The client's address: the connection's, or behind `TRUSTED_PROXY_COUNT` proxies the
    one the outermost proxy appended to X-Forwarded-For. Whatever a client writes into the
    header itself sits further left and is never read."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= count:
            candidate = hops[-count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def locked_out(request, original_response=None, credentials=None):
    """The lockout page: in the site's design and language, 429 Too Many Requests."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    # Rendered here: a middleware's response is never rendered later, as a view's would be.
    response = render(request, "429.html", {"cool_off_minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
