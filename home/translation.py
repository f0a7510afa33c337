"""Translating pages through wagtail-localize from code (demo content, imports).

Editors translate in the admin; this does the same for content written in code, so
that the translated page stays synchronised with its source exactly as theirs do.
"""

from django.db import transaction

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


class IncompleteTranslation(ValueError):
    """Some source text has no translation: nothing is published half in the source language."""


@transaction.atomic
def translate_page(page: Page, language_code: str, texts: dict[str, str]) -> Page:
    """Publish `page` in `language_code`, each source string replaced by `texts[string]`.

    Every source string must be in `texts` (map a name or number to itself); a missing
    one raises and nothing is saved. The translation is live when this returns.
    """
    locale = Locale.objects.get(language_code=language_code)
    source, _created = TranslationSource.update_or_create_from_instance(page.specific)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    missing = []
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        text = segment.string.data
        if text not in texts:
            missing.append(text)
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": texts[text], "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    if missing:
        raise IncompleteTranslation(f"no {language_code} text for: {missing!r}")
    # Saved as a draft and published here, not by wagtail-localize's on-commit publish:
    # that one saves the page as it was now, so a child added later in the same
    # transaction would be lost from the tree's child count (and from routing).
    # Every string was checked above; a related snippet not yet translated (a subject,
    # an instructor) falls back to the source's, as in the admin.
    translation.source.create_or_update_translation(
        locale, publish=False, fallback=True, copy_parent_pages=True
    )
    page.get_translation(locale).get_latest_revision().publish()
    return page.get_translation(locale).specific
