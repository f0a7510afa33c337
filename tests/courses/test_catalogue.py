"""Browsing the catalogue: filters, sorting, pages, prices, languages."""

from decimal import Decimal

import pytest

from tests.factories.courses import make_course, make_subject

pytestmark = pytest.mark.django_db


def titles(response):
    return [card.page.title for card in response.context["catalogue"].cards.object_list]


@pytest.fixture
def courses(seller_company, other_seller_company):
    gdpr, leadership = make_subject("dataskydd", "Dataskydd"), make_subject("ledarskap", "Ledarskap")
    return [
        make_course(
            seller_company, "Alfa", Decimal("900"), subject=gdpr, level="beginner", teaching_language="sv"
        ),
        make_course(
            seller_company, "Beta", Decimal("300"), subject=leadership, level="advanced", format="short"
        ),
        make_course(
            other_seller_company,
            "Gamma",
            Decimal("600"),
            subject=gdpr,
            level="advanced",
            teaching_language="en",
        ),
        make_course(other_seller_company, "Utkast", publish=False),
    ]


def test_catalogue_lists_published_courses_of_every_seller_with_prices(client, catalogue, courses):
    response = client.get(catalogue.url)

    assert response.status_code == 200
    assert titles(response) == ["Alfa", "Beta", "Gamma"]
    assert "900,00" in response.text  # the price comes from the shop


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("subject=dataskydd", ["Alfa", "Gamma"]),
        ("level=advanced", ["Beta", "Gamma"]),
        ("language=en", ["Gamma"]),
        ("format=short", ["Beta"]),
        ("subject=dataskydd&level=advanced", ["Gamma"]),
        ("level=nonsense", ["Alfa", "Beta", "Gamma"]),  # an unknown value filters nothing
    ],
)
def test_catalogue_filters(client, catalogue, courses, query, expected):
    assert titles(client.get(f"{catalogue.url}?{query}")) == expected


def test_catalogue_sorts_by_price(client, catalogue, courses):
    assert titles(client.get(f"{catalogue.url}?sort=price")) == ["Beta", "Gamma", "Alfa"]


def test_catalogue_pages_keep_the_filters(client, catalogue, seller_company, settings):
    settings.COURSES_PER_PAGE = 2
    for n in range(5):
        make_course(seller_company, f"Kurs {n}", level="beginner")

    first = client.get(f"{catalogue.url}?level=beginner")
    third = client.get(f"{catalogue.url}?level=beginner&page=3")
    beyond = client.get(f"{catalogue.url}?level=beginner&page=99")

    assert titles(first) == ["Kurs 0", "Kurs 1"]
    assert "level=beginner&amp;page=2" in first.text
    assert titles(third) == ["Kurs 4"]
    assert titles(beyond) == ["Kurs 4"]  # past the end: the last page


def test_course_page_shows_price_contents_and_structured_data(client, seller_company):
    from tests.factories.courses import make_lessons

    page = make_course(seller_company, "Alfa", Decimal("1490"))
    make_lessons(page)

    response = client.get(page.url)

    assert response.status_code == 200
    assert response.context["price"].excl_tax == Decimal("1490")
    assert "490,00\xa0kr" in response.text  # Swedish format, from Oscar
    assert response.context["lesson_count"] == 4
    assert [len(m.lessons) for m in response.context["modules"]] == [2, 2]
    assert '"@type": "Course"' in response.text and "application/ld+json" in response.text
    assert "Hemlig lektionstext" not in response.text


def test_structured_data_cannot_break_out_of_its_script(client, seller_company):
    page = make_course(seller_company, "Alfa", summary="</script><script>alert(1)</script>")

    response = client.get(page.url)

    assert "</script><script>alert(1)" not in response.text


def test_a_course_without_product_is_not_for_sale(client, seller_company):
    page = make_course(seller_company, "Gratis info", price=None)

    response = client.get(page.url)

    assert response.context["price"] is None
    assert "basket/add" not in response.text


def test_course_is_added_to_the_basket_with_seats(client, seller_company):
    page = make_course(seller_company, "Alfa", Decimal("1000"))

    response = client.post(f"/sv/shop/basket/add/{page.course.product_id}/", {"quantity": 3})

    assert response.status_code == 302
    basket = client.get("/sv/shop/basket/").context["basket"]
    assert basket.num_items == 3


def test_cached_cards_follow_price_changes_and_republishing(client, catalogue, seller_company):
    from courses.products import ensure_course_product

    page = make_course(seller_company, "Alfa", Decimal("900"))
    assert "900,00" in client.get(catalogue.url).text

    ensure_course_product(page.course, "Alfa", Decimal("1200"))
    page.title = "Alfa, andra upplagan"
    page.save_revision().publish()

    response = client.get(catalogue.url)
    assert "1\xa0200,00" in response.text and "900,00" not in response.text
    assert "Alfa, andra upplagan" in response.text


def test_a_cached_card_follows_a_price_change_alone(client, catalogue, seller_company):
    from courses.products import ensure_course_product

    page = make_course(seller_company, "Alfa", Decimal("900"))
    assert "900,00" in client.get(catalogue.url).text

    ensure_course_product(page.course, "Alfa", Decimal("700"))

    text = client.get(catalogue.url).text
    assert "700,00" in text and "900,00" not in text


def test_oscars_own_catalogue_page_leads_to_the_real_catalogue(
    client, catalogue, django_capture_on_commit_callbacks
):
    from home.translation import translate_page

    translate_page(catalogue, "en", {"Kurser": "Courses", "kurser": "courses"})

    assert client.get("/sv/shop/catalogue/").url == catalogue.url
    assert client.get("/en/shop/catalogue/").url.endswith("/courses/")


@pytest.mark.usefixtures("without_page_cache")
def test_a_course_behind_a_view_restriction_leaves_the_catalogue_and_comes_back(client, catalogue, courses):
    from wagtail.models import PageViewRestriction

    assert "Beta" in titles(client.get(catalogue.url))  # the restricted sections are cached now
    restriction = PageViewRestriction.objects.create(
        page=courses[1], restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    assert titles(client.get(catalogue.url)) == ["Alfa", "Gamma"]
    restriction.delete()
    assert "Beta" in titles(client.get(catalogue.url))


@pytest.mark.usefixtures("without_page_cache")
def test_the_number_of_courses_follows_a_new_course(client, catalogue, courses, seller_company):
    def count():
        return client.get(catalogue.url).context["catalogue"].cards.paginator.count

    assert count() == 3  # the draft not counted; the number is cached now
    make_course(seller_company, "Delta", Decimal("100"))
    assert count() == 4


@pytest.mark.usefixtures("without_page_cache")
def test_the_order_by_price_follows_a_price_change(client, catalogue, courses):
    from courses.products import ensure_course_product

    url = f"{catalogue.url}?sort=price"
    assert titles(client.get(url)) == ["Beta", "Gamma", "Alfa"]  # which ones, in order: cached now

    ensure_course_product(courses[0].course, "Alfa", Decimal("100"))

    assert titles(client.get(url)) == ["Alfa", "Beta", "Gamma"]
    assert "100,00" in client.get(url).text
