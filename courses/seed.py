"""The demo catalogue: sellers, subjects, instructors, 12 courses with modules and lessons,
products with prices, news and policies, in Swedish and English. Idempotent."""

import os
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import connection, connections
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale
from wagtail.rich_text import RichText

from certificates.seed import ensure_design
from courses import demo_content as demo
from courses import demo_media
from courses.demo_media import LessonMedia, LessonScript, cover_image
from courses.models import (
    CourseIndexPage,
    CourseInstructor,
    CoursePage,
    Instructor,
    LessonCaption,
    LessonPage,
    LessonVideo,
    ModulePage,
    Seller,
    Subject,
)
from courses.products import course_product_class, ensure_course_product
from courses.sellers import ensure_course_review, onboard_seller
from courses.video_processing import process, videos_to_process
from home.translation import translate_page


def seed_catalogue(home, seller_users=()) -> CourseIndexPage:
    catalogue = ensure_catalogue(home)
    ensure_course_review(catalogue)
    subjects = ensure_subjects()
    instructors = ensure_instructors()
    product_class = course_product_class()
    sellers = []
    for i, spec in enumerate(demo.SELLERS):
        users = seller_users if i == 0 else ()
        sellers.append(onboard_seller(spec["name"], catalogue, users=users, translations={"en": spec["en"]}))
    # Lesson videos are made (or read from the cache) by a few threads while this one
    # builds the pages: ffmpeg and espeak-ng run in processes of their own, so the two
    # overlap, and the seed waits only for a video that is not ready when its lesson is.
    pool = ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1)))
    try:
        media = {
            number: [pool.submit(demo_media.lesson_media, script) for script in lesson_scripts(number)]
            for number, course in enumerate(demo.COURSES)
            if not CoursePage.objects.filter(title=course[8][0]).exists()
        }
        trailers, pages = {}, []
        for number, course in enumerate(demo.COURSES):
            seller, seller_index = sellers[course[0]], course[0]
            if seller_index not in trailers:
                trailers[seller_index] = ensure_trailer(seller, seller_index)
            pages.append(
                ensure_course(
                    number,
                    course,
                    seller,
                    subjects,
                    instructors,
                    trailers[seller_index],
                    media.get(number, []),
                    product_class,
                )
            )
    finally:
        pool.shutdown(cancel_futures=True)  # on an error, make no more videos
    for page in pages[:3]:
        ensure_document_for_sale(page)
    return catalogue


def lesson_scripts(number: int) -> list[LessonScript]:
    """What each lesson video of the `number`th demo course shows and says, in the order
    of demo.MODULES: narrated in the course's teaching language, captioned in both."""
    spec = demo.COURSES[number]
    seller_index, language, (sv, en) = spec[0], spec[4], spec[8:]
    course_titles = {"sv": sv[0], "en": en[0]}
    lessons = [(lesson_sv, lesson_en) for *_, lessons in demo.MODULES for lesson_sv, lesson_en, _ in lessons]
    scripts = []
    for (lesson_sv, lesson_en), points in zip(lessons, demo.LESSON_POINTS[number], strict=True):
        titles = {"sv": lesson_sv, "en": lesson_en}
        sentences = {
            code: (
                demo.LESSON_INTRO[code].format(lesson=titles[code], course=course_titles[code]),
                *points[code],
            )
            for code in ("sv", "en")
        }
        scripts.append(
            LessonScript(
                language=language,
                course_title=course_titles[language],
                title=titles[language],
                sentences=sentences,
                colour=demo.SELLERS[seller_index]["colour"],
            )
        )
    return scripts


def ensure_document_for_sale(page: CoursePage):
    """A checklist sold alongside the course (product class "Document"), as a real PDF."""
    from wagtail.documents import get_document_model

    from courses.models import DocumentProduct
    from courses.products import ensure_document_product

    course = page.course
    if DocumentProduct.objects.filter(course=course).exists():
        return
    title = f"Checklista: {page.title}"
    pdf = demo_media.checklist_pdf(title, demo.OUTCOMES["sv"])
    Document = get_document_model()
    document = Document(title=title)
    document.file.save(f"checklista-{course.code}.pdf", ContentFile(pdf), save=False)
    document.save()
    ensure_document_product(
        course.seller, document, title, Decimal(290), f"DOC-{course.code}"[:64], course=course
    )


