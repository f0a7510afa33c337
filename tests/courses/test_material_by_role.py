"""Course material, role by role and file by file: the video (MP4, HLS master and variant
playlists, a segment), captions and documents of a paid lesson and of a free preview,
for each kind of person. One course is built once for the whole module."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import unquote, urljoin, urlsplit

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import override_settings

from wagtail.models import Collection, Locale, Page, Site

import pytest

from courses.access import can_watch, lesson_media, may_download, may_open_lesson, may_take
from courses.models import Enrolment, GrantSource, LessonPage, LessonVideo
from courses.seats import assign_seats, take_back
from home import roles
from home.private.signing import verify
from home.private.storage import private_storage
from shop.companies.models import Company, Membership, Role
from tests.factories.courses import make_catalogue, make_course, make_lessons, make_seller
from tests.factories.home import HomePageFactory, UserFactory
from tests.factories.media import add_caption, link_document, make_document, ready_video

ROLES = [
    "anonymous",
    "not enrolled",
    "enrolled",
    "another company's learner",
    "seat taken back",
    "the course's seller",
    "another seller",
    "editor",
]
# Who may open a paid lesson; a free preview is open to all of them.
PAID_ACCESS = {
    "anonymous": False,
    "not enrolled": False,
    "enrolled": True,
    "another company's learner": False,
    "seat taken back": False,
    "the course's seller": True,
    "another seller": False,
    "editor": True,
}
RESOURCES = ["MP4", "HLS master playlist", "HLS variant playlist", "HLS segment", "caption", "document"]


# --- One course, built once for the whole module -----------------------------------------


@dataclass
class World:
    users: dict
    lessons: dict
    videos: dict
    documents: dict
    captions: dict
    storages: dict


def _storages(root):
    from django.conf import settings

    return {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": root / "private", "base_url": None},
        },
    }


def _build(root) -> World:
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("sv", "en")}
    tree_root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locales["sv"])
    )
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    home = HomePageFactory(parent=tree_root, locale=locales["sv"])
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    groups = roles.ensure_role_groups()
    catalogue = make_catalogue(home)
    users = {
        role: UserFactory(email=f"{role.replace(' ', '-').replace(chr(39), '')}@example.com")
        for role in ROLES
    }
    users["anonymous"] = AnonymousUser()
    seller = make_seller(catalogue, "Säljare Ett", users=[users["the course's seller"]])
    make_seller(catalogue, "Säljare Två", users=[users["another seller"]])
    users["editor"].groups.add(groups[roles.EDITORS])

    page = make_course(seller, "Alfa", Decimal("500"))
    course = page.course
    preview, paid = make_lessons(page, modules=1, lessons_per_module=2)
    videos = {"preview": ready_video("Förhandsvisning", seller), "paid": ready_video("Betald", seller)}
    lessons = {"preview": preview, "paid": paid}
    documents, captions = {}, {}
    for kind, lesson in lessons.items():
        LessonPage.objects.filter(pk=lesson.pk).update(video=videos[kind])
        lesson.refresh_from_db()
        captions[kind] = add_caption(lesson, "sv", f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{kind}\n")
        documents[kind] = make_document(
            f"Material {kind}", f"%PDF {kind}".encode(), users["the course's seller"]
        )
        link_document(lesson, documents[kind])

    # A company's seats: one held, one taken back before it was used.
    admin = UserFactory(email="admin@acme.example")
    company = Company.objects.create(name="Acme AB", organisation_number="556036-0793")
    Membership.objects.create(company=company, user=admin, role=Role.ADMIN)
    pool = Enrolment.objects.create(source=GrantSource.STAFF, course=course, company=company, seats=3)
    assign_seats(pool, [users["enrolled"].email, users["seat taken back"].email], admin)
    take_back(pool, pool.assigned_seats.get(holder=users["seat taken back"]).pk, admin)
    # Another company, with a pool on the same course: its member holds no seat of it.
    other = Company.objects.create(name="Annat AB", organisation_number="556016-0680")
    Membership.objects.create(company=other, user=users["another company's learner"], role=Role.MEMBER)
    Enrolment.objects.create(source=GrantSource.STAFF, course=course, company=other, seats=5)
    return World(users, lessons, videos, documents, captions, _storages(root))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once in a transaction of its own, rolled back after the module; each test
    runs inside it, in a savepoint of its own."""
    root = tmp_path_factory.mktemp("material")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(STORAGES=_storages(root), MEDIA_ROOT=root / "media"):
                built = _build(root)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def in_world(world, db, settings, _media_root):
    """The world's files for this test (the suite gives each test empty storages)."""
    settings.STORAGES = world.storages
    return world


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def first_reference(playlist: bytes) -> str:
    return next(line for line in playlist.decode().splitlines() if line and not line.startswith("#"))


def resource_url(client, media, resource: str) -> str:
    """The URL a player would ask for: the variant and the segment as the master playlist
    and the variant playlist name them, relative to the URL they were read from."""
    if resource == "MP4":
        return media.mp4_url
    if resource == "caption":
        return media.captions[0][2]
    if resource == "document":
        return media.documents[0][1]
    url = media.hls_url
    if resource == "HLS master playlist":
        return url
    url = urljoin(url, first_reference(body(client.get(url))))
    if resource == "HLS variant playlist":
        return url
    return urljoin(url, first_reference(body(client.get(url))))


