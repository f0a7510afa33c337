"""The privacy engine's own personal data: relationships, holds, restrictions."""

from django.utils.translation import gettext_lazy as _

from gdpr.declarations.common import AFTER_RELATIONSHIP
from gdpr.erasure_actions import Delete, Retain
from gdpr.registry import Category, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import MonthsAfterEvent

declare(
    "gdpr.CustomerRelationship",
    purpose=Purpose.ACCOUNT,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    # After the account: the sweep finds accounts through their relationship's end.
    priority=10,
    personal={
        "started_at": Category.ONLINE_IDENTIFIER,
        "ended_at": Category.ONLINE_IDENTIFIER,
        "end_reason": Category.ONLINE_IDENTIFIER,
    },
    references=("user",),
    not_personal=("id",),
    person="user",
)
declare(
    "gdpr.LegalHold",
    purpose=Purpose.SECURITY,
    basis=LawfulBasis.LEGAL_OBLIGATION,
    retention=MonthsAfterEvent("released_at", 12, event=_("the hold is released")),
    erasure=Retain(
        _("A legal hold is the record of why data was kept (GDPR art. 17(3))"),
        until=MonthsAfterEvent("released_at", 12, event=_("the hold is released")),
        then=Delete(),
    ),
    personal={"reason": Category.FREE_TEXT},
    references=("user", "set_by"),
    not_personal=("id", "content_type", "object_id", "basis", "created_at", "until", "released_at"),
    person="user",
)
declare(
    "gdpr.ProcessingRestriction",
    purpose=Purpose.SECURITY,
    basis=LawfulBasis.LEGAL_OBLIGATION,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"reason": Category.FREE_TEXT, "created_at": Category.CONSENT, "lifted_at": Category.CONSENT},
    references=("user",),
    not_personal=("id",),
    person="user",
)
holds_nothing_personal(
    _("The erasure journal names an account by id only, and policy stamps a page."),
    "gdpr.ErasureRun",
    "gdpr.PolicyRegistryStamp",
    reviewed=("user_id",),
)


def _export_data_exports(queryset, names):
    """When the person asked for a copy and what became of it: the file's name, never the
    file, which holds all the rest (and would put each copy inside the next)."""
    for row in queryset.values("pk", *names):
        yield {"id": row.pop("pk"), **row}


