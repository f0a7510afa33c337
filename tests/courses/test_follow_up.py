"""The follow-up mail: once, only to learners who agreed and did not withdraw, only when
its time has come, in the consent's language; never twice, even from two workers."""

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

import pytest

from courses import evaluation
from courses.models import FollowUpConsent
from courses.tasks import send_evaluation_follow_ups
from gdpr.restriction import lift_restriction, restrict
from tests.courses import evaluation_support as support
from tests.courses.evaluation_support import complete
from tests.factories.home import UserFactory

DAYS = 28

# The fixtures shared with the other evaluation tests.
course = support.course
course_page = support.course_page


@pytest.fixture(autouse=True)
def delay(settings):
    settings.EVALUATION_FOLLOW_UP_DAYS = DAYS


def consent(
    user, course, days_ago=DAYS + 1, completed_days_ago=None, language="sv", **fields
) -> FollowUpConsent:
    """A consent given `days_ago`, to a course completed `completed_days_ago` (the same by default)."""
    complete(user, course, days_ago=completed_days_ago if completed_days_ago is not None else days_ago)
    return FollowUpConsent.objects.create(
        user=user,
        course=course,
        wording="Ni får skicka mig ett uppföljningsmejl.",
        language=language,
        given_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def test_a_due_follow_up_is_sent_once_in_the_consents_language_as_text_and_html(course):
    person = UserFactory(first_name="Kim")
    given = consent(person, course, language="en")

    assert evaluation.send_follow_ups() == 1

    (message,) = mail.outbox
    assert message.to == [person.email]
    assert "Dataskydd i praktiken" in message.subject and message.subject.startswith("How is it going")
    assert "only follow-up mail about this course" in message.body
    assert "/en/" in message.body  # the way back to My learning, in English
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Dataskydd i praktiken" in html
    given.refresh_from_db()
    assert given.sent_at is not None
    assert evaluation.send_follow_ups() == 0 and len(mail.outbox) == 1


def test_a_swedish_consent_gets_a_swedish_mail(course):
    consent(UserFactory(), course, language="sv")
    evaluation.send_follow_ups()
    assert "/sv/shop/accounts/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "case",
    ["withdrawn", "too_soon", "completed_too_recently", "not_completed", "already_sent", "account_closed"],
)
def test_no_mail_unless_agreed_not_withdrawn_not_sent_and_due(course, case):
    person = UserFactory()
    if case == "withdrawn":
        consent(person, course, withdrawn_at=timezone.now())
    elif case == "too_soon":
        consent(person, course, days_ago=DAYS - 1)
    elif case == "completed_too_recently":
        consent(person, course, completed_days_ago=DAYS - 1)
    elif case == "not_completed":
        FollowUpConsent.objects.create(
            user=person,
            course=course,
            wording="x",
            language="sv",
            given_at=timezone.now() - timedelta(days=99),
        )
    elif case == "already_sent":
        consent(person, course, sent_at=timezone.now() - timedelta(days=1))
    elif case == "account_closed":
        consent(person, course)
        person.is_active = False
        person.save(update_fields=["is_active"])

    assert evaluation.send_follow_ups() == 0
    assert mail.outbox == []


def test_a_restricted_person_gets_no_mail_until_the_restriction_is_lifted(course):
    person = UserFactory()
    given = consent(person, course)
    restrict(person, "Disputes the accuracy of their data")

    assert evaluation.send_follow_ups() == 0 and mail.outbox == []
    given.refresh_from_db()
    assert given.sent_at is None

    lift_restriction(person)
    assert evaluation.send_follow_ups() == 1


def test_a_mail_that_fails_leaves_its_consent_for_the_next_run(course, monkeypatch):
    from shop.companies import mail as mails

    first, second = consent(UserFactory(), course), consent(UserFactory(), course)
    real_send = mails.send

    def flaky(name, context, to, language):
        if to == [first.user.email]:
            raise ConnectionError("mail server away")
        real_send(name, context, to, language)

    monkeypatch.setattr(mails, "send", flaky)
    assert evaluation.send_follow_ups() == 1  # the other one still goes
    first.refresh_from_db()
    assert first.sent_at is None
    monkeypatch.setattr(mails, "send", real_send)

    assert evaluation.send_follow_ups() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, second.user.email])


def test_the_beat_task_sends_them_and_is_scheduled(course):
    consent(UserFactory(), course)
    assert send_evaluation_follow_ups.delay().get() == 1
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "courses.tasks.send_evaluation_follow_ups" in tasks


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_send_the_same_mail_twice(postgres, course, monkeypatch):
    """Each mail takes a while, so the workers overlap on every row."""
    from shop.companies import mail as mails

    people = [UserFactory() for _ in range(4)]
    for person in people:
        consent(person, course)
    real_send = mails.send

    def slow(*args):
        time.sleep(0.2)
        real_send(*args)

    monkeypatch.setattr(mails, "send", slow)
    counts, errors = [], []

    def worker():
        try:
            counts.append(evaluation.send_follow_ups())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(counts) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert not FollowUpConsent.objects.filter(sent_at__isnull=True).exists()
