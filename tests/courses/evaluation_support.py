"""Shared by the evaluation's tests: a course whose Swedish page asks two questions
(translated into English), and a learner who completed it."""

from datetime import timedelta

from django.utils import timezone

import pytest

from courses.models import CourseCompletion, EvaluationQuestion
from home.translation import translate_page
from tests.factories.courses import make_course

QUESTIONS = {
    "Hur nöjd är du med kursen?": "How satisfied are you?",
    "Hur användbar var den?": "How useful was it?",
}


def add_questions(page, texts) -> list[EvaluationQuestion]:
    questions = [
        EvaluationQuestion.objects.create(page=page, locale=page.locale, text=text, sort_order=n)
        for n, text in enumerate(texts)
    ]
    page.save_revision().publish()
    return questions


@pytest.fixture
def course_page(seller_company):
    page = make_course(seller_company, "Dataskydd i praktiken")
    add_questions(page, QUESTIONS)
    return page


@pytest.fixture
def english_page(course_page, django_capture_on_commit_callbacks):
    texts = {
        course_page.title: "Data protection in practice",
        course_page.slug: f"{course_page.slug}-en",
        course_page.summary: "About data protection",
        "Beskrivning": "Description",
        "Säljare Ett": "Seller One",
        "saljare-ett": "saljare-ett",
        **QUESTIONS,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return translate_page(course_page, "en", texts)


@pytest.fixture
def course(course_page):
    return course_page.course


def complete(user, course, days_ago=1) -> CourseCompletion:
    return CourseCompletion.objects.create(
        user=user, course=course, completed_at=timezone.now() - timedelta(days=days_ago)
    )


@pytest.fixture
def completed(learner, course):
    return complete(learner, course)
