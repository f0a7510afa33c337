"""A learner with a company seat opens My learning, plays a lesson (HLS, seeking,
captions), leaves, comes back where they stopped and completes the course. A visitor and
another company's learner get no working URL for the lesson's media; the learner's own
URLs stop working once expired or changed by one character. ffprobe, a real HTTP
client, reads the signed HLS playlist and MP4 through the project's own URLs.
"""

import re
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.models import Locale

import pytest
import time_machine
from playwright.sync_api import expect

from courses.models import CourseCompletion, Enrolment, LessonCaption, LessonProgress, LessonVideo
from courses.seats import assign_seats
from courses.video_processing import process
from home.translation import translate_page
from shop.invoicing import fulfilment
from tests.e2e.conftest import assert_accessible
from tests.factories.courses import make_catalogue, make_course, make_lessons, make_seller
from tests.factories.home import UserFactory
from tests.factories.shop import place_order

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "en-lång-lösenfras-2026"
SECONDS = 8
CAPTIONS = {
    "sv": "WEBVTT\n\n00:00.000 --> 00:04.000\nVälkommen till lektionen\n\n00:04.000 --> 00:08.000\nNu går vi vidare\n",
    "en": "WEBVTT\n\n00:00.000 --> 00:04.000\nWelcome to the lesson\n\n00:04.000 --> 00:08.000\nNow we move on\n",
}


@pytest.fixture(scope="module")
def video_bytes(tmp_path_factory):
    out = tmp_path_factory.mktemp("video") / "lesson.mp4"
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=duration={SECONDS}:size=640x360:rate=25",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", str(out),
        ],
        check=True,
    )  # fmt: skip
    return out.read_bytes()


@pytest.fixture
def journey(home_page, role_groups, video_bytes):
    """A course of one video lesson (with sv and en captions) after a free preview; a
    company bought three seats and gave one to the learner; another company's learner
    has a seat on another course."""
    seller = make_seller(make_catalogue(home_page), "Akademin")
    page = make_course(seller, "Säker vardag", Decimal("990"), summary="Kort kurs.")
    video = LessonVideo(title="Lektion")
    video.file.save("lesson.mp4", ContentFile(video_bytes), save=False)
    video.save()
    process(video)
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    preview, lesson = make_lessons(page, modules=1, lessons_per_module=2, video=video)
    for language, text in CAPTIONS.items():
        caption = LessonCaption(page=lesson, language=language)
        caption.file.save(f"{language}.vtt", ContentFile(text.encode()), save=True)

    admin = UserFactory(email="admin@exempel.se", password=PASSWORD)
    learner = UserFactory(email="learner@exempel.se", password=PASSWORD)
    order = place_order(admin, [(page.course.product, 3)])
    fulfilment.fulfil_order(order)
    assign_seats(Enrolment.objects.get(order_line__order=order), [learner.email], admin)

    other_page = make_course(seller, "Annan kurs", Decimal("500"))
    outsider = UserFactory(email="other@annat.se", password=PASSWORD)
    other_admin = UserFactory(email="boss@annat.se")
    other_order = place_order(other_admin, [(other_page.course.product, 2)])
    fulfilment.fulfil_order(other_order)
    assign_seats(Enrolment.objects.get(order_line__order=other_order), [outsider.email], other_admin)
    catalogue = page.get_parent().get_parent()
    in_english(catalogue, page.get_parent(), page, lesson.get_parent(), preview, lesson)
    return {"page": page, "preview": preview, "lesson": lesson, "learner": learner, "outsider": outsider}


class Same(dict):
    """Every string "translated" as itself: the test needs English pages, not English words."""

    def __contains__(self, text):
        return True

    def __getitem__(self, text):
        return text


def in_english(*pages):
    for page in pages:
        translate_page(page, "en", Same())


def log_in(tab, email, language="sv"):
    tab.goto(f"/{language}/shop/accounts/login/")
    tab.fill("#id_login-username", email)
    tab.fill("#id_login-password", PASSWORD)
    tab.click("button[name=login_submit]")
    tab.wait_for_url(re.compile(r"/shop/accounts/courses/"))


def media_urls(tab) -> dict:
    return tab.evaluate(
        """() => {
            const root = document.querySelector('[data-player]');
            if (!root) return {};
            return {hls: root.dataset.hls, mp4: root.dataset.mp4,
                    tracks: [...document.querySelectorAll('track')].map(t => t.src)};
        }"""
    )


def wait_playing_past(tab, seconds):
    # Functions, not bare expressions: Playwright polls an expression with eval(), which the
    # Content-Security-Policy refuses; a function it sends once through the DevTools protocol.
    tab.wait_for_function(f"() => document.querySelector('video').currentTime > {seconds}", timeout=20_000)


