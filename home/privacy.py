"""Personal data in `home`: the account itself, contact cases, and news subscriptions and
sends. Pages, policies and the company's settings are the company's content."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gdpr.declarations.common import AFTER_RELATIONSHIP, Epoch
from gdpr.erasure_actions import Anonymise, Blank, Delete, ErasedEmail, Null, Placeholder, UnusablePassword
from gdpr.registry import Category, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import RetentionRule, add_months
from home.models.contact import KEPT_MONTHS
from home.models.newsletter import CONFIRM_DAYS, KEPT_AFTER_UNSUBSCRIBING_MONTHS, NewsSubscription

declare(
    "home.User",
    purpose=Purpose.ACCOUNT,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    # The account row stays, emptied, so that what must point at it (an admin log entry,
    # a retained order's history) keeps pointing at something that names nobody.
    erasure=Anonymise(
        email=ErasedEmail(),
        first_name=Blank(),
        last_name=Blank(),
        password=UnusablePassword(),
        last_login=Null(),
        date_joined=Epoch(),
        is_active=Placeholder(False),
        is_staff=Placeholder(False),
        is_superuser=Placeholder(False),
    ),
    personal={
        "email": Category.CONTACT,
        "first_name": Category.CONTACT,
        "last_name": Category.CONTACT,
        "password": Category.ONLINE_IDENTIFIER,
        "last_login": Category.ONLINE_IDENTIFIER,
        "date_joined": Category.ONLINE_IDENTIFIER,
    },
    not_personal=("id", "is_superuser", "is_staff", "is_active"),
    secrets=("password",),
    person="pk",
)
for label, other in (("home.User_groups", "group"), ("home.User_user_permissions", "permission")):
    declare(
        label,
        purpose=Purpose.ACCOUNT,
        basis=LawfulBasis.CONTRACT,
        retention=AFTER_RELATIONSHIP,
        erasure=Delete(),
        references=("user",),
        not_personal=("id", other),
        person="user",
    )

holds_nothing_personal(
    _("The site's pages and the policies' published versions: editorial content."),
    "home.HomePage",
    "home.HomeFeaturedCourse",
    "home.StandardPage",
    "home.PolicyPage",
    "home.PolicyVersion",
    "home.NewsIndexPage",
    "home.NewsPage",
)
holds_nothing_personal(
    _(
        "The company's own details (its e-mail address and telephone number are the company's), "
        "and how to reach its data-protection contact (GDPR art. 30(1)(a)): the work details of a "
        "role the company fills, not data about its customers."
    ),
    "home.CompanySettings",
    reviewed=("email", "phone", "address", "data_protection_email", "data_protection_phone"),
)


# --- Contact cases: what people write from the contact page, and how staff handled it ---


@dataclass(frozen=True)
class ContactCaseRetention(RetentionRule):
    """A case linked to an account (its owner was signed in when writing) lasts with the
    customer relationship, then as history only some staff may read (`AFTER_RELATIONSHIP`);
    any other case lasts `guest_months` after it was last handled: its closing, as a rule."""

    guest_months: int = KEPT_MONTHS

    def keep_until(self, row, person_path=None):
        if row.user_id:
            return AFTER_RELATIONSHIP.keep_until(row, "user")
        return add_months(timezone.localtime(row.last_activity_at).date(), self.guest_months)

    def due(self, today, person_path=None):
        cutoff = timezone.make_aware(datetime.combine(add_months(today, -self.guest_months), time.min))
        return AFTER_RELATIONSHIP.due(today, "user") | Q(user__isnull=True, last_activity_at__lt=cutoff)

    def describe(self):
        return _(
            "While the customer relationship lasts, then %(months)d months as history with restricted "
            "access; a message sent without signing in: %(guest_months)d months after the case was "
            "last handled"
        ) % {"months": AFTER_RELATIONSHIP.months, "guest_months": self.guest_months}

    def code(self):
        return (
            f"contact_case:relationship_end+{AFTER_RELATIONSHIP.months}m"
            f"|guest:last_activity+{self.guest_months}m"
        )


@dataclass(frozen=True)
class WithItsCase(RetentionRule):
    """A message is kept as long as its case, and goes with it (a cascade)."""

    def keep_until(self, row, person_path=None):
        return ContactCaseRetention().keep_until(row.case)

    def due(self, today, person_path=None):
        return None  # the case's deletion takes its messages

    def describe(self):
        return _("As long as the case it belongs to")

    def code(self):
        return "with_its_case"


class DeleteWithItsCase(Delete):
    """Delete the person's messages, except those of a case a legal hold keeps: the thread
    stays with its case, and is reported as retained for the hold's reason."""

    def erase(self, queryset, subject, today, held):
        from gdpr.erasure import held_records

        cases = held_records(apps.get_model("home", "ContactCase"), today)
        if cases:
            kept = queryset.filter(case_id__in=list(cases)).values_list("pk", "case_id")
            held = {**held, **{pk: cases[case_id] for pk, case_id in kept}}
        return super().erase(queryset, subject, today, held)

    def code(self):
        return "delete_with_its_case"


