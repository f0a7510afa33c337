"""Keeping the record of every policy version published."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from home.models import PolicyPage, PolicyVersion


def record_policy_version(page: PolicyPage) -> PolicyVersion:
    """Store the policy as published now; republishing the same version updates its record."""
    with translation.override(page.locale.language_code):
        body_html = render_to_string("home/includes/policy_body.html", {"page": page})
    record, _created = PolicyVersion.objects.update_or_create(
        translation_key=page.translation_key,
        locale=page.locale,
        version=page.version,
        defaults={
            "page": page,
            "title": page.title,
            "effective_date": page.effective_date,
            "change_summary": page.change_summary,
            "body_html": body_html,
            "published_at": timezone.now(),
        },
    )
    return record
