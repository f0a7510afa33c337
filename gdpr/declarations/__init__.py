"""Declarations, from the project's side, for the frameworks' models: Django, Wagtail and
wagtail-localize, and Oscar. Our own apps declare theirs in their own privacy.py."""

from gdpr.declarations import django, oscar, wagtail  # noqa: F401
