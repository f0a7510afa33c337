"""The learner's course evaluation: only after completing the course, once, reached only
through the learner's own completion; the follow-up consent stored with its wording and
withdrawn from the same page."""

from django.urls import reverse
from django.utils import translation

import pytest

from courses import evaluation
from courses.models import EvaluationAnswer, EvaluationResponse, FollowUpConsent
from tests.courses import evaluation_support as support
from tests.courses.evaluation_support import QUESTIONS, complete
from tests.factories.home import UserFactory

# The fixtures shared with the other evaluation tests.
completed = support.completed
course = support.course
course_page = support.course_page
english_page = support.english_page


def url(course, language="en", name="course-evaluation"):
    with translation.override(language):
        return reverse(name, kwargs={"course_id": course.pk})


def answers(course, language="sv", **extra):
    """Form data rating every question 4 (the questions of the page in `language`)."""
    data = {f"rating_{q.translation_key.hex}": "4" for q in evaluation.questions_for(course, language)}
    return {"comment": "Bra exempel.", **data, **extra}


def nothing_stored():
    return not (
        EvaluationResponse.objects.exists()
        or EvaluationAnswer.objects.exists()
        or FollowUpConsent.objects.exists()
    )


def test_an_anonymous_visitor_is_asked_to_log_in(client, course):
    response = client.get(url(course))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(url(course), answers(course)).status_code == 302
    assert nothing_stored()


def test_a_learner_who_has_not_completed_the_course_cannot_evaluate_it(client, learner, course):
    complete(UserFactory(), course)  # someone else's completion grants nothing
    client.force_login(learner)

    response = client.get(url(course))
    assert response.status_code == 403
    assert "once you have completed it" in response.text
    assert client.post(url(course), answers(course)).status_code == 403
    assert nothing_stored()


def test_an_unknown_course_is_refused_like_one_not_completed(client, learner, completed):
    client.force_login(learner)
    response = client.get(reverse("course-evaluation", kwargs={"course_id": 999999}))
    assert response.status_code == 403


def test_the_form_asks_each_question_in_the_readers_language_as_a_group_of_radio_buttons(
    client, learner, completed, english_page
):
    client.force_login(learner)
    response = client.get(url(completed.course, "en"))

    assert response.status_code == 200
    page = response.text
    assert page.count("<fieldset>") == 2 and page.count("<legend>") == 2
    assert page.index("How satisfied are you?") < page.index("How useful was it?")
    assert "Hur nöjd" not in page
    assert page.count('type="radio"') == 10
    assert "1 (poor)" in page and "5 (excellent)" in page
    assert "You may send me one follow-up mail about this course in 4 weeks." in page
    checkbox = page[page.index('type="checkbox"') - 60 : page.index('type="checkbox"') + 120]
    assert "checked" not in checkbox  # never ticked for the learner


def test_without_a_page_in_the_readers_language_the_swedish_questions_are_asked(client, learner, completed):
    client.force_login(learner)
    page = client.get(url(completed.course, "en")).text
    assert all(text in page for text in QUESTIONS)


def test_an_evaluation_is_stored_once_with_ratings_keyed_by_question_and_the_consent_as_shown(
    client, learner, completed, english_page
):
    course = completed.course
    client.force_login(learner)
    data = answers(course, "en", follow_up="on")
    data[next(k for k in data if k.startswith("rating_"))] = "2"

    response = client.post(url(course, "en"), data, follow=True)

    assert "Thank you for evaluating the course." in response.text
    stored = EvaluationResponse.objects.get()
    assert (stored.user, stored.course, stored.comment, stored.language) == (
        learner,
        course,
        "Bra exempel.",
        "en",
    )
    swedish_keys = {q.translation_key for q in evaluation.questions_for(course, "sv")}
    assert {a.question_key for a in stored.answers.all()} == swedish_keys
    assert sorted(stored.answers.values_list("rating", flat=True)) == [2, 4]
    consent = FollowUpConsent.objects.get()
    assert consent.user == learner and consent.language == "en"
    assert consent.wording == "You may send me one follow-up mail about this course in 4 weeks."
    assert consent.withdrawn_at is None and consent.sent_at is None


def test_no_tick_no_consent(client, learner, completed):
    client.force_login(learner)
    client.post(url(completed.course), answers(completed.course))
    assert EvaluationResponse.objects.count() == 1 and not FollowUpConsent.objects.exists()