def expected_bytes(world, kind, resource) -> bytes:
    video = world.videos[kind]
    if resource == "caption":
        return private_storage().open(world.captions[kind].file.name).read()
    if resource == "document":
        return world.documents[kind].file.open("rb").read()
    name = {
        "MP4": "video.mp4",
        "HLS master playlist": "hls/master.m3u8",
        "HLS variant playlist": "hls/360p/index.m3u8",
        "HLS segment": "hls/360p/seg_000.ts",
    }[resource]
    return video.files[name]


@pytest.mark.parametrize("kind", ["paid", "preview"])
@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_material_by_role_and_resource(client, in_world, role, resource, kind):
    user, lesson = in_world.users[role], in_world.lessons[kind]
    allowed = kind == "preview" or PAID_ACCESS[role]
    if user.is_authenticated:
        client.force_login(user)

    media = lesson_media(lesson, user)
    wagtail_document = client.get(in_world.documents[kind].url)

    assert may_open_lesson(user, lesson) is allowed
    assert (wagtail_document.status_code == 200) is allowed
    assert wagtail_document.status_code in (200, 403)
    if not allowed:
        assert media is None  # no URL at all, so none to try
        return
    response = client.get(resource_url(client, media, resource))
    assert response.status_code == 200
    assert body(response) == expected_bytes(in_world, kind, resource)


@pytest.mark.parametrize("role", ROLES)
def test_a_token_names_its_person_and_a_paid_lesson_is_never_signed_for_anyone(in_world, role):
    user = in_world.users[role]

    for kind, lesson in in_world.lessons.items():
        media = lesson_media(lesson, user)
        if media is None:
            continue
        path = unquote(urlsplit(media.mp4_url).path)
        grant = verify(*path.split("/", 3)[2:])
        assert grant.user_id == (user.pk if user.is_authenticated else 0)
        assert grant.user_id != 0 or kind == "preview"


def test_a_paid_lesson_gives_a_visitor_no_working_url(client, in_world):
    """Not even through the free preview's token: it covers that video's directory only."""
    preview = lesson_media(in_world.lessons["preview"], AnonymousUser())
    paid_dir = in_world.videos["paid"].output_dir

    token = unquote(urlsplit(preview.mp4_url).path).split("/")[2]
    assert client.get(f"/private/{token}/{paid_dir}video.mp4").status_code == 403
    caption_token = unquote(urlsplit(preview.captions[0][2]).path).split("/")[2]
    assert client.get(f"/private/{caption_token}/{in_world.captions['paid'].file.name}").status_code == 403


def test_a_video_not_ready_is_never_offered(in_world):
    lesson = in_world.lessons["paid"]
    LessonVideo.objects.filter(pk=lesson.video_id).update(status="processing")

    media = lesson_media(lesson, in_world.users["enrolled"])

    assert media.hls_url is None and media.mp4_url is None and media.poster_url is None
    assert media.captions == []
    assert [document for document, _url in media.documents] == [in_world.documents["paid"]]


def test_captions_are_labelled_in_their_own_language(in_world):
    lesson = in_world.lessons["paid"]
    add_caption(lesson, "en")

    media = lesson_media(lesson, in_world.users["enrolled"])

    assert [(code, label) for code, label, _url in media.captions] == [("sv", "Svenska"), ("en", "English")]


def test_an_unpublished_course_grants_nothing_not_even_a_preview(in_world):
    lesson = in_world.lessons["preview"]
    lesson.course_page.unpublish()  # its lessons stay live, as the admin allows

    assert lesson_media(lesson, AnonymousUser()) is None
    assert lesson_media(lesson, in_world.users["enrolled"]) is None
    assert not may_download(in_world.users["enrolled"], in_world.documents["preview"])
    assert may_download(in_world.users["editor"], in_world.documents["preview"])


def test_an_unpublished_module_grants_nothing(in_world):
    lesson = in_world.lessons["paid"]
    Page.objects.filter(pk=lesson.get_parent().pk).update(live=False)

    assert not may_open_lesson(in_world.users["enrolled"], lesson)


def test_a_revoked_enrolment_ends_access(in_world):
    user = in_world.users["enrolled"]
    Enrolment.objects.filter(user=user).revoke("refund")

    assert not may_take(user, in_world.lessons["paid"].course_page.course)
    assert lesson_media(in_world.lessons["paid"], user) is None


def test_who_may_watch_a_video_in_the_admin(in_world):
    paid = in_world.videos["paid"]

    assert can_watch(in_world.users["the course's seller"], paid)
    assert can_watch(in_world.users["editor"], paid)
    assert can_watch(in_world.users["enrolled"], paid)
    assert not can_watch(in_world.users["another seller"], paid)
    assert not can_watch(AnonymousUser(), paid)
    assert can_watch(AnonymousUser(), in_world.videos["preview"])
