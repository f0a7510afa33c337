"""Who may see which course material: lessons, videos, captions and documents.

Every view asks here; none decides access itself. Files are handed out only through
URLs signed here, after the answer was yes (home.private.signing), or through Wagtail's
document view, which asks `may_download`. The rules:

- A course's paid lessons are for its learners (an active enrolment of their own, bought
  or from a company's seat), its seller's users and editors (who manage every seller's
  material). A live free-preview lesson is for anyone.
- Only a live lesson of a live course grants anything: a draft, or a lesson of an
  unpublished course or module, grants nobody anything.
- A document linked from a lesson goes with that lesson, but only if it belongs to the
  course's seller or to no seller: a seller who links another seller's document (sold
  by that seller, or uploaded by its users) into a lesson of its own gains nothing.
  A document sold in the shop is for its buyers and its seller's users. Any other
  document (one linked from a news item) is public.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import get_language_info

from wagtail.models import Page

from courses.models import (
    Course,
    CoursePage,
    DocumentProduct,
    DocumentPurchase,
    Enrolment,
    LessonCaption,
    LessonDocument,
    LessonPage,
    LessonVideo,
    Seller,
)
from home.private.signing import signed_url


@dataclass
class LessonMedia:
    """Signed URLs to what a person may play and download in one lesson (or a trailer).

    The video fields are None when there is no video or it is not processed yet.
    `captions` holds (language code, label, URL); `documents` holds (document, URL);
    `duration_seconds` is the video's length (0 without one).
    """

    hls_url: str | None = None
    mp4_url: str | None = None
    poster_url: str | None = None
    captions: list[tuple[str, str, str]] = field(default_factory=list)
    documents: list[tuple[object, str]] = field(default_factory=list)
    duration_seconds: float = 0


def is_editor(user) -> bool:
    """Editors (and system administrators) manage every seller's material."""
    return user.is_authenticated and user.has_perm("courses.manage_all_videos")


def may_take(user, course: Course) -> bool:
    """Whether `user` may follow the paid lessons of `course`: an active enrolment of
    their own (a company's pool of seats grants nobody by itself), the course's seller's
    users, editors."""
    if not user.is_authenticated:
        return False
    # The learner's enrolment first: most who ask are learners.
    if Enrolment.objects.active().filter(user=user, course=course).exists():
        return True
    return is_editor(user) or user.groups.filter(seller__pk=course.seller_id).exists()


def live_course_page(lesson: LessonPage) -> CoursePage | None:
    """The lesson's course page when the lesson, its module and its course are all live;
    otherwise None: nothing unpublished grants access."""
    if not lesson.live:
        return None
    # The course is two levels up (course > module > lesson).
    above = Page.objects.ancestor_of(lesson).filter(depth__gte=lesson.depth - 2)
    if above.filter(live=False).exists():
        return None
    return lesson.course_page  # read once per lesson (with its course)


def may_open_lesson(user, lesson: LessonPage) -> bool:
    """A live lesson of a live course: a free preview for anyone, otherwise for those
    who may take the course."""
    course_page = live_course_page(lesson)
    if course_page is None:
        return False
    return lesson.free_preview or may_take(user, course_page.course)


def can_watch(user, video: LessonVideo) -> bool:
    """Whether `user` may watch `video` anywhere: the trailer of a live course or a
    lesson they may open; its seller's users and editors also in the admin."""
    if user.is_authenticated and video.is_managed_by(user):
        return True
    if CoursePage.objects.live().filter(trailer=video).exists():
        return True
    return any(may_open_lesson(user, lesson) for lesson in LessonPage.objects.live().filter(video=video))


def document_owners(documents) -> dict[int, set[int]]:
    """The sellers each document belongs to: the sellers who sell it, and the seller of
    whoever uploaded it. An editor's upload belongs to no seller."""
    documents = list(documents)
    owners = defaultdict(set)
    sold = DocumentProduct.objects.filter(document__in=documents).values_list("document_id", "seller_id")
    for document_id, seller_id in sold:
        owners[document_id].add(seller_id)
    uploaders = defaultdict(list)
    for document in documents:
        if document.uploaded_by_user_id:
            uploaders[document.uploaded_by_user_id].append(document.pk)
    if uploaders:
        groups = Seller.objects.filter(group__user__in=list(uploaders)).values_list("group__user", "pk")
        for user_id, seller_id in groups:
            for document_id in uploaders[user_id]:
                owners[document_id].add(seller_id)
    return owners


def _goes_with(owners: set[int], course: Course) -> bool:
    """Whether a lesson of `course` may hand out a document owned by `owners`."""
    return not owners or course.seller_id in owners


