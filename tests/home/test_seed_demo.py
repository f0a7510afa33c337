import json

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Locale, Page, Site

from oscar.core.loading import get_model

import pytest
from stdnum.se import orgnr

from certificates.models import Certificate
from courses.captions import parse_webvtt
from courses.models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    GrantSource,
    LessonCaption,
    LessonPage,
    LessonProgress,
    LessonVideo,
    Seat,
    VideoStatus,
)
from home.models import CompanySettings, HomePage, NewsPage, PolicyPage
from home.seed import DEMO_ACCOUNTS
from shop.companies.models import Company, Invitation, Role
from shop.invoicing.models import Invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree_root(empty_site):
    return empty_site


def test_seed_demo_builds_both_languages_and_one_account_per_role(
    tree_root, client, capsys, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")

    homes = HomePage.objects.live()
    assert sorted(h.locale.language_code for h in homes) == ["en", "sv"]
    policies = PolicyPage.objects.live()
    assert sorted(p.locale.language_code for p in policies) == ["en"] * 3 + ["sv"] * 3
    for language in ("sv", "en"):
        courses = CoursePage.objects.live().filter(locale__language_code=language)
        assert courses.count() >= 12
        assert courses.values("course__seller").distinct().count() == 3
        assert all(page.course.product_id for page in courses)
    assert NewsPage.objects.live().filter(locale__language_code="en").count() == 3
    personal_data = PolicyPage.objects.get(slug="personuppgiftspolicy")
    assert list(personal_data.versions().values_list("version", flat=True)) == ["2.0", "1.0"]
    company = CompanySettings.for_site(Site.objects.get(is_default_site=True))
    assert company.terms_page.slug == "kopvillkor" and company.terms_page.localized.slug == "kopvillkor"
    terms_en = company.terms_page.get_translation(Locale.objects.get(language_code="en"))
    assert terms_en.slug == "terms-of-purchase" and terms_en.versions().exists()  # what buyers accept
    assert Site.objects.get(is_default_site=True).root_page.specific == homes.get(locale__language_code="sv")
    emails = set(get_user_model().objects.values_list("email", flat=True))
    assert {account[0] for account in DEMO_ACCOUNTS} <= emails
    output = capsys.readouterr().out
    assert "admin@example.com" in output  # the password is printed with it, once

    assert "Personuppgiftspolicy" in client.get("/sv/personuppgiftspolicy/").text
    assert "Personal data policy" in client.get("/en/personal-data-policy/").text
    catalogue = client.get("/en/courses/")
    assert catalogue.context["catalogue"].cards.paginator.count == 12
    assert client.get("/en/courses/?subject=leadership").context["catalogue"].cards.paginator.count == 3

    # The demo company, Exempel AB, administered by the demo buyer.
    exempel = Company.objects.get(name="Exempel AB")
    assert orgnr.is_valid(exempel.organisation_number)
    assert [(m.user.email, m.role) for m in exempel.memberships.all()] == [("buyer@example.com", Role.ADMIN)]
    buyer_line = next(line for line in output.splitlines() if line.strip().startswith("buyer"))
    assert "administrator of Exempel AB" in buyer_line
    assert "Demo company: Exempel AB" in output

    # Placed through the order path: each order has its billing, invoice (PDF) and terms.
    pools = list(Enrolment.objects.filter(company=exempel).select_related("order_line__order"))
    assert sorted(pool.seats for pool in pools) == [3, 5]
    for pool in pools:
        order = pool.order_line.order
        assert order.user.email == "buyer@example.com" and order.billing.company == exempel
        assert Invoice.objects.get(order=order).pdf
        assert order.terms_acceptance.terms.version
        taken = pool.assigned_seats.taken().count()
        assert 0 < taken < pool.seats  # seats given and seats free
    learner_courses = Enrolment.objects.active().filter(user__email="learner@example.com")
    assert {e.source for e in learner_courses} == {GrantSource.SEAT}
    assert learner_courses.values("course").distinct().count() == 2
    assert learner_courses.filter(started_at__isnull=False).count() == 2  # those seats cannot go back
    waiting = Seat.objects.get(holder__isnull=True)  # a colleague without an account yet
    assert waiting.invitation.is_open and not Invitation.objects.filter(email="learner@example.com")

    client.force_login(get_user_model().objects.get(email="buyer@example.com"))
    seats_page = client.get("/sv/shop/accounts/seats/")
    assert {pool.pk for pool in seats_page.context["pools"]} == {pool.pk for pool in pools}
    client.force_login(get_user_model().objects.get(email="learner@example.com"))
    assert client.get("/sv/shop/accounts/seats/").context["pools"] == []

    # The learner finished one course and is halfway through the other.
    learner = get_user_model().objects.get(email="learner@example.com")
    (completion,) = CourseCompletion.objects.filter(user=learner)
    (other,) = {e.course for e in learner_courses} - {completion.course}
    done = LessonProgress.objects.filter(user=learner, course=other, completed_at__isnull=False).count()
    lessons = (
        LessonPage.objects.live()
        .filter(locale__language_code="sv")
        .descendant_of(CoursePage.objects.get(course=other, locale__language_code="sv"))
    )
    assert done == lessons.count() / 2

    # The learner's certificate for the finished course is valid; the buyer's was revoked.
    (certificate,) = Certificate.objects.filter(user=learner)
    assert certificate.course == completion.course and certificate.is_valid
    assert certificate.design_snapshot["signatories"] and certificate.company_name == "Exempel AB"
    revoked = Certificate.objects.get(user__email="buyer@example.com")
    for code, states in ((certificate.code, ("Giltigt", "Valid")), (revoked.code, ("Återkallat", "Revoked"))):
        for language, state in zip(("sv", "en"), states, strict=True):
            assert (
                f'class="verification__status">{state}<'
                in client.get(f"/{language}/certificates/verify/{code}/").text
            )
    # Its credential verifies with the command, offline; with one byte changed, it does not.
    credential = tmp_path / "credential.json"
    credential.write_text(json.dumps(certificate.credential, ensure_ascii=False))
    call_command("verify_credential", str(credential))
    credential.write_text(credential.read_text().replace("Lina Learner", "Lina Learnes"))
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("verify_credential", str(credential))

    # Lessons have videos of their own, ready to stream; only the trailers are shared.
    assert not LessonVideo.objects.exclude(status=VideoStatus.READY).exists()
    trailers = set(CoursePage.objects.values_list("trailer_id", flat=True))
    lesson_videos = list(
        LessonPage.objects.filter(locale__language_code="sv").values_list("video_id", flat=True)
    )
    assert None not in lesson_videos and len(set(lesson_videos)) == len(lesson_videos) == 48
    assert not trailers & set(lesson_videos)
    # Captions in Swedish and English, written from the narration's script: the same
    # timings, within the video's length. The English page offers the same tracks.
    lesson = LessonPage.objects.filter(locale__language_code="sv", title="Grundbegrepp").first()
    tracks = {}
    for caption in LessonCaption.objects.filter(page=lesson):
        with caption.file.open("rb") as vtt:
            tracks[caption.language] = parse_webvtt(vtt.read())
    assert set(tracks) == {"sv", "en"}
    assert [cue[:2] for cue in tracks["sv"]] == [cue[:2] for cue in tracks["en"]]
    assert tracks["sv"][-1][1] < LessonVideo.objects.get(pk=lesson.video_id).duration_seconds
    assert "Grundbegrepp" in tracks["sv"][0][2] and "Key concepts" in tracks["en"][0][2]
    english = lesson.get_translation(Locale.objects.get(language_code="en"))
    assert english.video_id == lesson.video_id
    assert set(english.captions.values_list("language", flat=True)) == {"sv", "en"}

    # Idempotent (in the same test: a seed costs minutes, most of them spent making and
    # processing 51 videos): a second run makes nothing new, and passwords are shown once.
    first = _counts()
    capsys.readouterr()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert _counts() == first
    assert "admin@example.com" not in capsys.readouterr().out


def _counts():
    Order = get_model("order", "Order")
    return (
        Page.objects.count(),
        get_user_model().objects.count(),
        Company.objects.count(),
        Order.objects.count(),
        Invoice.objects.count(),
        Enrolment.objects.count(),
        Seat.objects.count(),
        Invitation.objects.count(),
        LessonVideo.objects.count(),
        LessonCaption.objects.count(),
        LessonProgress.objects.count(),
        Certificate.objects.count(),
        CourseCompletion.objects.count(),
    )