declare(
    "gdpr.DataExport",
    purpose=Purpose.ACCOUNT,
    basis=LawfulBasis.LEGAL_OBLIGATION,
    retention=MonthsAfterEvent("expires_at", 0, event=_("the download link expires")),
    erasure=Delete(files=("file",)),
    personal={
        "file": Category.ONLINE_IDENTIFIER,
        "requested_at": Category.ONLINE_IDENTIFIER,
        "finished_at": Category.ONLINE_IDENTIFIER,
    },
    references=("user",),
    not_personal=("id", "format", "language", "status", "expires_at", "size_bytes"),
    person="user",
    exporter=_export_data_exports,
)
declare(
    "gdpr.Objection",
    purpose=Purpose.SECURITY,
    basis=LawfulBasis.LEGAL_OBLIGATION,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"kind": Category.CONSENT, "made_at": Category.CONSENT, "policy_version": Category.CONSENT},
    references=("user",),
    not_personal=("id",),
    person="user",
)
holds_nothing_personal(
    _(
        "The marketing suppression list holds keyed hashes of addresses that objected to direct "
        "marketing (GDPR art. 21(3)), never an address: it must outlive erasure so that no erased "
        "person is mailed again, and without the key it names nobody."
    ),
    "gdpr.SuppressedAddress",
    reviewed=("address_hash",),
)
declare(
    "gdpr.AccountDeletion",
    purpose=Purpose.ACCOUNT,
    basis=LawfulBasis.LEGAL_OBLIGATION,
    retention=MonthsAfterEvent("requested_at", 12, event=_("the request")),
    # The erasure it carries out keeps it: it is the record that the request was honoured.
    erasure=Retain(
        _(
            "The record that the person's own request to delete their account was carried out (GDPR art. 5(2))"
        ),
        until=MonthsAfterEvent("requested_at", 12, event=_("the request")),
        then=Delete(),
    ),
    personal={
        "requested_at": Category.ONLINE_IDENTIFIER,
        "cancelled_at": Category.ONLINE_IDENTIFIER,
        "carried_out_at": Category.ONLINE_IDENTIFIER,
    },
    references=("user",),
    not_personal=("id", "carry_out_after", "language", "blocked_at", "request"),
    person="user",
)
# Requests are the proof that a person's rights were answered (GDPR art. 5(2), 12): kept
# three years from their arrival, through the erasure they may ask for.
REQUEST_RECORD = MonthsAfterEvent("received_at", 36, event=_("the request"))
declare(
    "gdpr.PrivacyRequest",
    purpose=Purpose.SECURITY,
    basis=LawfulBasis.LEGAL_OBLIGATION,
    retention=REQUEST_RECORD,
    erasure=Retain(
        _("The record that a request about your personal data was answered, and how (GDPR art. 5(2))"),
        until=REQUEST_RECORD,
        then=Delete(),
    ),
    personal={
        "email": Category.CONTACT,
        "name": Category.CONTACT,
        "details": Category.FREE_TEXT,
        "extension_reason": Category.FREE_TEXT,
        "identity_note": Category.FREE_TEXT,
        "outcome": Category.FREE_TEXT,
        "received_at": Category.CONSENT,
        "closed_at": Category.CONSENT,
        "kind": Category.CONSENT,
        "status": Category.CONSENT,
    },
    references=("user", "entered_by"),
    not_personal=(
        "id", "channel", "language", "policy_version", "identity", "identity_checked_at",
        "due_on", "extended_to",
    ),
    person="user",
    email="email",
)  # fmt: skip
AUDIT_RECORD = MonthsAfterEvent("at", 36, event=_("the action"))
declare(
    "gdpr.PrivacyEvent",
    purpose=Purpose.SECURITY,
    basis=LawfulBasis.LEGAL_OBLIGATION,
    retention=AUDIT_RECORD,
    erasure=Retain(
        _(
            "The audit log of what was done with a person's data names the account by number only (GDPR art. 5(2))"
        ),
        until=AUDIT_RECORD,
        then=Delete(),
    ),
    personal={
        "at": Category.ONLINE_IDENTIFIER,
        "action": Category.ONLINE_IDENTIFIER,
        "account_id": Category.ONLINE_IDENTIFIER,
    },
    references=("actor", "request"),
    not_personal=("id", "note"),
    person=("account_id", "actor"),
)
declare(
    "gdpr.PolicyAcceptance",
    purpose=Purpose.ACCOUNT,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"accepted_at": Category.CONSENT, "occasion": Category.CONSENT, "policy": Category.CONSENT},
    references=("user",),
    not_personal=("id",),
    person="user",
)
declare(
    "gdpr.CookieConsent",
    purpose=Purpose.SECURITY,
    basis=LawfulBasis.LEGAL_OBLIGATION,
    # A consent lasts at most 12 months (gdpr/cookies.py); its proof a year more, for
    # a question or complaint about it (GDPR art. 7(1)).
    retention=MonthsAfterEvent("given_at", 24, event=_("the choice")),
    erasure=Delete(),
    personal={
        "consent_id": Category.ONLINE_IDENTIFIER,
        "allowed": Category.CONSENT,
        "given_at": Category.CONSENT,
    },
    not_personal=(
        "id",
        "action",
        "language",
        "cookie_policy_version",
        "banner_version",
        "declarations_version",
    ),
    manual=_(
        "A cookie choice names no account and no IP address: only the random consent id in the "
        "visitor's own cookie, which the cookie settings page shows, leads to it. Staff delete "
        "the records of a consent id a visitor gives them."
    ),
)
holds_nothing_personal(
    _("The cookie categories and the cookies they cover: the site's own description of itself."),
    "gdpr.CookieCategory",
    "gdpr.CookieDeclaration",
)
# First-party statistics (gdpr/statistics.py): counted only with the visitor's consent to
# statistics, kept for two years and a month so that a month compares with the same month
# a year before it; the sweep deletes older days.
STATISTICS_KEPT = MonthsAfterEvent("day", 25, event=_("the day counted"))
declare(
    "gdpr.PageViewCount",
    purpose=Purpose.STATISTICS,
    basis=LawfulBasis.CONSENT,
    retention=STATISTICS_KEPT,
    erasure=Delete(),
    not_personal=("id", "page", "day", "views", "visitors"),
    note="Counts per page and day; declared rather than listed as holding nothing personal so "
    "that the retention sweep ends old days.",
)
declare(
    "gdpr.SearchMissCount",
    purpose=Purpose.STATISTICS,
    basis=LawfulBasis.CONSENT,
    retention=STATISTICS_KEPT,
    erasure=Delete(),
    # A term names no one who searched, and terms with an e-mail address, a long number
    # or more than 60 characters are never kept; but a name searched for may remain.
    personal={"term": Category.FREE_TEXT},
    not_personal=("id", "day", "language", "searches"),
    manual=_(
        "A search term is counted per day and language, never with who searched. A term that "
        "names someone is removed by staff from the statistics report, when asked or when they see it."
    ),
)