def ensure_catalogue(home) -> CourseIndexPage:
    catalogue = CourseIndexPage.objects.filter(locale=home.locale).first()
    if catalogue:
        return catalogue
    sv, en = demo.CATALOGUE["sv"], demo.CATALOGUE["en"]
    catalogue = home.add_child(
        instance=CourseIndexPage(
            title=sv["title"], slug=sv["slug"], intro=f"<p>{escape(sv['intro'])}</p>", show_in_menus=True
        )
    )
    catalogue.save_revision().publish()
    translate_page(
        catalogue, "en", {sv["title"]: en["title"], sv["slug"]: en["slug"], sv["intro"]: en["intro"]}
    )
    return catalogue


def ensure_subjects() -> dict[str, Subject]:
    sv, en = Locale.objects.get(language_code="sv"), Locale.objects.get(language_code="en")
    subjects = {}
    for slug, name, en_slug, en_name in demo.SUBJECTS:
        subject, _ = Subject.objects.get_or_create(slug=slug, locale=sv, defaults={"name": name})
        if not Subject.objects.filter(translation_key=subject.translation_key, locale=en).exists():
            translation = subject.copy_for_translation(en)  # unsaved
            translation.name, translation.slug = en_name, en_slug
            translation.save()
        subjects[slug] = subject
    return subjects


def ensure_instructors() -> list[Instructor]:
    sv, en = Locale.objects.get(language_code="sv"), Locale.objects.get(language_code="en")
    instructors = []
    for spec in demo.INSTRUCTORS:
        role, bio = spec["sv"]
        instructor, _ = Instructor.objects.get_or_create(
            name=spec["name"], locale=sv, defaults={"role": role, "biography": bio}
        )
        if not Instructor.objects.filter(translation_key=instructor.translation_key, locale=en).exists():
            translation = instructor.copy_for_translation(en)
            translation.role, translation.biography = spec["en"]
            translation.save()
        instructors.append(instructor)
    return instructors


def ensure_trailer(seller: Seller, seller_index: int) -> LessonVideo:
    """The public trailer of a seller's demo courses: a title slide with the seller's name."""
    spec = demo.SELLERS[seller_index]
    title = f"Trailer: {spec['name']}"
    video = LessonVideo.objects.filter(title=title).first()
    if video is None:
        path = demo_media.title_video(spec["name"], demo.TRAILER_TAGLINE, spec["colour"])
        video = save_video(title, seller, path.read_bytes())
    return video


def save_video(title: str, seller: Seller, data: bytes) -> LessonVideo:
    """A demo video; `process_demo_videos` makes its files once the seed is committed."""
    video = LessonVideo(title=title, seller=seller)
    video.file.save(f"{slugify(title)}.mp4", ContentFile(data), save=False)
    video.save()
    return video


def process_demo_videos(workers: int = 2) -> None:
    """Process every video not ready yet, `workers` at a time (ffmpeg runs in processes
    of its own, so threads keep both cores busy)."""

    def one(pk):
        try:
            process(LessonVideo.objects.get(pk=pk))
        finally:
            connections.close_all()

    pks = list(videos_to_process().values_list("pk", flat=True))
    if connection.in_atomic_block:  # other threads would not see these rows (a test)
        for pk in pks:
            process(LessonVideo.objects.get(pk=pk))
        return
    with ThreadPoolExecutor(max_workers=max(1, min(workers, os.cpu_count() or 1))) as pool:
        list(pool.map(one, pks))


def ensure_image(title: str, colour) -> object:
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        image = Image.objects.create(
            title=title, file=cover_image(title, colour, "cover.png"), collection=root
        )
    return image


