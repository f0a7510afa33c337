"""Two sweeps at once (two workers, or beat firing while an operator runs the command)
share the work through row locks: every account is done once, nothing fails."""

import threading
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.utils import timezone

import pytest

from gdpr.models import CustomerRelationship
from gdpr.sweep import sweep
from tests.conftest import require


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_do_each_account_once():
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(email=f"sweep{n}@example.com", first_name="Sam", last_name=f"Sweep{n}") for n in range(400)]
    )
    CustomerRelationship.objects.bulk_create(
        [
            CustomerRelationship(
                user=u, ended_at=timezone.now() - timedelta(days=800), end_reason="account_closed"
            )
            for u in users
        ]
    )
    results, errors = [], []

    def worker():
        try:
            results.append(sweep(batch=25)["home.User: relationship_end+12m"])
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == 400
    assert not User.objects.filter(last_name__startswith="Sweep").exists()
    assert sweep() == {}
