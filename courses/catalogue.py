"""Browsing the catalogue: filters, sorting, pages of course cards, course details.

Every listing is built with a fixed number of queries whatever the catalogue's size:
images, prices and subjects come in with their courses, never one query per card.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

from oscar.core.loading import get_class, get_model

from courses.access import trailer_media
from courses.models import Course, CoursePage, DocumentProduct, LessonPage, ModulePage, Subject
from courses.models.pages import Format, Level
from home import company
from home.caching import PRICES, STRUCTURE, VIDEOS, cached, cached_each, public
from home.page_cache import query_understood

Selector = get_class("partner.strategy", "Selector")
StockRecord = get_model("partner", "StockRecord")

CARD_IMAGE = "fill-480x270"
SORTS = {
    "title": (_("Title"), ["title"]),
    "newest": (_("Newest"), ["-first_published_at"]),
    "price": (_("Price, lowest first"), ["price", "title"]),
    "duration": (_("Shortest first"), ["duration_minutes", "title"]),
}
DEFAULT_SORT = "title"


def create_course_for(page: CoursePage) -> Course:
    """The language-neutral course behind a new Swedish course page, sold by its seller."""
    seller = page.get_parent().specific.seller
    # Wagtail fills in the slug after this runs, so the code comes from the title.
    base = slugify(page.slug or page.title)[:70] or "course"
    taken = set(Course.objects.filter(code__startswith=base).values_list("code", flat=True))
    code = (
        base
        if base not in taken
        else next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)
    )
    return Course.objects.create(code=code, seller=seller)


@dataclass
class CourseCard:
    page: CoursePage
    price: object | None  # Oscar's price, or None when the course is not for sale


@dataclass
class Catalogue:
    cards: PaginatorPage
    filters: dict[str, str]
    sort: str
    subjects: list
    levels: list = field(default_factory=lambda: Level.choices)
    formats: list = field(default_factory=lambda: Format.choices)
    languages: list = field(default_factory=lambda: settings.LANGUAGES)
    sorts: list = field(default_factory=lambda: [(key, label) for key, (label, _order) in SORTS.items()])

    @property
    def subject_choices(self) -> list[tuple[str, str]]:
        return [(subject.slug, subject.name) for subject in self.subjects]

    @property
    def query_without_page(self) -> str:
        from urllib.parse import urlencode

        params = {k: v for k, v in self.filters.items() if v}
        if self.sort != DEFAULT_SORT:
            params["sort"] = self.sort
        return urlencode(params)


def card_queryset(pages):
    """Course pages with what a card shows: subject, image rendition, product and stock."""
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE)
    return pages.select_related(
        "subject", "course__product__product_class", "course__product__parent"
    ).prefetch_related(
        Prefetch("cover_image", queryset=images),
        "course__product__stockrecords",
    )


def course_cards(pages, request) -> list[CourseCard]:
    strategy = Selector().strategy(request=request, user=getattr(request, "user", None))
    return [CourseCard(page, price_of(page.course, strategy)) for page in card_queryset(pages)]


def price_of(course: Course | None, strategy):
    product = course.product if course else None
    if product is None:
        return None
    info = strategy.fetch_for_product(product)
    return info.price if info.availability.is_available_to_buy else None


class CourseCards(Sequence):
    """The cards of the courses `ids`, in that order, with their prices: read from the
    database only when first looked at (four queries however many)."""

    def __init__(self, ids: list[int], request):
        self.ids, self.request = ids, request

    @cached_property
    def cards(self) -> list[CourseCard]:
        pages = card_queryset(CoursePage.objects.live().filter(pk__in=self.ids))
        by_id = {page.pk: page for page in pages}
        strategy = Selector().strategy(request=self.request, user=self.request.user)
        return [CourseCard(by_id[pk], price_of(by_id[pk].course, strategy)) for pk in self.ids if pk in by_id]

    def __len__(self) -> int:
        return len(self.cards) if "cards" in self.__dict__ else len(self.ids)

    def __getitem__(self, index):
        return self.cards[index]


def browse_catalogue(index_page, request) -> Catalogue:
    params = request.GET
    filters = {key: params.get(key, "") for key in ("subject", "level", "language", "format")}
    sort = params.get("sort") if params.get("sort") in SORTS else DEFAULT_SORT

    pages = public(CoursePage.objects.live()).descendant_of(index_page).filter(locale_id=index_page.locale_id)
    pages = filter_courses(pages, filters)
    if sort == "price":
        cheapest = StockRecord.objects.filter(product=OuterRef("course__product")).order_by("price")
        pages = pages.annotate(price=Subquery(cheapest.values("price")[:1]))
    pages = pages.order_by(*SORTS[sort][1])

    # The page of courses in two steps: which ones (the catalogue sorted without the
    # joins), then those 12 with what their cards show. One query sorting the whole
    # catalogue with every join took 10 ms of the page's 37 at 1,000 courses. How many
    # there are changes only with the structure (home/caching.py).
    paginator = Paginator(pages.values_list("pk", flat=True), settings.COURSES_PER_PAGE)
    subjects = subject_options(index_page)
    used = used_filters(filters, subjects)
    # Counted once per combination of known filters, never per value a visitor typed.
    known = None not in used.values()
    paginator.count = (
        cached("catalogue-count", pages.count, index_page.pk, *used.values()) if known else pages.count()
    )
    cards = paginator.get_page(params.get("page"))
    query_understood(request, **used, sort=sort, page=cards.number)
    # Which 12, cached like the count, until a page or a price changes (the sort may be by
    # price); their cards are read only if their HTML is not cached (course_grid).
    if known:
        chosen = cached(
            "catalogue-page",
            lambda: list(cards.object_list),
            index_page.pk,
            *used.values(),
            sort,
            cards.number,
            depends_on=(STRUCTURE, PRICES),
        )
    else:
        chosen = list(cards.object_list)
    cards.object_list = CourseCards(chosen, request)
    return Catalogue(cards=cards, filters=filters, sort=sort, subjects=subjects)


def used_filters(filters: dict[str, str], subjects: list[Subject]) -> dict[str, str | None]:
    """Each filter's value as filter_courses() uses it: "" for none, None for a value it
    ignores or that matches none of the catalogue's `subjects`."""
    known = {
        "subject": {subject.slug for subject in subjects},
        "level": set(Level.values),
        "format": set(Format.values),
        "language": set(dict(settings.LANGUAGES)),
    }
    return {name: value if value == "" or value in known[name] else None for name, value in filters.items()}


