"""A public deployment behind nginx (TLS terminated there). Refuses to start unsafely."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSECURE_DEV_SECRET_KEY, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY == INSECURE_DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Never the development key; set its own value once, so that rotating SECRET_KEY leaves
# the marketing suppression list intact (docs/privacy.md).
SUPPRESSION_LIST_KEY = env.str("SUPPRESSION_LIST_KEY", default=SECRET_KEY)
# Several app processes must share one cache (menus and cards are invalidated through
# it) and one broker (scheduled publishing, retention): local memory would split them.
if not env.str("REDIS_URL", default=""):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: the cache and the task broker live there."
    )

# nginx terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
OSCAR_BASKET_COOKIE_SECURE = True
# nginx appends the client's address to X-Forwarded-For (docs/deployment.md): login
# throttling counts per client, not per proxy.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

# Wagtail's live preview shows the page in a same-origin frame, so SAMEORIGIN (base)
# stays; pages of other origins still cannot frame the site.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
