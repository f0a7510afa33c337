"""Django's own models: sessions, the admin's log, permissions and the like."""

from django.contrib.sessions.backends.db import SessionStore
from django.utils.translation import gettext_lazy as _

from gdpr.erasure_actions import Anonymise, Delete, RedactSubject
from gdpr.registry import Category, Custom, GenericRef, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import MonthsAfterEvent

C = Category


def _sessions_of(subject, queryset):
    """Sessions carry the account id inside their encoded data: decode the live ones."""
    from django.utils import timezone

    store = SessionStore()
    wanted = str(subject.user_id)
    live = queryset.filter(expire_date__gt=timezone.now())
    for key, data in live.values_list("session_key", "session_data").iterator(chunk_size=1000):
        if store.decode(data).get("_auth_user_id") == wanted:
            yield key


def _export_sessions(queryset, names):
    """What each of the person's sessions says, decoded: the site's own keys only. Keys
    starting with "_" are Django's (the login's hash, a password-reset token…), which would
    let the holder of the export act as the person; the session's key is never shown."""
    for number, session in enumerate(queryset.iterator(chunk_size=500), start=1):
        data = SessionStore().decode(session.session_data)
        yield {
            "id": number,
            "expires": session.expire_date,
            "session_data": {key: value for key, value in data.items() if not str(key).startswith("_")},
        }


declare(
    "sessions.Session",
    exporter=_export_sessions,
    purpose=Purpose.ACCOUNT,
    basis=LawfulBasis.CONTRACT,
    retention=MonthsAfterEvent("expire_date", 0, event=_("the session expires")),
    erasure=Delete(),
    personal={"session_key": C.ONLINE_IDENTIFIER, "session_data": C.ONLINE_IDENTIFIER},
    secrets=("session_key",),
    not_personal=("expire_date",),
    person=Custom(_sessions_of, "the account id in the session's data"),
)

declare(
    "admin.LogEntry",
    purpose=Purpose.SECURITY,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=MonthsAfterEvent("action_time", 24, event=_("the change")),
    # The entry stays (who changed what is accountability); what it says about the
    # person is removed. The acting account is anonymised with the person. After 24
    # months the entry has served its purpose and goes: a redaction needs a person to
    # redact, which the sweep does not have, and the entry always points at an account.
    erasure=Anonymise(object_repr=RedactSubject(), change_message=RedactSubject()),
    on_expiry=Delete(),
    personal={"object_repr": C.FREE_TEXT, "change_message": C.FREE_TEXT},
    references=("user",),
    not_personal=("id", "action_time", "content_type", "object_id", "action_flag"),
    person=["user", GenericRef()],
)

holds_nothing_personal(
    _("Permissions, groups, content types and sites describe the software, not people."),
    "auth.Permission",
    "auth.Group",
    "auth.Group_permissions",
    "contenttypes.ContentType",
    "sites.Site",
)
holds_nothing_personal(
    _("Flat pages are editorial content written by staff."),
    "flatpages.FlatPage",
    "flatpages.FlatPage_sites",
)