declare(
    "home.ContactCase",
    purpose=Purpose.SUPPORT,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=ContactCaseRetention(),
    erasure=Delete(),
    personal={
        "name": Category.CONTACT,
        "email": Category.CONTACT,
        "company": Category.COMPANY,
        "subject": Category.SUPPORT_CASE,
        "status": Category.SUPPORT_CASE,
        "opened_at": Category.SUPPORT_CASE,
        "closed_at": Category.SUPPORT_CASE,
    },
    references=("user", "assigned_to"),
    not_personal=("id", "language", "last_activity_at"),
    person="user",  # never "assigned_to": erasing a staff member leaves the cases they handled
    email="email",
)
declare(
    "home.ContactMessage",
    purpose=Purpose.SUPPORT,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=WithItsCase(),
    erasure=DeleteWithItsCase(),
    # Staff's notes are about the person too: a copy of their data holds them (GDPR art. 15).
    personal={
        "body": Category.SUPPORT_CASE,
        "kind": Category.SUPPORT_CASE,
        "created_at": Category.SUPPORT_CASE,
    },
    references=("author",),
    not_personal=("id", "case", "mailed_at"),
    person="case__user",
    email="case__email",
)


# --- News: the subscribers' consent, and what was sent to them ---


@dataclass(frozen=True)
class NewsSubscriptionRetention(RetentionRule):
    """A confirmed subscription lasts until the person unsubscribes. A sign-up never
    confirmed goes when its link expires; an unsubscribed row, which keeps no address (only
    its keyed hash), `months` later, as the record of the consent and its withdrawal."""

    months: int = KEPT_AFTER_UNSUBSCRIBING_MONTHS

    def keep_until(self, row, person_path=None):
        if row.status == NewsSubscription.Status.PENDING:
            return timezone.localtime(row.confirmation_expires_at).date()
        if row.status == NewsSubscription.Status.UNSUBSCRIBED and row.unsubscribed_at:
            return add_months(timezone.localtime(row.unsubscribed_at).date(), self.months)
        return None

    def due(self, today, person_path=None):
        Status = NewsSubscription.Status
        start = timezone.make_aware(datetime.combine(today, time.min))
        unsubscribed_before = timezone.make_aware(datetime.combine(add_months(today, -self.months), time.min))
        return Q(status=Status.PENDING, asked_at__lt=start - timedelta(days=CONFIRM_DAYS)) | Q(
            status=Status.UNSUBSCRIBED, unsubscribed_at__lt=unsubscribed_before
        )

    def describe(self):
        return _(
            "Until you unsubscribe, then %(months)d months as the record of your consent, without your "
            "address; a sign-up never confirmed: %(days)d days"
        ) % {"months": self.months, "days": CONFIRM_DAYS}

    def code(self):
        return f"news_subscription:until_unsubscribed+{self.months}m|pending:asked+{CONFIRM_DAYS}d"


@dataclass(frozen=True)
class WithItsSubscription(RetentionRule):
    """Which news a subscriber was sent is kept as long as the subscription, and goes with it."""

    def keep_until(self, row, person_path=None):
        return NewsSubscriptionRetention().keep_until(row.subscription)

    def due(self, today, person_path=None):
        return None  # the subscription's deletion takes its deliveries

    def describe(self):
        return _("As long as the subscription it was sent to")

    def code(self):
        return "with_its_subscription"


declare(
    "home.NewsSubscription",
    purpose=Purpose.MARKETING,
    basis=LawfulBasis.CONSENT,
    retention=NewsSubscriptionRetention(),
    erasure=Delete(),
    personal={
        "email": Category.CONTACT,
        "address_hash": Category.CONTACT,
        "status": Category.CONSENT,
        "asked_at": Category.CONSENT,
        "confirmation_mailed_at": Category.CONSENT,
        "confirmed_at": Category.CONSENT,
        "unsubscribed_at": Category.CONSENT,
        "policy_version": Category.CONSENT,
        "suppression_lifted_at": Category.CONSENT,
    },
    references=("user",),
    not_personal=("id", "language"),
    person="user",
    email="email",
)
declare(
    "home.NewsDelivery",
    purpose=Purpose.MARKETING,
    basis=LawfulBasis.CONSENT,
    retention=WithItsSubscription(),
    erasure=Delete(),
    personal={"claimed_at": Category.CONSENT, "sent_at": Category.CONSENT},
    not_personal=("id", "send", "subscription"),
    person="subscription__user",
    email="subscription__email",
)
declare(
    "home.NewsSend",
    purpose=Purpose.CONTENT,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=AFTER_RELATIONSHIP,
    erasure=Anonymise(requested_by=Null()),
    references=("requested_by",),
    not_personal=(
        "id",
        "page",
        "translation_key",
        "title",
        "status",
        "requested_at",
        "started_at",
        "finished_at",
    ),
    person="requested_by",
)
