"""Pages use a fixed number of queries, and GET requests write nothing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_page_cache")]

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.parametrize("path", ["/sv/", "/en/"])
def test_home_page_queries(client, policy_page, path, django_assert_max_num_queries):
    client.get(path)  # warm Wagtail's per-process caches (site root paths)
    with django_assert_max_num_queries(7):  # 6 in Swedish; the English locale one more
        assert client.get(path).status_code == 200


def test_policy_page_queries(client, policy_page, django_assert_max_num_queries):
    client.get(policy_page.url)
    with django_assert_max_num_queries(9):
        assert client.get(policy_page.url).status_code == 200


@pytest.mark.parametrize("path", ["/sv/", "/en/", "/sv/shop/basket/", "/healthz"])
def test_anonymous_get_requests_write_nothing(client, policy_page, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)

    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
