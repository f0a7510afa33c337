"""Building a catalogue for tests: a catalogue page, sellers and their courses."""

from decimal import Decimal

from wagtail.models import Locale

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage, Subject
from courses.products import ensure_course_product
from courses.sellers import onboard_seller


def make_catalogue(home_page) -> CourseIndexPage:
    catalogue = home_page.add_child(
        instance=CourseIndexPage(title="Kurser", slug="kurser", show_in_menus=True)
    )
    catalogue.save_revision().publish()
    return catalogue


def make_seller(catalogue, name="Säljare Ett", users=()):
    return onboard_seller(name, catalogue, users=users)


def make_subject(slug="dataskydd", name="Dataskydd", language_code="sv") -> Subject:
    locale = Locale.objects.get(language_code=language_code)
    return Subject.objects.get_or_create(slug=slug, locale=locale, defaults={"name": name})[0]


def make_course(
    seller, title="Kurs", price: Decimal | None = Decimal("1000"), publish=True, **fields
) -> CoursePage:
    """A Swedish course page under `seller`'s page; with a product at `price` unless None."""
    seller_page = seller.pages.get(locale__language_code="sv")
    defaults = {"summary": f"Om {title}", "description": "<p>Beskrivning</p>"}
    page = seller_page.add_child(instance=CoursePage(title=title, **{**defaults, **fields}))
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish()
    if price is not None:
        ensure_course_product(page.course, title, price)
    return page


def make_lessons(course_page, modules=2, lessons_per_module=2, free_preview_first=True, video=None):
    made = []
    for m in range(modules):
        module = course_page.add_child(instance=ModulePage(title=f"Modul {m + 1}"))
        module.save_revision().publish()
        for n in range(lessons_per_module):
            lesson = module.add_child(
                instance=LessonPage(
                    title=f"Lektion {m + 1}.{n + 1}",
                    summary="Offentlig sammanfattning",
                    text="<p>Hemlig lektionstext</p>",
                    free_preview=free_preview_first and m == 0 and n == 0,
                    video=video,
                )
            )
            lesson.save_revision().publish()
            made.append(lesson)
    return made


def bulk_courses(seller, count: int, subject=None, start: int = 0) -> None:
    """Many live course pages with products, fast: no revisions and no search indexing
    (pass the `settings` fixture's search backends with AUTO_UPDATE off)."""
    seller_page = seller.pages.get(locale__language_code="sv")
    for n in range(start, start + count):
        page = seller_page.add_child(
            instance=CoursePage(
                title=f"Kurs {n:04d}", summary="Sammanfattning", description="<p>Text</p>", subject=subject
            )
        )
        ensure_course_product(page.course, page.title, Decimal(100 + n))
