"""Translating pages from code, as the demo seed and imports do."""

import pytest

from courses.sellers import onboard_seller
from home.translation import IncompleteTranslation, translate_page
from tests.factories.courses import make_catalogue

pytestmark = pytest.mark.django_db


def test_children_added_after_a_translation_in_one_transaction_stay_reachable(
    client, home_page, role_groups, django_capture_on_commit_callbacks
):
    # Regression: wagtail-localize publishes on commit with the page as it was when
    # translated, which wrote back a stale child count and hid the children from routing.
    with django_capture_on_commit_callbacks(execute=True):
        catalogue = make_catalogue(home_page)
        translate_page(catalogue, "en", {"Kurser": "Courses", "kurser": "courses"})
        onboard_seller("Akademin", catalogue, translations={"en": "The Academy"})

    assert client.get("/en/courses/akademin/").status_code == 200
    assert client.get("/sv/kurser/akademin/").status_code == 200


def test_a_translation_is_live_as_soon_as_it_is_made(home_page):
    catalogue = make_catalogue(home_page)

    english = translate_page(catalogue, "en", {"Kurser": "Courses", "kurser": "courses"})

    assert english.live and english.title == "Courses"


def test_a_missing_string_publishes_nothing(home_page):
    catalogue = make_catalogue(home_page)

    with pytest.raises(IncompleteTranslation, match="Kurser"):
        translate_page(catalogue, "en", {"kurser": "courses"})

    assert not catalogue.get_translations().exists()
