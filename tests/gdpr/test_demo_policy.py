"""The demo's personal data policy carries the registry's table, in Swedish and English."""

from wagtail.models import Locale

import pytest

from gdpr.models import PolicyRegistryStamp
from gdpr.registry import registry
from home.seed import REGISTRY_TABLE_HEADING, ensure_home_page, ensure_policy_page


@pytest.mark.django_db
def test_demo_policy_shows_the_registry_table_in_both_languages(client, empty_site):
    policy = ensure_policy_page(ensure_home_page())
    english = policy.get_translation(Locale.objects.get(language_code="en"))
    for page, heading in ((policy, REGISTRY_TABLE_HEADING[0]), (english, REGISTRY_TABLE_HEADING[1])):
        response = client.get(page.url)
        assert response.status_code == 200
        html = response.text
        assert heading in html
        assert 'class="privacy-registry-block"' in html
        # The table comes before "Your rights", and states the accounting rule.
        assert html.index(heading) < html.rindex("<h2")
        assert PolicyRegistryStamp.objects.get(page=page).fingerprint == registry.fingerprint()
