"""The home page's featured courses: which ones are cached with the structure, their
cards with the prices (home/models/pages.py, course_grid)."""

from decimal import Decimal

import pytest

from tests.factories.courses import make_course

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_page_cache")]


@pytest.fixture
def featured(home_page, seller_company):
    alfa = make_course(seller_company, "Kursen Alfa", Decimal("900"))
    beta = make_course(seller_company, "Kursen Beta", Decimal("300"))
    home_page.featured_courses.create(course_page=beta)
    home_page.featured_courses.create(course_page=alfa)
    home_page.save_revision().publish()
    return alfa, beta


def test_featured_courses_are_shown_in_the_editors_order(client, featured):
    text = client.get("/sv/").text
    assert text.index("Kursen Beta") < text.index("Kursen Alfa")


def test_an_unpublished_course_leaves_the_home_page_at_once(client, featured):
    alfa, beta = featured
    assert "Kursen Beta" in client.get("/sv/").text

    beta.unpublish()

    text = client.get("/sv/").text
    assert "Kursen Beta" not in text and "Kursen Alfa" in text


def test_a_featured_courses_new_price_shows_at_once(client, featured):
    from courses.products import ensure_course_product

    alfa, _beta = featured
    assert "900,00" in client.get("/sv/").text

    ensure_course_product(alfa.course, alfa.title, Decimal("700"))

    text = client.get("/sv/").text
    assert "700,00" in text and "900,00" not in text
