"""Course material stays with those allowed to see it: another seller's document linked
into a lesson grants nothing, sold documents go to their buyers, captions fall back to the
lesson's source language, and the admin shows each seller its own videos."""

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from courses.access import can_watch, lesson_captions, lesson_media, may_download, trailer_media
from courses.models import DocumentPurchase, Enrolment, GrantSource, LessonPage, LessonVideo
from tests.factories.courses import make_course, make_lessons
from tests.factories.media import add_caption, link_document, make_document, ready_video
from tests.factories.shop import make_document_product

pytestmark = pytest.mark.django_db


# --- Another seller's document: linking it grants nothing ------------------------------------


@pytest.fixture
def others_sold_document(other_seller_company):
    return make_document_product(
        other_seller_company, "Annans checklista", sku="DOC-T"
    ).document_product.document


@pytest.fixture
def own_course(seller_company):
    page = make_course(seller_company, "Egen", Decimal("500"))
    make_lessons(page, modules=1, lessons_per_module=1, free_preview_first=False)
    return page


def test_a_seller_cannot_download_another_sellers_paid_document_through_its_own_draft_lesson(
    client, seller, own_course, others_sold_document
):
    """The attack: a seller adds a lesson to its own course in the admin, links the other
    seller's document (the chooser offers every document), saves it as a draft, and asks
    Wagtail's document view for it."""
    client.force_login(seller)
    module = own_course.get_children().first()
    assert client.get(others_sold_document.url).status_code == 403

    response = client.post(
        f"/admin/pages/add/courses/lessonpage/{module.pk}/",
        nested_form_data(
            {
                "title": "Lektion med lånat material",
                "slug": "lanat",
                "summary": "",
                "text": rich_text(""),
                "duration_minutes": 5,
                "captions": inline_formset([]),
                "documents": inline_formset([{"document": others_sold_document.pk}]),
                "comments": inline_formset([]),
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = LessonPage.objects.get(slug="lanat")
    assert not draft.live and draft.documents.filter(document=others_sold_document).exists()

    assert client.get(others_sold_document.url).status_code == 403
    assert not may_download(seller, others_sold_document)
    assert lesson_media(draft, seller) is None


def test_publishing_the_borrowed_document_grants_nothing_either(
    client, seller, buyer, own_course, others_sold_document
):
    lesson = LessonPage.objects.descendant_of(own_course).get()
    LessonPage.objects.filter(pk=lesson.pk).update(free_preview=True)
    lesson.refresh_from_db()
    link_document(lesson, others_sold_document)
    Enrolment.objects.create(source=GrantSource.STAFF, course=own_course.course, user=buyer)

    for person in (seller, buyer, AnonymousUser()):
        assert not may_download(person, others_sold_document)
        assert lesson_media(lesson, person).documents == []
    client.force_login(buyer)
    assert client.get(others_sold_document.url).status_code == 403


def test_another_sellers_lesson_document_cannot_be_made_public_through_a_preview(
    other_seller_company, own_course
):
    their_user = other_seller_company.group.user_set.get()
    theirs = make_document("Deras lektionsmaterial", uploaded_by=their_user)
    lesson = LessonPage.objects.descendant_of(own_course).get()
    LessonPage.objects.filter(pk=lesson.pk).update(free_preview=True)
    lesson.refresh_from_db()
    link_document(lesson, theirs)

    assert not may_download(AnonymousUser(), theirs)
    assert lesson_media(lesson, AnonymousUser()).documents == []


def test_an_editors_document_goes_with_any_sellers_lesson(buyer, own_course, editor):
    document = make_document("Gemensamt", uploaded_by=editor)
    lesson = LessonPage.objects.descendant_of(own_course).get()
    link_document(lesson, document)
    Enrolment.objects.create(source=GrantSource.STAFF, course=own_course.course, user=buyer)

    assert may_download(buyer, document)
    assert [d for d, _url in lesson_media(lesson, buyer).documents] == [document]


def test_a_sold_document_is_for_its_buyers_and_its_seller(seller, other_seller_company, buyer):
    product = make_document_product(other_seller_company, "Checklista", sku="DOC-X").document_product
    their_user = other_seller_company.group.user_set.get()

    assert may_download(their_user, product.document)
    assert not may_download(seller, product.document)
    assert not may_download(buyer, product.document)
    DocumentPurchase.objects.create(source=GrantSource.STAFF, document_product=product, user=buyer)
    assert may_download(buyer, product.document)


# --- Captions from the lesson's source language ------------------------------------------------


def test_a_translation_without_captions_uses_its_source_languages(seller_company, locales):
    page = make_course(seller_company, "Alfa")
    (lesson,) = make_lessons(page, modules=1, lessons_per_module=1)
    swedish = add_caption(lesson, "sv")
    english = lesson.copy_for_translation(locales["en"], copy_parents=True)
    english.captions.all().delete()  # the copy took the Swedish page's tracks along

    assert lesson_captions(english) == [swedish]
    own = add_caption(english, "en")
    assert lesson_captions(english) == [own]


def test_an_editor_opens_a_lesson_with_captions_and_sees_the_track_s_name_not_a_link(
    client, seller_company, editor
):
    (lesson,) = make_lessons(make_course(seller_company, "Alfa"), modules=1, lessons_per_module=1)
    caption = add_caption(lesson, "sv")
    client.force_login(editor)

    response = client.get(f"/admin/pages/{lesson.pk}/edit/")

    assert response.status_code == 200  # a private file has no URL to link
    assert caption.file.name in response.content.decode()


# --- The admin shows each seller its own videos only ---------------------------------------


@pytest.fixture
def own_video(seller_company):
    return ready_video("Egen", seller_company)


@pytest.fixture
def others_video(other_seller_company):
    return ready_video("Annans", other_seller_company)


def test_a_seller_sees_and_edits_only_its_own_videos(client, seller, own_video, others_video):
    client.force_login(seller)

    listing = client.get("/admin/snippets/courses/lessonvideo/")
    assert "Egen" in listing.text and "Annans" not in listing.text
    assert client.get(f"/admin/snippets/courses/lessonvideo/edit/{own_video.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/courses/lessonvideo/edit/{others_video.pk}/").status_code in (
        302,
        403,
    )
    assert client.post(f"/admin/snippets/courses/lessonvideo/delete/{others_video.pk}/").status_code in (
        302,
        403,
    )
    assert LessonVideo.objects.filter(pk=others_video.pk).exists()


def test_a_sellers_video_chooser_offers_only_its_own_videos(client, seller, own_video, others_video):
    client.force_login(seller)

    chooser = client.get("/admin/snippets/choose/courses/lessonvideo/")

    assert "Egen" in chooser.text and "Annans" not in chooser.text


def test_a_seller_may_watch_its_own_unpublished_video_but_not_anothers(seller, own_video, others_video):
    assert can_watch(seller, own_video)
    assert not can_watch(seller, others_video)


def test_editors_see_every_sellers_videos(client, editor, own_video, others_video):
    client.force_login(editor)

    listing = client.get("/admin/snippets/courses/lessonvideo/")

    assert "Egen" in listing.text and "Annans" in listing.text


# --- Another seller's video: choosing it (by id, in a form or a preview) shows nothing -------


def test_another_sellers_video_is_never_served_in_ones_own_lessons_or_trailer(
    seller, seller_company, other_seller_company
):
    theirs = ready_video("Annans betalda video", seller=other_seller_company)
    ours = ready_video("Vår video", seller=seller_company)
    page = make_course(seller_company, "Egen kurs", Decimal("500"), trailer=theirs)
    (lesson,) = make_lessons(page, modules=1, lessons_per_module=1, free_preview_first=False, video=theirs)
    (own,) = make_lessons(
        make_course(seller_company, "Andra", Decimal("500")), modules=1, lessons_per_module=1, video=ours
    )

    assert lesson_media(lesson, seller).mp4_url is None  # the seller may take its own course
    assert trailer_media(page) is None
    assert lesson_media(own, seller).mp4_url is not None
