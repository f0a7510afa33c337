"""The test suite. Each line says why it differs from base."""

import os
import re

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES, DEFAULT_STORAGE, MIDDLEWARE, PRIVATE_STORAGE, env


def _test_signing_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )


# A fast hasher: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail stays in memory so tests can read it.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Plain static storage: no manifest to build before each run.
STORAGES = {
    "default": DEFAULT_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run inline unless a test starts a real worker (tests/celery).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default="") or "memory://")
# --reuse-db on SQLite needs a file, not the in-memory default.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
# Each test process (pytest-xdist) clears the cache around its tests: on Redis, each gets
# a database of its own (1, 2, …), never the one a developer's server uses (0).
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    _db = int(_worker.removeprefix("gw")) + 1 if _worker else 1
    CACHES["default"]["LOCATION"] = re.sub(
        r"(/\d+)?$", f"/{_db}", CACHES["default"]["LOCATION"].rstrip("/"), count=1
    )
# Keep test connections short-lived: live-server threads must not hold them open.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Wagtail's background tasks (search index, references) run immediately.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# A signing key of the test run's own, never a file a developer's demo uses.
CERTIFICATE_SIGNING_KEY = _test_signing_key()
# The live server serves static files itself; whitenoise would want collected files.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
# Wagtail and django-tasks log every page save at INFO; a failing test's output needs only warnings.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