def ensure_course(
    number, spec, seller: Seller, subjects, instructors, trailer, lesson_media: list[Future], product_class
) -> CoursePage:
    seller_index, subject, level, fmt, language, minutes, price, instructor, sv, en = spec
    seller_page = seller.pages.get(locale__language_code="sv")
    existing = CoursePage.objects.child_of(seller_page).filter(title=sv[0]).first()
    if existing:
        return existing
    page = seller_page.add_child(
        instance=CoursePage(
            title=sv[0],
            summary=sv[1],
            audience=sv[2],
            prerequisites=demo.PREREQUISITES["sv"],
            description="".join(f"<p>{escape(p)}</p>" for p in demo.DESCRIPTION["sv"]),
            learning_outcomes=[("outcome", text) for text in demo.OUTCOMES["sv"]],
            duration_minutes=minutes,
            level=level,
            format=fmt,
            teaching_language=language,
            subject=subjects[subject],
            cover_image=ensure_image(sv[0], demo.SELLERS[seller_index]["colour"]),
            trailer=trailer,
            issues_certificate=number % 4 != 3,
            certificate_design=ensure_design() if number % 4 != 3 else None,
            # Some certificates expire, as a compliance course's do.
            certificate_validity_months=36 if number % 2 == 0 else None,
            completion_rule="percentage" if number % 3 == 2 else "all_lessons",
            completion_percentage=80 if number % 3 == 2 else 100,
            instructors=[CourseInstructor(instructor=instructors[instructor])],
        )
    )
    page.save_revision().publish()
    texts = {sv[0]: en[0], page.slug: slug_of(en[0]), sv[1]: en[1], sv[2]: en[2]}
    texts[demo.PREREQUISITES["sv"]] = demo.PREREQUISITES["en"]
    texts.update(zip(demo.DESCRIPTION["sv"], demo.DESCRIPTION["en"], strict=True))
    texts.update(zip(demo.OUTCOMES["sv"], demo.OUTCOMES["en"], strict=True))
    translate_page(page, "en", texts)

    pending = iter(lesson_media)
    for module_sv, module_en, lessons in demo.MODULES:
        module = page.add_child(instance=ModulePage(title=module_sv, summary=demo.MODULE_SUMMARY["sv"]))
        module.save_revision().publish()
        translate_page(
            module,
            "en",
            {
                module_sv: module_en,
                module.slug: slug_of(module_en),
                demo.MODULE_SUMMARY["sv"]: demo.MODULE_SUMMARY["en"],
            },
        )
        for lesson_sv, lesson_en, free_preview in lessons:
            media: LessonMedia = next(pending).result()
            lesson = module.add_child(
                instance=LessonPage(
                    title=lesson_sv,
                    summary=demo.LESSON_SUMMARY["sv"],
                    text=RichText(f"<p>{escape(demo.LESSON_TEXT['sv'])}</p>").source,
                    video=save_video(f"{sv[0]}: {lesson_sv}", seller, media.video.read_bytes()),
                    free_preview=free_preview,
                    duration_minutes=1,  # the demo's videos last a quarter of a minute
                    # Saved with the page, so its first revision (and the English copy
                    # that wagtail-localize makes from it) has both tracks.
                    captions=[
                        LessonCaption(language=code, file=ContentFile(vtt.encode(), name=f"{code}.vtt"))
                        for code, vtt in media.captions.items()
                    ],
                )
            )
            lesson.save_revision().publish()
            translate_page(
                lesson,
                "en",
                {
                    lesson_sv: lesson_en,
                    lesson.slug: slug_of(lesson_en),
                    demo.LESSON_SUMMARY["sv"]: demo.LESSON_SUMMARY["en"],
                    demo.LESSON_TEXT["sv"]: demo.LESSON_TEXT["en"],
                },
            )
    page.refresh_from_db()
    ensure_course_product(page.course, sv[0], Decimal(price), product_class)
    return page


def seed_bench_catalogue(home, count: int) -> int:
    """`count` Swedish course pages with products, for benchmarks; returns how many were added."""
    catalogue = ensure_catalogue(home)
    seller = onboard_seller("Benchmark Seller", catalogue)
    seller_page = seller.pages.get(locale=catalogue.locale)
    existing = CoursePage.objects.child_of(seller_page).count()
    product_class = course_product_class()
    subjects = list(ensure_subjects().values())
    for n in range(existing, count):
        # Live without a revision: fast, and all the catalogue needs.
        page = seller_page.add_child(
            instance=CoursePage(
                title=f"Benchmark course {n:05d}",
                summary="A course made for measuring the catalogue.",
                description="<p>Benchmark.</p>",
                subject=subjects[n % len(subjects)],
                level=["beginner", "intermediate", "advanced"][n % 3],
                duration_minutes=30 + n % 200,
            )
        )
        ensure_course_product(page.course, page.title, Decimal(500 + n % 3000), product_class)
    return max(count - existing, 0)


def slug_of(title: str) -> str:
    return slugify(title, allow_unicode=True)
