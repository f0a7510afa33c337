"""What a search shows: courses as cards with their prices, filtered as in the catalogue,
and lessons and news, best first, with a "did you mean" when nothing is found.

What a search found (`Hits`) is the same for every visitor and cached until the site's
structure changes, keyed by a hash of the words; the cards' HTML also until a price
changes, keyed by the courses (courses/templatetags/course_tags.py). Neither holds the
words searched for. Cold or warm, the number of queries does not depend on the
catalogue's size.
"""

import hashlib
from dataclasses import astuple, dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageViewRestriction

from courses.catalogue import CourseCards, filter_courses
from courses.models import SearchDocument
from courses.models.pages import Format, Level
from courses.search import Plan, terms_of
from home.caching import PRICES, cached, changed

COURSE_FILTERS = ("subject", "level", "language", "format")
OTHER_KINDS = [SearchDocument.Kind.LESSON, SearchDocument.Kind.NEWS]
# Besides everything: only the courses, or only the lessons and news.
SHOW_CHOICES = [("courses", _("Courses")), ("pages", _("Lessons and news"))]


@dataclass
class PageHit:
    """A lesson or news item found: what its line in the results shows."""

    title: str
    url: str
    summary: str
    kind: str

    @property
    def kind_label(self) -> str:
        return SearchDocument.Kind(self.kind).label


@dataclass
class Hits:
    """What a search found, the same for every visitor: cached until the site's structure
    changes (home/caching.py; writing a search document is such a change)."""

    course_ids: list[int]  # of the page of courses shown, best first
    course_count: int
    other_hits: list[PageHit]
    other_count: int
    subjects: list[tuple[str, str]]
    suggestion: str = ""

    @classmethod
    def from_values(cls, values: tuple) -> "Hits":
        course_ids, course_count, other_hits, other_count, subjects, suggestion = values
        others = [PageHit(*hit) for hit in other_hits]
        return cls(list(course_ids), course_count, others, other_count, list(subjects), suggestion)


@dataclass
class SearchResults:
    query: str
    filters: dict[str, str]
    show: str
    courses: PaginatorPage | None  # of CourseCards
    others: PaginatorPage | None  # of PageHits
    subjects: list[tuple[str, str]]
    suggestion: str = ""
    levels: list = field(default_factory=lambda: Level.choices)
    formats: list = field(default_factory=lambda: Format.choices)
    languages: list = field(default_factory=lambda: settings.LANGUAGES)
    show_choices: list = field(default_factory=lambda: SHOW_CHOICES)

    @property
    def course_count(self) -> int:
        return self.courses.paginator.count if self.courses else 0

    @property
    def other_count(self) -> int:
        return self.others.paginator.count if self.others else 0

    @property
    def total(self) -> int:
        return self.course_count + self.other_count

    @property
    def filtered(self) -> bool:
        return bool(self.show or any(self.filters.values()))

    @property
    def more_courses(self) -> bool:
        """Everything is shown, and more courses were found than the first few."""
        return not self.show and self.courses is not None and self.courses.paginator.num_pages > 1

    @property
    def more_others(self) -> bool:
        return not self.show and self.others is not None and self.others.paginator.num_pages > 1

    def query_string(self, **changes) -> str:
        params = {"q": self.query, **self.filters, "show": self.show, **changes}
        return urlencode({key: value for key, value in params.items() if value})

    @property
    def query_without_page(self) -> str:
        return self.query_string()

    @property
    def all_courses_query(self) -> str:
        return self.query_string(show="courses")

    @property
    def all_others_query(self) -> str:
        return self.query_string(show="pages")

    @property
    def suggestion_query(self) -> str:
        return urlencode({"q": self.suggestion})


