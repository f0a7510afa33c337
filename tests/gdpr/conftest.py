import pytest

from tests.factories.gdpr import make_sentinel_person
from tests.factories.home import UserFactory


@pytest.fixture
def sentinel(home_page):
    """One person with a row in every declared model, every personal text field marked."""
    return make_sentinel_person(home_page, UserFactory)
