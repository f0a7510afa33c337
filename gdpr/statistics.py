"""First-party statistics, only with the visitor's consent and never per person: views and
visitors per course page and day, and searches that found nothing per day, language and
term; and the staff's report of them (Reports → Statistics).

A visitor is a browser counted once per page and day. The `cc_stats` cookie lists the day
and the pages already counted that day ("20261129:12.45"), at most 50 (the oldest gives
way), and ends at midnight. It is not signed: a value that is malformed, oversized, from
another day or forged only makes the browser count as a new visitor, so it is read as
empty, never as an error.

Search terms are what people type, and can name someone. A term is lower-cased and its
spaces collapsed, and it is not counted at all when it holds an "@" (an e-mail address),
six digits or more in a row, spaces and dashes allowed between them (a personal identity,
phone or organisation number), or more than 60 characters (a pasted text rather than a
course's name). What remains may still be a name: staff remove such a term from the report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext

from wagtail.models import Page

from gdpr.cookie_seed import STATISTICS_COOKIE
from gdpr.models import PageViewCount, SearchMissCount
from gdpr.registry import Purpose
from gdpr.restriction import is_restricted

CATEGORY = "statistics"
MAX_PAGES_PER_DAY = 50
_PAGE_ID = r"[1-9]\d{0,9}"
_COUNTED = re.compile(rf"(\d{{8}}):({_PAGE_ID}(?:\.{_PAGE_ID}){{0,{MAX_PAGES_PER_DAY - 1}}})")
MAX_COOKIE_LENGTH = 9 + MAX_PAGES_PER_DAY * 11

MAX_TERM_LENGTH = SearchMissCount._meta.get_field("term").max_length
# Six digits or more with spaces, dashes, dots, pluses or brackets between them: a personal
# identity number (850101-1234), a phone number, an organisation number. A standard's or a
# law's number ("ISO 27001", "2016/679") stays.
_LONG_NUMBER = re.compile(r"\d(?:[ \-.+()]*\d){5,}")
# A flood of made-up terms stops here for the day, rather than filling the table.
MAX_TERMS_PER_DAY = 1000


# --- Counting ---


def _may_count(request) -> bool:
    """The visitor allowed statistics and, if signed in, has not restricted them (art. 18)."""
    consent = getattr(request, "consent", None)
    if consent is None or not consent.allows(CATEGORY):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and is_restricted(user, Purpose.STATISTICS))


def _add(model, key: dict, amounts: dict, may_insert=None) -> None:
    """Add `amounts` to the row `key` names: one UPDATE when it exists (the common case),
    otherwise an INSERT; if another request inserted it first, add to theirs. Atomic under
    concurrency, since the database adds to the stored value."""
    increments = {name: F(name) + amount for name, amount in amounts.items() if amount}
    if model.objects.filter(**key).update(**increments):
        return
    if may_insert is not None and not may_insert():
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **amounts)
    except IntegrityError:
        model.objects.filter(**key).update(**increments)


def counted_pages(value: str | None, today: date) -> list[int]:
    """The pages a `cc_stats` value says this browser was counted on today, or []."""
    if not value or len(value) > MAX_COOKIE_LENGTH:
        return []
    match = _COUNTED.fullmatch(value)
    if match is None or match[1] != f"{today:%Y%m%d}":
        return []
    return [int(pk) for pk in match[2].split(".")]


def _seconds_to_midnight(now: datetime) -> int:
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min))
    return max(1, int((midnight - now).total_seconds()))


def count_course_page_view(request, response, page) -> None:
    """Count a view of `page` (a page, or its id) that `response` answers, if the visitor
    allowed statistics: a view each time, a visitor once a day per browser. Not a HEAD
    request, an error or a redirect, nor the editor's preview.

    Only `page`'s id is used, so a page cache that serves a stored response without the
    page can call this with the id it stored alongside."""
    if request.method != "GET" or response.status_code != 200 or getattr(request, "is_preview", False):
        return
    if not _may_count(request):
        return
    page_id = getattr(page, "pk", page)
    now = timezone.now()
    today = timezone.localdate(now)
    counted = counted_pages(request.COOKIES.get(STATISTICS_COOKIE), today)
    new_visitor = page_id not in counted
    _add(PageViewCount, {"page_id": page_id, "day": today}, {"views": 1, "visitors": int(new_visitor)})
    if new_visitor:
        response.set_cookie(
            STATISTICS_COOKIE,
            f"{today:%Y%m%d}:{'.'.join(map(str, [*counted, page_id][-MAX_PAGES_PER_DAY:]))}",
            max_age=_seconds_to_midnight(now),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def normalise_term(term: str) -> str:
    """The term as it is counted, or "" when it is not counted (see the module's docstring)."""
    term = "".join(
        " " if unicodedata.category(ch)[0] == "C" else ch for ch in unicodedata.normalize("NFKC", term)
    )
    term = " ".join(term.lower().split())
    if len(term) > MAX_TERM_LENGTH or "@" in term or _LONG_NUMBER.search(term):
        return ""
    return term


def _language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE[:2]


def count_search_without_results(request, term: str) -> None:
    """Count a search for `term` that found nothing, if the visitor allowed statistics."""
    if request.method != "GET" or not _may_count(request):
        return
    term = normalise_term(term)
    if not term:
        return
    today = timezone.localdate()
    _add(
        SearchMissCount,
        {"day": today, "language": _language(), "term": term},
        {"searches": 1},
        may_insert=lambda: SearchMissCount.objects.filter(day=today).count() < MAX_TERMS_PER_DAY,
    )


def forget_term(term: str) -> int:
    """Remove a term from the statistics, every day and language: staff do this for a term
    that names someone. Returns how many rows went."""
    return SearchMissCount.objects.filter(term=term[:MAX_TERM_LENGTH]).delete()[0]


# --- The report ---

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP = 10


def period_from(value: str | None) -> int:
    """The number of days asked for, if it is one of `PERIODS`."""
    return int(value) if value in {str(days) for days in PERIODS} else DEFAULT_PERIOD


@dataclass(frozen=True)
class DayCount:
    day: date
    views: int
    visitors: int


@dataclass(frozen=True)
class PageCount:
    title: str
    page_id: int | None
    views: int
    visitors: int


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    days: list[DayCount]
    pages: list[PageCount]
    misses: list[dict]

    @property
    def views(self) -> int:
        return sum(d.views for d in self.days)

    @property
    def visitors(self) -> int:
        return sum(d.visitors for d in self.days)


def report(days: int, language: str, today: date | None = None) -> Report:
    """The last `days` days up to `today`, in four queries whatever the amount of data:
    views per day, the top pages (their translations together, titled in `language`),
    those pages' titles, and the top searches without results."""
    last = today or timezone.localdate()
    first = last - timedelta(days=days - 1)
    counts = PageViewCount.objects.filter(day__range=(first, last))
    per_day = {
        row["day"]: row
        for row in counts.values("day").annotate(views=Sum("views"), visitors=Sum("visitors")).order_by()
    }
    daily = []
    for n in range(days):
        day = first + timedelta(days=n)
        row = per_day.get(day, {})
        daily.append(DayCount(day, row.get("views", 0), row.get("visitors", 0)))

    top = list(
        counts.values("page__translation_key")
        .annotate(views=Sum("views"), visitors=Sum("visitors"))
        .order_by("-views", "-visitors", "page__translation_key")[:TOP]
    )
    titles = {}
    for page in Page.objects.filter(translation_key__in=[row["page__translation_key"] for row in top]).values(
        "pk", "title", "translation_key", "locale__language_code"
    ):
        if page["translation_key"] not in titles or page["locale__language_code"] == language:
            titles[page["translation_key"]] = page
    pages = [
        PageCount(
            title=titles.get(row["page__translation_key"], {}).get("title", ""),
            page_id=titles.get(row["page__translation_key"], {}).get("pk"),
            views=row["views"],
            visitors=row["visitors"],
        )
        for row in top
    ]

    misses = list(
        SearchMissCount.objects.filter(day__range=(first, last))
        .values("term", "language")
        .annotate(searches=Sum("searches"))
        .order_by("-searches", "term", "language")[: TOP * 2]
    )
    return Report(first=first, last=last, days=daily, pages=pages, misses=misses)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: DayCount


@dataclass(frozen=True)
class BarChart:
    """Views per day as bars, measured for an inline SVG of `width` × `height`."""

    bars: list[Bar]
    width: int
    height: int
    top: int
    label: str


def bar_chart(the_report: Report, width: int = 720, height: int = 200) -> BarChart:
    highest = max((d.views for d in the_report.days), default=0)
    slot = width / len(the_report.days)
    bars = []
    for n, count in enumerate(the_report.days):
        bar_height = round(count.views / highest * height, 1) if highest else 0
        bars.append(
            Bar(round(n * slot + slot * 0.1, 1), height - bar_height, round(slot * 0.8, 1), bar_height, count)
        )
    label = ngettext(
        "Views per day from %(first)s to %(last)s: %(views)s view in all.",
        "Views per day from %(first)s to %(last)s: %(views)s views in all.",
        the_report.views,
    ) % {
        "first": formats.date_format(the_report.first, "SHORT_DATE_FORMAT"),
        "last": formats.date_format(the_report.last, "SHORT_DATE_FORMAT"),
        "views": formats.number_format(the_report.views, force_grouping=True),
    }
    if highest:
        busiest = max(the_report.days, key=lambda d: d.views)
        label += " " + gettext("The most, %(views)s, on %(day)s.") % {
            "views": formats.number_format(highest, force_grouping=True),
            "day": formats.date_format(busiest.day, "SHORT_DATE_FORMAT"),
        }
    return BarChart(bars=bars, width=width, height=height, top=highest, label=label)
