"""Probes for /healthz: the database, the cache and the task broker."""

import uuid

from django.core.cache import cache
from django.db import connection

from config.celery import app as celery_app

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    if found != "1":
        raise RuntimeError("the cache did not return what was stored")
    return "ok"


def check_broker() -> str:
    if celery_app.conf.task_always_eager:
        return "inline"  # tasks run in the request: there is no broker to be down
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks() -> tuple[bool, dict[str, str]]:
    """Run every probe; a probe that raises reports the error's class, never its text."""
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down"
            results[name] = f"down: {type(exc).__name__}"
            healthy = False
    return healthy, results
