"""Declarations, from the project's side, for the frameworks' models: Django, Wagtail and
wagtail-localize, Oscar, and django-axes. Our own apps declare theirs in their own privacy.py."""

from gdpr.declarations import axes, django, oscar, wagtail  # noqa: F401