def may_download(user, document) -> bool:
    """Whether `user` may download `document` (Wagtail's document view asks this)."""
    links = list(LessonDocument.objects.filter(document=document).select_related("page"))
    sold = list(DocumentProduct.objects.filter(document=document))
    if not links and not sold:
        return True  # not course material (e.g. a document linked from a news item)
    if is_editor(user):
        return True
    owners = document_owners([document])[document.pk]
    for link in links:
        course_page = live_course_page(link.page)
        if course_page is None or not _goes_with(owners, course_page.course):
            continue  # a draft, or another seller's document: grants nothing
        if link.page.free_preview or may_take(user, course_page.course):
            return True
    if not user.is_authenticated or not sold:
        return False
    if user.groups.filter(seller__pk__in=[item.seller_id for item in sold]).exists():
        return True
    return DocumentPurchase.objects.active().filter(user=user, document_product__in=sold).exists()


def _video_goes_with(video: LessonVideo, course: Course) -> bool:
    """A video may be shown in a course of its own seller's, or anywhere if it has none."""
    return video.seller_id is None or video.seller_id == course.seller_id


def _video_media(video: LessonVideo, user) -> LessonMedia:
    """URLs for a processed video: one token covers its output directory, so that the HLS
    playlists' relative references to variants and segments work under it."""
    if not video.is_ready:
        return LessonMedia()
    base = signed_url(video.output_dir, user, directory=True)
    return LessonMedia(
        hls_url=base + quote("hls/master.m3u8"),
        mp4_url=base + quote("video.mp4"),
        poster_url=base + quote("poster.jpg"),
    )


def lesson_captions(lesson: LessonPage) -> list[LessonCaption]:
    """The lesson's caption tracks; if its page has none, those of the page it was
    translated from (the same lesson in its source language)."""
    from wagtail_localize.models import TranslationSource

    tracks = list(
        LessonCaption.objects.filter(page__translation_key=lesson.translation_key)
        .select_related("page__locale")
        .order_by("sort_order", "pk")
    )
    own = [track for track in tracks if track.page_id == lesson.pk]
    if own or not tracks:
        return own
    source = TranslationSource.objects.filter(object_id=lesson.translation_key).values_list(
        "locale_id", flat=True
    )
    source_locale = source.first() or next(
        (
            track.page.locale_id
            for track in tracks
            if track.page.locale.language_code == settings.LANGUAGE_CODE
        ),
        None,
    )
    return [track for track in tracks if track.page.locale_id == source_locale]


def _language_label(code: str) -> str:
    """A track's label in its own language ("Svenska", "English"), as players show them."""
    try:
        name = get_language_info(code)["name_local"]
    except KeyError:
        return code
    return name[:1].upper() + name[1:]


def lesson_media(lesson: LessonPage, user) -> LessonMedia | None:
    """Signed URLs to the lesson's video, captions and documents for `user`, or None when
    they may not open the lesson. A video not processed yet is never offered."""
    course_page = live_course_page(lesson)
    if course_page is None or not (lesson.free_preview or may_take(user, course_page.course)):
        return None
    video = LessonVideo.objects.filter(pk=lesson.video_id).first() if lesson.video_id else None
    # Only the course's seller's videos (or the editors' own): a page form, a preview
    # included, accepts any video's id.
    if video is not None and not _video_goes_with(video, course_page.course):
        video = None
    media = _video_media(video, user) if video else LessonMedia()
    media.duration_seconds = video.duration_seconds if video else 0
    if media.hls_url:
        media.captions = [
            (track.language, _language_label(track.language), signed_url(track.file.name, user))
            for track in lesson_captions(lesson)
        ]
    links = list(LessonDocument.objects.filter(page=lesson).select_related("document").order_by("sort_order"))
    owners = document_owners(link.document for link in links)
    media.documents = [
        (link.document, signed_url(link.document.file.name, user, filename=link.document.filename))
        for link in links
        if _goes_with(owners[link.document_id], course_page.course)
    ]
    return media


def trailer_media(course_page: CoursePage, course: Course | None = None) -> LessonMedia | None:
    """Signed URLs for anyone to a live course's public trailer, once it is processed.
    `course`: the page's course, when the caller has it already."""
    if not course_page.live or not course_page.trailer_id:
        return None
    video = LessonVideo.objects.filter(pk=course_page.trailer_id).first()
    if video is None or not video.is_ready or not _video_goes_with(video, course or course_page.course):
        return None
    return _video_media(video, None)