def filter_courses(pages, filters: dict[str, str]):
    """Course pages narrowed by the catalogue's filters (the search's too); unknown values
    are ignored."""
    if filters.get("subject"):
        pages = pages.filter(subject__slug=filters["subject"])
    if filters.get("level") in Level.values:
        pages = pages.filter(level=filters["level"])
    if filters.get("format") in Format.values:
        pages = pages.filter(format=filters["format"])
    if filters.get("language") in dict(settings.LANGUAGES):
        pages = pages.filter(teaching_language=filters["language"])
    return pages


def subject_options(index_page) -> list[Subject]:
    """The subjects of the catalogue's live courses (cached until pages change)."""

    def build():
        live = CoursePage.objects.live().public().descendant_of(index_page)
        return list(Subject.objects.filter(locale_id=index_page.locale_id, course_pages__in=live).distinct())

    return cached("catalogue-subjects", build, index_page.pk)


@dataclass
class Module:
    page: ModulePage
    lessons: list[LessonPage]


def outlines(pages: list[CoursePage]) -> dict[int, list[Module]]:
    """Each course page's live modules in order, each with its live lessons in order and
    their videos, by page id: the syllabus, My learning's progress and the player's
    neighbours. Cached until the structure or a video changes; the pages not cached take
    two queries together."""

    def build(missing: list[int]) -> dict[int, list[Module]]:
        courses = [page for page in pages if page.pk in set(missing)]
        outline = {page.pk: [] for page in courses}
        course_at = {page.path: page.pk for page in courses}
        modules = {}
        for module in (
            ModulePage.objects.live()
            .filter(reduce(or_, (Q(path__startswith=page.path, depth=page.depth + 1) for page in courses)))
            .order_by("path")
        ):
            modules[module.path] = Module(module, [])
            outline[course_at[module.path[: -ModulePage.steplen]]].append(modules[module.path])
        for lesson in (
            LessonPage.objects.live()
            .filter(reduce(or_, (Q(path__startswith=page.path) for page in courses)))
            .select_related("video")
            .order_by("path")
        ):
            module = modules.get(lesson.path[: -ModulePage.steplen])
            if module:  # a live lesson in an unpublished module is not shown
                module.lessons.append(lesson)
        return outline

    # A page being created (an editor's preview) has no place in the tree yet, nor lessons.
    unsaved = {page.pk: [] for page in pages if page.pk is None or not page.path}
    saved = [page.pk for page in pages if page.pk not in unsaved]
    return {**cached_each("course-outline", build, saved, depends_on=(STRUCTURE, VIDEOS)), **unsaved}


