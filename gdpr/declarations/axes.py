"""django-axes' models: failed logins kept to throttle password guessing (home/login_throttling.py).

A failed login names the address tried, from which address and browser; it is found
through the address tried, which is the account's e-mail address. Kept one month after
the last failure, then deleted by the sweep; axes itself stops counting a failure after
the cool-off (15 minutes). Successful logins are not logged (`AXES_DISABLE_ACCESS_LOG`),
so `AccessLog` stays empty; it is declared all the same.
"""

from django.utils.translation import gettext_lazy as _

from gdpr.erasure_actions import Delete
from gdpr.registry import Category, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import MonthsAfterEvent

C = Category
CLIENT = {
    "username": C.ONLINE_IDENTIFIER,
    "ip_address": C.ONLINE_IDENTIFIER,
    "user_agent": C.ONLINE_IDENTIFIER,
    "http_accept": C.ONLINE_IDENTIFIER,
}
security = {
    "purpose": Purpose.SECURITY,
    "basis": LawfulBasis.LEGITIMATE_INTERESTS,
    "retention": MonthsAfterEvent("attempt_time", 1, event=_("the last failed login")),
    "erasure": Delete(),
    "email": "username",
}


def _export_rows(queryset, names):
    """Each row's personal fields. Written out (not the default exporter) because the row is
    found through `username` itself: the sentinel test must keep it the account's address."""
    for row in queryset.values("pk", *names).iterator(chunk_size=500):
        yield {"id": row.pop("pk"), **row}


declare(
    "axes.AccessAttempt",
    **security,
    exporter=_export_rows,
    personal={**CLIENT, "get_data": C.FREE_TEXT, "post_data": C.FREE_TEXT},
    not_personal=("id", "path_info", "attempt_time", "failures_since_start"),
    note="Passwords and the address typed are masked in post_data (AXES_SENSITIVE_PARAMETERS).",
)
declare(
    "axes.AccessFailureLog",
    **security,
    exporter=_export_rows,
    personal=CLIENT,
    not_personal=("id", "path_info", "attempt_time", "locked_out"),
    note="Not written: AXES_ENABLE_ACCESS_FAILURE_LOG is off.",
)
declare(
    "axes.AccessLog",
    **security,
    exporter=_export_rows,
    personal={**CLIENT, "session_hash": C.ONLINE_IDENTIFIER},
    not_personal=("id", "path_info", "attempt_time", "logout_time"),
    note="Not written: AXES_DISABLE_ACCESS_LOG is on.",
)
holds_nothing_personal(
    _("When a failed login stops counting: a date on a row declared above, deleted with it."),
    "axes.AccessAttemptExpiration",
)
