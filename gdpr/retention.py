"""Retention rules: how long a kind of personal data is kept, as objects rather than numbers.

Each rule answers two questions: until when one row is kept (`keep_until`, for the
erasure result and the export), and which rows of a queryset are past their time today
(`due`, for the sweep, done in the database so that it runs over any number of rows).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _resolve(row, path: str):
    value = row
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


class RetentionRule:
    """Base class. `person_path` is the declaration's lookup path to the account."""

    def keep_until(self, row, person_path: str | None = None) -> date | None:
        raise NotImplementedError

    def due(self, today: date, person_path: str | None = None) -> Q | None:
        """A filter for rows whose time is over on `today`; None when the sweep has nothing to do."""
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def code(self) -> str:
        raise NotImplementedError

    def __str__(self):
        return str(self.describe())


@dataclass(frozen=True)
class RelationshipEndPlus(RetentionRule):
    """Kept while the customer relationship lasts, then `months` more."""

    months: int

    def keep_until(self, row, person_path=None):
        from gdpr.models import CustomerRelationship

        user_id = _user_id(row, person_path)
        if user_id is None:
            return None
        ended = (
            CustomerRelationship.objects.filter(user_id=user_id).values_list("ended_at", flat=True).first()
        )
        return add_months(_as_date(ended), self.months) if ended else None

    def due(self, today, person_path=None):
        prefix = "" if not person_path or person_path == "pk" else f"{person_path}__"
        cutoff = _start_of_day(add_months(today, -self.months))
        return Q(**{f"{prefix}privacy_relationship__ended_at__lt": cutoff})

    def describe(self):
        return ngettext(
            "While the customer relationship lasts, then %(months)d month",
            "While the customer relationship lasts, then %(months)d months",
            self.months,
        ) % {"months": self.months}

    def code(self):
        return f"relationship_end+{self.months}m"


@dataclass(frozen=True)
class MonthsAfterEvent(RetentionRule):
    """Kept `months` after the date in `field` (a lookup path from the row)."""

    field: str
    months: int
    event: str = ""  # what the date means, for people: "the session expired"

    def keep_until(self, row, person_path=None):
        return self.keep_until_from(_resolve(row, self.field))

    def keep_until_from(self, value) -> date | None:
        value = _as_date(value)
        return add_months(value, self.months) if value else None

    def due(self, today, person_path=None):
        return Q(**{f"{self.field}__lt": _start_of_day(add_months(today, -self.months))})

    def describe(self):
        event = self.event or self.field.replace("__", " ").replace("_", " ")
        if not self.months:
            return _("Until %(event)s") % {"event": event}
        return ngettext(
            "%(months)d month after %(event)s",
            "%(months)d months after %(event)s",
            self.months,
        ) % {"months": self.months, "event": event}

    def code(self):
        return f"{self.field}+{self.months}m"


@dataclass(frozen=True)
class UntilConsentWithdrawn(RetentionRule):
    """Kept until the person withdraws the consent; `withdrawn_field` holds when they did."""

    withdrawn_field: str

    def keep_until(self, row, person_path=None):
        return _as_date(_resolve(row, self.withdrawn_field))

    def due(self, today, person_path=None):
        return Q(**{f"{self.withdrawn_field}__isnull": False, f"{self.withdrawn_field}__lte": timezone.now()})

    def describe(self):
        return _("Until you withdraw your consent")

    def code(self):
        return f"until_consent_withdrawn({self.withdrawn_field})"


def financial_year_end() -> tuple[int, int]:
    month, day = getattr(settings, "GDPR_FINANCIAL_YEAR_END", (12, 31))
    return int(month), int(day)


@dataclass(frozen=True)
class AccountingRecords(RetentionRule):
    """Bokföringslagen 7 kap. 2 §: kept until the end of the seventh calendar year after the
    end of the financial year the record belongs to.

    `field` is the record's date (a lookup path); the financial year ends on
    `year_end` (month, day), by default `settings.GDPR_FINANCIAL_YEAR_END`.
    """

    field: str
    year_end: tuple[int, int] | None = None
    years: int = 7

    def _year_end(self):
        return self.year_end or financial_year_end()

    def financial_year_end_of(self, day: date) -> date:
        month, last = self._year_end()
        end = date(day.year, month, min(last, calendar.monthrange(day.year, month)[1]))
        return (
            end
            if day <= end
            else date(day.year + 1, month, min(last, calendar.monthrange(day.year + 1, month)[1]))
        )

    def keep_until_date(self, day: date) -> date:
        return date(self.financial_year_end_of(day).year + self.years, 12, 31)

    def keep_until(self, row, person_path=None):
        return self.keep_until_from(_resolve(row, self.field))

    def keep_until_from(self, value) -> date | None:
        value = _as_date(value)
        return self.keep_until_date(value) if value else None

    def due(self, today, person_path=None):
        # Kept through 31 December of (end year + 7): due once today's year is later, i.e.
        # for records dated on or before the financial year end that falls in today.year - 8.
        month, last = self._year_end()
        year = today.year - self.years - 1
        last_day = date(year, month, min(last, calendar.monthrange(year, month)[1]))
        return Q(**{f"{self.field}__lt": _start_of_day(last_day + timedelta(days=1))})

    def describe(self):
        if self.years == 7:
            return _(
                "Until the end of the seventh calendar year after the end of the financial year "
                "(Swedish Bookkeeping Act, ch. 7 § 2)"
            )
        return ngettext(
            "Until the end of the %(years)d calendar year after the end of the financial year",
            "Until the end of the %(years)d calendar years after the end of the financial year",
            self.years,
        ) % {"years": self.years}

    def code(self):
        return f"accounting_records({self.field})"


def _user_id(row, person_path):
    if person_path in (None, "pk"):
        return row.pk
    value = _resolve(row, person_path)
    return getattr(value, "pk", value)


@dataclass(frozen=True)
class WhileNeeded(RetentionRule):
    """Kept while `what` holds; people (not the sweep) remove it then, as `manual` says."""

    what: str

    def keep_until(self, row, person_path=None):
        return None

    def due(self, today, person_path=None):
        return None

    def describe(self):
        return _("While %(what)s") % {"what": self.what}

    def code(self):
        return f"while({self.what})"