def test_a_second_evaluation_says_already_evaluated_and_changes_nothing(client, learner, completed):
    course = completed.course
    client.force_login(learner)
    client.post(url(course), answers(course))

    response = client.post(url(course), answers(course, comment="Ändrat", follow_up="on"), follow=True)

    assert "You have already evaluated this course." in response.text
    stored = EvaluationResponse.objects.get()
    assert stored.comment == "Bra exempel." and stored.answers.count() == 2
    assert not FollowUpConsent.objects.exists()


def test_two_submissions_at_once_store_one_the_unique_constraint_decides(learner, completed, monkeypatch):
    """The second passes the "already evaluated?" check, as it would in a race."""
    course = completed.course
    ratings = {q.translation_key: 3 for q in evaluation.questions_for(course, "sv")}
    evaluation.submit_evaluation(learner, course, ratings=ratings, language="sv")

    monkeypatch.setattr(evaluation, "response_of", lambda user, course: None)
    with pytest.raises(evaluation.AlreadyEvaluated):
        evaluation.submit_evaluation(
            learner, course, ratings=ratings, comment="igen", follow_up="x", language="sv"
        )
    monkeypatch.undo()

    assert EvaluationResponse.objects.count() == 1 and EvaluationAnswer.objects.count() == 2
    assert not FollowUpConsent.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"drop": True}, "Choose a rating from 1 to 5."),
        ({"rating": "9"}, "Select a valid choice."),
        ({"rating": "tre"}, "Select a valid choice."),
        ({"comment": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    client, learner, completed, change, message
):
    course = completed.course
    client.force_login(learner)
    data = answers(course, follow_up="on")
    first = next(k for k in data if k.startswith("rating_"))
    if change.get("drop"):
        del data[first]
    if "rating" in change:
        data[first] = change["rating"]
    if "comment" in change:
        data["comment"] = change["comment"]

    response = client.post(url(course), data)

    assert response.status_code == 400
    assert message in response.text
    assert nothing_stored()


def test_answers_to_questions_not_asked_are_refused(learner, completed):
    course = completed.course
    with translation.override("en"), pytest.raises(evaluation.EvaluationRefused, match="Rate every question"):
        evaluation.submit_evaluation(learner, course, ratings={}, language="sv")
    keys = [q.translation_key for q in evaluation.questions_for(course, "sv")]
    with pytest.raises(evaluation.EvaluationRefused):
        evaluation.submit_evaluation(learner, course, ratings=dict.fromkeys(keys, 6), language="sv")
    assert nothing_stored()


def test_a_course_without_questions_can_still_be_commented(client, learner, completed):
    from courses.models import EvaluationQuestion

    EvaluationQuestion.objects.all().delete()
    client.force_login(learner)
    assert 'type="radio"' not in client.get(url(completed.course)).text
    client.post(url(completed.course), {"comment": "Kort men bra."})
    assert EvaluationResponse.objects.get().comment == "Kort men bra."


def test_the_page_after_evaluating_shows_the_consent_and_withdraws_it(client, learner, completed):
    course = completed.course
    client.force_login(learner)
    client.post(url(course), answers(course, follow_up="on"))
    page = client.get(url(course)).text
    assert "You may send me one follow-up mail about this course in 4 weeks." in page
    assert "Withdraw my consent" in page

    response = client.post(url(course, name="course-evaluation-withdraw"), follow=True)

    assert "You have withdrawn your consent" in response.text
    assert FollowUpConsent.objects.get().withdrawn_at is not None
    again = client.post(url(course, name="course-evaluation-withdraw"), follow=True)
    assert "There was no consent to the follow-up mail to withdraw." in again.text


def test_withdrawing_touches_only_the_learners_own_consent(client, learner, completed):
    other = UserFactory()
    complete(other, completed.course)
    ratings = {q.translation_key: 5 for q in evaluation.questions_for(completed.course, "sv")}
    evaluation.submit_evaluation(other, completed.course, ratings=ratings, follow_up="ja", language="sv")
    client.force_login(learner)

    client.post(url(completed.course, name="course-evaluation-withdraw"))

    assert FollowUpConsent.objects.get(user=other).withdrawn_at is None


def test_withdrawing_needs_a_post(client, learner, completed):
    client.force_login(learner)
    assert client.get(url(completed.course, name="course-evaluation-withdraw")).status_code == 405


def test_the_wording_counts_days_when_the_delay_is_not_whole_weeks(settings):
    settings.EVALUATION_FOLLOW_UP_DAYS = 10
    with translation.override("en"):
        assert (
            evaluation.follow_up_wording()
            == "You may send me one follow-up mail about this course in 10 days."
        )
    settings.EVALUATION_FOLLOW_UP_DAYS = 7
    with translation.override("en"):
        assert (
            evaluation.follow_up_wording()
            == "You may send me one follow-up mail about this course in 1 week."
        )
