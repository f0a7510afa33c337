"""Search finds courses, lessons' public text and news, in the reader's language only."""

import pytest

from home.models import NewsIndexPage, NewsPage
from home.translation import translate_page
from tests.factories.courses import make_course, make_lessons

pytestmark = pytest.mark.django_db


def found(response):
    return [page.title for page in response.context["results"]]


@pytest.fixture
def content(home_page, seller_company, django_capture_on_commit_callbacks):
    course = make_course(seller_company, "Dataskydd för chefer", summary="Om personuppgifter")
    make_lessons(course)
    news_index = home_page.add_child(instance=NewsIndexPage(title="Nyheter", slug="nyheter"))
    news = news_index.add_child(
        instance=NewsPage(title="Nya kurser om dataskydd", intro="Nyheter om dataskydd")
    )
    news.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        translate_page(
            course,
            "en",
            {
                course.title: "Data protection for managers",
                course.slug: "dp",
                "Om personuppgifter": "About personal data",
                "Beskrivning": "Description",
            },
        )
    return course


def test_search_finds_courses_and_news_in_swedish(client, content):
    response = client.get("/sv/search/", {"q": "dataskydd"})

    assert set(found(response)) == {"Dataskydd för chefer", "Nya kurser om dataskydd"}


def test_search_in_english_finds_only_english_pages(client, content):
    assert found(client.get("/en/search/", {"q": "managers"})) == ["Data protection for managers"]
    assert found(client.get("/en/search/", {"q": "dataskydd"})) == []


def test_search_finds_a_lessons_public_summary_but_not_its_paid_text(client, content):
    assert "Lektion 1.1" in found(client.get("/sv/search/", {"q": "Offentlig sammanfattning"}))
    assert found(client.get("/sv/search/", {"q": "Hemlig"})) == []


def test_empty_and_overlong_queries_are_harmless(client, content):
    assert client.get("/sv/search/").context["results"] is None
    assert client.get("/sv/search/", {"q": "x" * 5000}).status_code == 200
