"""The Content-Security-Policy header (django-csp), one policy for the public site and
one for the staff tools.

Public pages get CONTENT_SECURITY_POLICY: nothing from another origin, no inline script
and no inline style. Wagtail's admin, Oscar's dashboard and Django's admin write inline
scripts and styles of their own, so their paths (STAFF_CONTENT_SECURITY_POLICY's
URL_PREFIXES) get that looser policy, still with no other origin. A view's own
`csp.decorators.csp(...)` would still win over both.
"""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from csp.constants import HEADER, SELF
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config


@cache
def public_header() -> str:
    """The public policy's header, built once: django-csp builds it anew for every
    response, a tenth of a cached page's time."""
    return build_policy()


@receiver(setting_changed)
def _policy_changed(setting, **kwargs):
    if setting == "CONTENT_SECURITY_POLICY":
        public_header.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        # Pages only: Chrome shows a PDF or a video in a page of its own, whose inline
        # styles a policy would block (crbug.com/271452); a file has no script to restrict.
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if self._plain_public(request, response):
            response[HEADER] = public_header()
            # As django-csp does: a nonce asked for after the header is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
            return response
        return super().process_response(request, response)

    def _plain_public(self, request, response) -> bool:
        """A public page with the policy as configured: no view's own, no nonce, no
        report-only policy, no header already set, the path not staff's or excluded."""
        return (
            HEADER not in response
            and getattr(request, "_csp_nonce", None) is None
            and not getattr(response, "_csp_exempt", False)
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
            and not getattr(request, "is_preview", False)
            and not request.path_info.startswith(settings.STAFF_CONTENT_SECURITY_POLICY["URL_PREFIXES"])
            and not any(
                getattr(response, attr, None)
                for attr in (
                    "_csp_config",
                    "_csp_update",
                    "_csp_replace",
                    "_csp_config_ro",
                    "_csp_update_ro",
                    "_csp_replace_ro",
                )
            )
        )

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        staff = settings.STAFF_CONTENT_SECURITY_POLICY
        if request.path_info.startswith(staff["URL_PREFIXES"]):
            parts.config = default_config(staff["DIRECTIVES"])
        elif getattr(request, "is_preview", False):
            # Wagtail's preview runs the page's own path through the middleware (under the
            # public policy) and shows the result in a frame of the admin, of this origin.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