def course_detail(page: CoursePage, request) -> dict:
    """Modules with their lessons (outlines()), instructors, price, documents for sale,
    JSON-LD and the trailer."""
    modules = outlines([page])[page.pk]

    def build() -> dict:
        # wagtail-localize already points a translated page's links at translated instructors.
        instructors = [link.instructor for link in page.instructors.select_related("instructor__photo")]
        strategy = Selector().strategy(request=request, user=request.user)
        course = (
            Course.objects.select_related("product__product_class")
            .prefetch_related("product__stockrecords")
            .get(pk=page.course_id)
        )
        price = price_of(course, strategy)
        documents = [
            (item.product, strategy.fetch_for_product(item.product))
            for item in DocumentProduct.objects.filter(course=course, product__is_public=True)
            .select_related("product__product_class")
            .prefetch_related("product__stockrecords")
            .order_by("product__title")
        ]
        return {
            "course": course,
            "documents_for_sale": [
                {"product": product, "price": info.price}
                for product, info in documents
                if info.availability.is_available_to_buy
            ],
            "instructors": instructors,
            "price": price,
            "structured_data": structured_data(page, request, instructors, price),
        }

    if getattr(request, "is_preview", False):
        detail = build()  # an editor's draft: neither from the cache nor into it
    else:
        # The same for everyone who sees the page (the strategy prices alike for all:
        # shop/partner/strategy.py) until the page, its instructors or a price changes.
        detail = cached(
            "course-detail",
            build,
            page.pk,
            request.get_host(),
            get_language(),
            depends_on=(STRUCTURE, PRICES),
        )
    return {
        **detail,
        "modules": modules,
        "lesson_count": sum(len(module.lessons) for module in modules),
        # Signed URLs for anyone, once the video is processed: made for each request.
        "trailer": trailer_media(page, detail["course"]),
    }


def structured_data(page: CoursePage, request, instructors, price) -> dict:
    """schema.org Course, for search engines (rendered as JSON-LD in the page head)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "inLanguage": page.teaching_language,
        "educationalLevel": page.get_level_display(),
        "timeRequired": f"PT{page.duration_minutes}M",
        "provider": {"@type": "Organization", "name": company.facts(request).get("name", "")},
        "hasCourseInstance": {"@type": "CourseInstance", "courseMode": "online"},
    }
    if instructors:
        data["instructor"] = [{"@type": "Person", "name": i.name} for i in instructors]
    if price is not None:
        amount = price.incl_tax if price.is_tax_known else price.excl_tax
        data["offers"] = {
            "@type": "Offer",
            "price": str(amount),
            "priceCurrency": price.currency,
            "category": "Paid",
        }
    return data