def test_a_learner_follows_a_course_to_its_end(page, new_tab, live_server, journey):
    tab = page
    log_in(tab, journey["learner"].email)

    # My learning → the course's first lesson.
    expect(tab.get_by_role("heading", level=1)).to_be_visible()
    assert "Säker vardag" in tab.content()
    assert_accessible(tab)
    tab.get_by_role("link", name=re.compile("Säker vardag")).first.click()
    assert_accessible(tab)  # the syllabus
    tab.goto(journey["lesson"].url)
    assert_accessible(tab)  # the player

    # The video plays from our HLS playlist, seeks, and shows Swedish captions.
    urls = media_urls(tab)
    assert urls["hls"].startswith("/private/") and urls["mp4"].startswith("/private/")
    tab.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    wait_playing_past(tab, 1)
    assert ".m3u8" in tab.evaluate("document.querySelector('video').currentSrc")
    tab.evaluate("() => { document.querySelector('video').currentTime = 4.5; }")
    tab.wait_for_function("() => document.querySelector('video').currentTime >= 4.5", timeout=20_000)
    tab.wait_for_function(
        """() => { const t = [...document.querySelector('video').textTracks].find(t => t.language === 'sv');
                   t.mode = 'showing';
                   return t.activeCues && t.activeCues.length > 0 && t.activeCues[0].text === 'Nu går vi vidare'; }""",
        timeout=20_000,
    )

    # Pause at about 5 s, leave, and come back to the same place.
    tab.evaluate("() => document.querySelector('video').pause()")
    stopped = tab.evaluate("document.querySelector('video').currentTime")
    tab.goto("/sv/shop/accounts/courses/")
    tab.wait_for_function("true")
    progress = LessonProgress.objects.get(
        user=journey["learner"], lesson_key=journey["lesson"].translation_key
    )
    assert abs(progress.position_seconds - stopped) < 1
    tab.goto(journey["lesson"].url)
    tab.wait_for_function(
        f"() => document.querySelector('video').currentTime > {stopped - 1}", timeout=20_000
    )

    # Watch it all (from the start: what was skipped does not count) and complete the course.
    tab.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; v.currentTime = 0; return v.play(); }"
    )
    tab.wait_for_function("() => document.querySelector('video').ended", timeout=30_000)
    journey["preview"].refresh_from_db()
    tab.goto(journey["preview"].url)  # the free preview has the same video: watch it too
    tab.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; v.currentTime = 0; return v.play(); }"
    )
    tab.wait_for_function("() => document.querySelector('video').ended", timeout=30_000)
    # The page reloads once the course is complete, and says so.
    expect(tab.locator(".notice--success")).to_be_visible(timeout=20_000)
    assert (
        CourseCompletion.objects.filter(user=journey["learner"], course=journey["page"].course).count() == 1
    )

    # In English too: My learning, the syllabus and the player.
    tab.goto("/en/shop/accounts/courses/")
    assert "Finished courses" in tab.content()
    assert_accessible(tab)
    english = journey["lesson"].get_translation(Locale.objects.get(language_code="en"))
    tab.goto(english.get_parent().get_parent().url)
    assert_accessible(tab)
    tab.goto(english.url)
    expect(tab.locator("video track[srclang=en]")).to_have_count(1)
    assert_accessible(tab)

    # The learner's own URLs: changed by one character, or expired, they stop working.
    tab.goto(journey["lesson"].url)
    urls = media_urls(tab)
    request = tab.context.request
    assert request.get(urls["hls"]).status == 200
    tampered = urls["mp4"][:-5] + ("X" if urls["mp4"][-5] != "X" else "Y") + urls["mp4"][-4:]
    assert request.get(tampered).status in (403, 404)
    token_changed = re.sub(
        r"/private/([^/]+)",
        lambda m: "/private/" + m.group(1)[:-1] + ("a" if m.group(1)[-1] != "a" else "b"),
        urls["mp4"],
    )
    assert request.get(token_changed).status == 403
    with time_machine.travel(timezone.now() + timedelta(hours=6)):
        assert request.get(urls["hls"]).status in (403, 410)

    # A visitor and another company's learner get no media for the lesson, and the
    # learner's URLs are not theirs to reuse once expired.
    for who in (None, journey["outsider"]):
        other = new_tab()
        if who:
            log_in(other, who.email)
        other.goto(journey["lesson"].url)
        assert media_urls(other) == {}
        assert "/private/" not in other.content()


def test_ffprobe_reads_the_signed_playlist_and_mp4_through_our_urls(client, live_server, journey):
    ffprobe = shutil.which("ffprobe")
    assert ffprobe, "make test installs ffmpeg"
    client.force_login(journey["learner"])
    html = client.get(journey["lesson"].url).content.decode()
    hls = re.search(r'data-hls="([^"]+)"', html).group(1)
    mp4 = re.search(r'data-mp4="([^"]+)"', html).group(1)

    for url in (hls, mp4):
        result = subprocess.run(
            [ffprobe, "-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0",
             live_server.url + url.replace("&amp;", "&")],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "h264,video" in result.stdout and "aac,audio" in result.stdout
