"""A developer's machine: `make run`. Debug on, everything else from base."""

from .base import *  # noqa: F403
from .base import DEFAULT_STORAGE, MIDDLEWARE, PRIVATE_STORAGE, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Plain storage: runserver serves static files without a collectstatic step.
STORAGES = {
    "default": DEFAULT_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# runserver serves static files itself; whitenoise is for collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
# Wagtail and django-tasks log every page save at INFO; the demo seed would bury the
# passwords it prints under hundreds of lines.
LOGGING["loggers"].update(  # noqa: F405
    {name: {"level": "WARNING"} for name in ("wagtail", "django_tasks", "wagtail.contrib.redirects")}
)
