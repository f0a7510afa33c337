"""The project package (settings, URLs, WSGI/ASGI and the Celery app).

Named `config` rather than `site`: `site` is a standard-library module that Python
imports at start-up, so a package of that name can never be imported.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
