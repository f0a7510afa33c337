"""The evaluation's results in the Wagtail admin: aggregated per course, for the editors
(every course) and the course's own seller; never a learner next to an answer."""

from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile

import pytest

from courses import evaluation
from courses.models import EvaluationResponse
from gdpr.restriction import restrict
from tests.courses import evaluation_support as support
from tests.courses.evaluation_support import complete
from tests.factories.courses import make_course
from tests.factories.home import UserFactory

COMMENTS = ["Tydliga exempel.", "bra tempo.", "Alldeles för lång."]

# The fixtures shared with the other evaluation tests.
course = support.course
course_page = support.course_page


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def evaluate(course, ratings, comment="", **person):
    user = UserFactory(**person)
    complete(user, course)
    keys = [q.translation_key for q in evaluation.questions_for(course, "sv")]
    return evaluation.submit_evaluation(
        user, course, ratings=dict(zip(keys, ratings, strict=True)), comment=comment, language="sv"
    )


@pytest.fixture
def evaluated(course):
    """Three learners, with names that must never show."""
    for n, (ratings, comment) in enumerate(zip([(5, 4), (4, 4), (2, 5)], COMMENTS, strict=True)):
        evaluate(
            course, ratings, comment, first_name="Hemlig", last_name=f"Elev{n}", email=f"elev{n}@acme.example"
        )
    return course


def login(client, user):
    """Into the admin in English: the admin speaks each user's own preferred language."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)


def results_url(course):
    return reverse("course_evaluation_result", kwargs={"course_id": course.pk})


INDEX = "/admin/course-evaluations/"


def test_an_editor_sees_every_course_and_its_aggregated_results(
    client, editor, evaluated, other_seller_company
):
    others = make_course(other_seller_company, "Annan kurs").course
    login(client, editor)

    index = client.get(INDEX)
    assert index.status_code == 200
    assert "Dataskydd i praktiken" in index.text and "Annan kurs" in index.text

    page = client.get(results_url(evaluated))
    assert page.status_code == 200
    text = page.text
    assert "3 responses." in text
    assert "Hur nöjd är du med kursen?" in text and "Hur användbar var den?" in text
    assert "Average 3.7 of 5, from 3 answers." in text  # (5 + 4 + 2) / 3
    assert "Average 4.3 of 5, from 3 answers." in text
    assert client.get(results_url(others)).status_code == 200


def test_the_chart_is_drawn_on_the_server_with_its_values_as_text(client, editor, evaluated):
    login(client, editor)
    text = client.get(results_url(evaluated)).text
    chart = text[text.index('class="listing evaluation-chart"') :]
    chart = chart[: chart.index("</table>")]
    assert chart.count("<svg") == 5 and 'aria-hidden="true"' in chart
    assert '<th scope="row">5</th>' in chart and "33 %" in chart  # one answer of three: shown as text
    assert '<rect width="33.3"' in chart
    assert "cdn" not in text.lower() and "chart.js" not in text.lower()


def test_comments_show_without_names_or_dates_in_alphabetical_order(client, editor, evaluated):
    login(client, editor)
    text = client.get(results_url(evaluated)).text

    positions = [text.index(comment) for comment in sorted(COMMENTS, key=str.casefold)]
    assert positions == sorted(positions)
    for response in EvaluationResponse.objects.all():
        assert response.submitted_at.strftime("%Y-%m-%d") not in text
    assert "Hemlig" not in text and "Elev" not in text and "acme.example" not in text


def test_with_fewer_than_three_responses_comments_are_held_back_and_the_page_says_why(client, editor, course):
    evaluate(course, (5, 5), "Bäst av allt, hälsningar Kim")
    evaluate(course, (3, 3), "Okej.")
    login(client, editor)
    text = client.get(results_url(course)).text
    assert "2 responses." in text
    assert "Bäst av allt" not in text and "Okej." not in text
    assert "at least 3 responses" in text


def test_a_course_nobody_evaluated_says_so(client, editor, course):
    login(client, editor)
    assert "No learner has evaluated this course yet." in client.get(results_url(course)).text


def test_a_restricted_persons_answers_are_kept_but_not_counted(client, editor, evaluated):
    restrict(EvaluationResponse.objects.get(comment=COMMENTS[0]).user, "Objects to the processing")
    login(client, editor)
    text = client.get(results_url(evaluated)).text
    assert "2 responses." in text and COMMENTS[0] not in text
    assert EvaluationResponse.objects.count() == 3


def test_an_anonymised_response_still_counts(editor, evaluated):
    EvaluationResponse.objects.filter(comment=COMMENTS[1]).update(user=None, comment="")
    results = evaluation.course_results(evaluated, "sv")
    assert results.responses == 3 and COMMENTS[1] not in results.comments


def test_the_courses_seller_sees_its_own_courses_results_only(
    client, seller, evaluated, other_seller_company
):
    others = make_course(other_seller_company, "Annan kurs").course
    login(client, seller)

    index = client.get(INDEX)
    assert index.status_code == 200
    assert "Dataskydd i praktiken" in index.text and "Annan kurs" not in index.text
    assert client.get(results_url(evaluated)).status_code == 200
    assert client.get(results_url(others), follow=True).status_code == 404


def test_another_seller_gets_not_found(client, other_seller_company, evaluated):
    other = other_seller_company.group.user_set.get()
    login(client, other)
    # Not found (Django's LocaleMiddleware first tries the path under /sv/, then 404).
    response = client.get(results_url(evaluated), follow=True)
    assert response.status_code == 404
    assert "Tydliga exempel." not in response.text
    assert "Dataskydd i praktiken" not in client.get(INDEX).text


def test_a_learner_has_no_way_into_the_results(client, evaluated):
    learner = EvaluationResponse.objects.first().user
    login(client, learner)
    for url in (INDEX, results_url(evaluated)):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_a_catalogue_role_are_refused(client, staff, evaluated):
    """Wagtail answers a refusal in its admin with a redirect to the dashboard and a message."""
    login(client, staff)
    for url in (INDEX, results_url(evaluated)):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [("/admin/", 302)]
        assert "Tydliga exempel." not in response.text and "Dataskydd i praktiken" not in response.text


@pytest.mark.parametrize(("role", "shown"), [("editor", True), ("seller", True), ("staff", False)])
def test_the_menu_item_shows_for_those_who_may_see_results(client, request, course, role, shown):
    login(client, request.getfixturevalue(role))
    assert (INDEX in client.get("/admin/").text) is shown
