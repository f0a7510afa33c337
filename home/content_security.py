"""The Content-Security-Policy header (django-csp), one policy for the public site and
one for the staff tools.

Public pages get CONTENT_SECURITY_POLICY: nothing from another origin, no inline script
and no inline style. Wagtail's admin, Oscar's dashboard and Django's admin write inline
scripts and styles of their own, so their paths (STAFF_CONTENT_SECURITY_POLICY's
URL_PREFIXES) get that looser policy, still with no other origin. A view's own
`csp.decorators.csp(...)` would still win over both.
"""

from django.conf import settings

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        # Pages only: Chrome shows a PDF or a video in a page of its own, whose inline
        # styles a policy would block (crbug.com/271452); a file has no script to restrict.
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)

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
