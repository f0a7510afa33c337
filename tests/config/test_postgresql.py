"""CI runs on PostgreSQL; these tests prove it and use what only PostgreSQL gives."""

from django.db import connection

from wagtail.models import Page

import pytest

pytestmark = [pytest.mark.services]


def test_the_suite_runs_on_postgresql(postgres):
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 150000


def test_wagtail_search_uses_postgresql_full_text(postgres, home_page):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()

    assert type(backend).__name__ == "PostgresSearchBackend"  # Wagtail 8 delegates to modelsearch
    assert home_page.pk in [page.pk for page in Page.objects.live().search("Välkommen")]
