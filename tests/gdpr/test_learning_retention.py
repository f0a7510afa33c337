"""Every retention learning declares really ends under the sweep: progress, completions and
the company's seat reports with the customer relationship; evaluations anonymised (the
person and the comment gone, the ratings kept); follow-up consents when withdrawn, a
year after their mail, or with the relationship."""

import json
import uuid
import zipfile
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone, translation

import pytest

from courses.models import (
    CourseCompletion,
    Enrolment,
    EvaluationAnswer,
    EvaluationResponse,
    FollowUpConsent,
    LessonProgress,
    Seat,
    SeatReport,
)
from courses.privacy import FollowUpRetention
from courses.seats import assign_seats
from gdpr.export import export_person
from gdpr.models import CustomerRelationship
from gdpr.relationships import end_relationship
from gdpr.retention import add_months
from gdpr.sweep import sweep
from shop.invoicing import fulfilment
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import place_order


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


@pytest.fixture
def learning(buyer, learner, course):
    """The learner took the course on a company seat, finished it and evaluated it."""
    order = place_order(buyer, [(course.product, 3)])
    fulfilment.fulfil_order(order)
    assign_seats(Enrolment.objects.get(order_line__order=order), [learner.email], buyer)
    now = timezone.now()
    LessonProgress.objects.create(
        user=learner, course=course, lesson_key=uuid.uuid4(), watched=[[0, 60]], watched_seconds=60
    )
    CourseCompletion.objects.create(user=learner, course=course, completed_at=now)
    SeatReport.objects.create(seat=Seat.objects.get(holder=learner), started_at=now, completed_at=now)
    response = EvaluationResponse.objects.create(
        user=learner, course=course, comment="Bra kurs, hälsningar Lena", language="sv"
    )
    EvaluationAnswer.objects.create(response=response, question_key=uuid.uuid4(), rating=4)
    FollowUpConsent.objects.create(
        user=learner, course=course, wording="Ni får skicka mig ett mejl.", language="sv"
    )
    return response


def consent(course, **fields):
    return FollowUpConsent.objects.create(
        user=UserFactory(), course=course, wording="Ja", language="sv", **fields
    )


def test_learning_records_end_with_the_relationship_and_the_evaluation_keeps_only_its_ratings(
    learner, learning
):
    end_relationship(
        learner, CustomerRelationship.EndReason.ACCOUNT_CLOSED, when=timezone.now() - timedelta(days=10)
    )

    sweep(today=timezone.localdate() + timedelta(days=30))  # within 12 months: all kept
    assert LessonProgress.objects.filter(user=learner).exists()
    assert CourseCompletion.objects.filter(user=learner).exists()
    assert SeatReport.objects.filter(seat__holder=learner).exists()
    assert FollowUpConsent.objects.filter(user=learner).exists()
    assert EvaluationResponse.objects.get().user == learner

    later = date.today() + timedelta(days=400)  # the relationship's end + 12 months
    sweep(today=later)

    assert not LessonProgress.objects.filter(user=learner).exists()
    assert not CourseCompletion.objects.filter(user=learner).exists()
    assert not SeatReport.objects.exists()
    assert not FollowUpConsent.objects.exists()
    response = EvaluationResponse.objects.get()
    assert (response.user, response.comment) == (None, "")
    assert list(response.answers.values_list("rating", flat=True)) == [4]
    assert sweep(today=later) == {}  # nothing left to do


def test_a_withdrawn_consent_ends_at_the_next_sweep(course):
    withdrawn = consent(course, withdrawn_at=timezone.now() - timedelta(minutes=1))
    standing = consent(course)

    counts = sweep()

    assert not FollowUpConsent.objects.filter(pk=withdrawn.pk).exists()
    assert FollowUpConsent.objects.filter(pk=standing.pk).exists()
    assert counts == {"courses.FollowUpConsent: follow_up:withdrawn|sent+12m|relationship_end+12m": 1}


def test_a_consent_whose_mail_was_sent_is_kept_a_year_as_the_record_then_ends(course):
    sent = timezone.now() - timedelta(days=30)
    old = consent(course, sent_at=sent)
    today = timezone.localdate()

    sweep(today=today + timedelta(days=300))
    assert FollowUpConsent.objects.filter(pk=old.pk).exists()
    assert FollowUpRetention().keep_until(old) == add_months(timezone.localtime(sent).date(), 12)

    sweep(today=today + timedelta(days=340))
    assert not FollowUpConsent.objects.filter(pk=old.pk).exists()


def test_the_consent_rule_says_when_each_kind_ends(course):
    withdrawn_at = timezone.now() - timedelta(days=2)
    rule = FollowUpRetention()
    assert (
        rule.keep_until(consent(course, withdrawn_at=withdrawn_at)) == timezone.localtime(withdrawn_at).date()
    )
    assert rule.keep_until(consent(course)) is None  # given, unsent, relationship going on
    with translation.override("en"):
        assert "withdraw" in str(rule.describe())


def test_the_export_gives_the_person_their_ratings_and_comment(learner, learning, tmp_path):
    with zipfile.ZipFile(export_person(learner, tmp_path / "export.zip")) as archive:
        records = json.loads(archive.read("free_text.json"))["records"]
    (evaluation,) = [r for r in records if r["model"] == "courses.EvaluationResponse"]
    assert evaluation["comment"] == "Bra kurs, hälsningar Lena"
    assert evaluation["ratings"] == [{"question": str(learning.answers.get().question_key), "rating": 4}]
