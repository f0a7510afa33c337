"""Course material stays with those allowed to see it: per-seller videos, paid documents."""

from decimal import Decimal

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import pytest

from courses.models import LessonDocument, LessonVideo
from tests.factories.courses import make_course, make_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_video(demo_video_file, seller_company):
    video = LessonVideo(title="Egen", seller=seller_company)
    video.file.save("own.mp4", demo_video_file, save=False)
    video.save()
    return video


@pytest.fixture
def others_video(demo_video_file, other_seller_company):
    demo_video_file.seek(0)
    video = LessonVideo(title="Annans", seller=other_seller_company)
    video.file.save("other.mp4", ContentFile(demo_video_file.read()), save=False)
    video.save()
    return video


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


def test_a_seller_previews_its_own_unpublished_video_but_not_anothers(
    client, seller, own_video, others_video
):
    client.force_login(seller)

    assert client.get(f"/video/{own_video.pk}/").status_code == 200
    assert client.get(f"/video/{others_video.pk}/").status_code == 403


def test_editors_see_every_sellers_videos(client, editor, own_video, others_video):
    client.force_login(editor)

    listing = client.get("/admin/snippets/courses/lessonvideo/")

    assert "Egen" in listing.text and "Annans" in listing.text


@pytest.fixture
def course_with_documents(seller_company):
    course = make_course(seller_company, "Alfa", Decimal("500"))
    preview, paid = make_lessons(course, modules=1, lessons_per_module=2)
    Document = get_document_model()
    documents = {}
    for lesson, name in ((preview, "preview"), (paid, "paid")):
        document = Document(title=name)
        document.file.save(f"{name}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        document.save()
        LessonDocument.objects.create(page=lesson, document=document)
        documents[name] = document
    return documents


def test_a_paid_lessons_document_is_refused_to_visitors(client, course_with_documents, buyer):
    paid = course_with_documents["paid"]

    assert client.get(paid.url).status_code == 403
    client.force_login(buyer)
    assert client.get(paid.url).status_code == 403


def test_a_free_preview_lessons_document_is_public(client, course_with_documents):
    assert client.get(course_with_documents["preview"].url).status_code == 200


def test_the_courses_seller_may_download_its_paid_document(client, course_with_documents, seller):
    client.force_login(seller)

    assert client.get(course_with_documents["paid"].url).status_code == 200


def test_a_refusal_is_explained_in_the_readers_language(client, course_with_documents):
    response = client.get(course_with_documents["paid"].url, headers={"accept-language": "sv"})

    assert response.status_code == 403


# Who may fetch a paid lesson's material (video and document), role by role. Learners get
# access through enrolments, which come with the learning work; until then only the
# course's own seller and those who manage every seller's material may.
MATERIAL_ACCESS = {
    "visitor": False,
    "buyer": False,
    "learner": False,
    "seller": True,  # the course's own seller (fixture seller_company)
    "editor": True,
    "staff": False,
    "sysadmin": True,
}


@pytest.mark.parametrize(("role", "allowed"), MATERIAL_ACCESS.items())
def test_paid_lesson_material_by_role(
    client, request, role, allowed, seller_company, course_with_documents, own_video
):
    page = make_course(seller_company, "Beta", Decimal("500"))
    make_lessons(page, free_preview_first=False, video=own_video)
    if role != "visitor":
        client.force_login(request.getfixturevalue(role))

    video = client.get(f"/video/{own_video.pk}/")
    document = client.get(course_with_documents["paid"].url)

    assert (video.status_code == 200) is allowed
    assert (document.status_code == 200) is allowed
    assert video.status_code in (200, 403) and document.status_code in (200, 403)


def test_another_sellers_user_may_not_fetch_paid_material(
    client, other_seller_company, course_with_documents, own_video
):
    client.force_login(other_seller_company.group.user_set.get())

    assert client.get(f"/video/{own_video.pk}/").status_code == 403
    assert client.get(course_with_documents["paid"].url).status_code == 403