def search_site(request, query: str, language: str) -> SearchResults:
    """The results of `query` among the pages in `language`, with the filters and page asked
    for. The course cards are read only if their HTML is not cached."""
    params = request.GET
    filters = {key: params.get(key, "")[:100] for key in COURSE_FILTERS}
    show = params.get("show", "") if params.get("show") in dict(SHOW_CHOICES) else ""
    if any(filters.values()):
        show = "courses"  # lessons and news have no subject, level or format
    words = terms_of(query)
    # Everything shows the first page of each; one kind alone is shown page by page.
    number = page_number(params.get("page")) if show else 1
    key = hashlib.sha256(repr((words, sorted(filters.items()), show, number)).encode()).hexdigest()
    # Cached as plain values, under a name to change with their layout: a release never
    # reads what an older one wrote.
    hits = Hits.from_values(
        cached(
            "search-hits-1",
            lambda: astuple(find(request, words, language, filters, show, number)),
            language,
            key,
        )
    )

    courses = others = None
    if show in ("", "courses"):
        courses = Paginator(range(hits.course_count), settings.COURSES_PER_PAGE).get_page(number)
        courses.object_list = CourseCards(hits.course_ids, request)
    if show in ("", "pages"):
        others = Paginator(range(hits.other_count), settings.SEARCH_RESULTS_PER_PAGE).get_page(number)
        others.object_list = hits.other_hits
    return SearchResults(query, filters, show, courses, others, hits.subjects, hits.suggestion)


def page_number(value) -> int:
    try:
        return max(1, min(int(value), 10_000))
    except (TypeError, ValueError):
        return 1


def find(request, words: list[str], language: str, filters: dict[str, str], show: str, number: int) -> Hits:
    """The hits, from the search documents alone: a document exists only for a live page."""
    plan = Plan.for_words(words, language)
    documents = SearchDocument.objects.filter(language=language).exclude(private_q())
    hits = Hits([], 0, [], 0, [])
    if show in ("", "courses"):
        matching = plan.match(documents.filter(kind=SearchDocument.Kind.COURSE))
        # One pass over the courses found gives the subject filter's options and, from
        # them, how many courses the filters leave.
        per_subject = list(
            filter_courses(matching, {**filters, "subject": ""})
            .values("subject__slug", "subject__name")
            .annotate(found=Count("pk"))
            .order_by("subject__name")
        )
        selected = filters["subject"]
        hits.subjects = subject_options(per_subject, selected)
        hits.course_count = sum(
            row["found"] for row in per_subject if not selected or row["subject__slug"] == selected
        )
        per_page = settings.COURSES_PER_PAGE
        number = min(number, -(-hits.course_count // per_page) or 1)
        ranked = plan.rank(filter_courses(matching, filters)).values_list("page_id", flat=True)
        if hits.course_count:
            hits.course_ids = list(ranked[(number - 1) * per_page : number * per_page])
    if show in ("", "pages"):
        ranked = plan.rank(plan.match(documents.filter(kind__in=OTHER_KINDS))).select_related("page")
        page = Paginator(ranked, settings.SEARCH_RESULTS_PER_PAGE).get_page(number)
        hits.other_count = page.paginator.count
        hits.other_hits = [
            PageHit(hit.title, hit.page.get_url(request), hit.summary, hit.kind) for hit in page.object_list
        ]
    if not (hits.course_count or hits.other_count) and plan.terms:
        hits.suggestion = plan.suggestion(documents)
    return hits


def private_q() -> Q:
    """Documents of pages in a private section of the site (as PageQuerySet.private_q())."""
    condition = Q()
    for restriction in PageViewRestriction.objects.select_related("page"):
        condition |= Q(page__path__startswith=restriction.page.path)
    return condition if condition else Q(pk__in=[])


def prices_changed(**kwargs) -> None:
    changed(PRICES)


def subject_options(per_subject: list[dict], selected: str) -> list[tuple[str, str]]:
    """The subject filter's options: the subjects of the courses found, each with how many."""
    options = [
        (row["subject__slug"], f"{row['subject__name']} ({row['found']})")
        for row in per_subject
        if row["subject__slug"] is not None
    ]
    if selected and selected not in {slug for slug, _label in options}:
        options.append((selected, selected))  # still selectable, to be unselected
    return options
