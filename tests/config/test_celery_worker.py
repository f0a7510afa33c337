"""A real Celery worker, against Redis, runs a task that touches the database."""

import uuid
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from home.tasks import clear_expired_sessions

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_worker(monkeypatch, redis_url):
    # Redis database 15 and a queue of its own: a developer's worker on the same
    # Redis must not steal the test's tasks and run them against another database.
    test_redis = redis_url.rsplit("/", 1)[0] + "/15"
    queue = f"tests-{uuid.uuid4().hex}"
    for key, value in {
        "task_always_eager": False,
        "broker_url": test_redis,
        "result_backend": test_redis,
        "task_default_queue": queue,
    }.items():
        monkeypatch.setitem(celery_app.conf, key, value)
    # Celery keeps what it built from the configuration first: the result backend (per
    # thread), the broker connection pool and the queues. Earlier tests (eager tasks, the
    # health check's broker ping) built them for the other settings; forget them here.
    monkeypatch.delattr(celery_app._local, "backend", raising=False)
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.delitem(celery_app.__dict__, "amqp", raising=False)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        yield


def test_worker_runs_a_scheduled_task_against_the_database(redis_worker):
    Session.objects.create(
        session_key="expired", session_data="x", expire_date=timezone.now() - timedelta(days=1)
    )
    Session.objects.create(
        session_key="current", session_data="x", expire_date=timezone.now() + timedelta(days=1)
    )

    clear_expired_sessions.delay().get(timeout=30)

    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]


def test_beat_schedule_names_only_registered_tasks():
    celery_app.loader.import_default_modules()
    for entry in celery_app.conf.beat_schedule.values():
        assert entry["task"] in celery_app.tasks
