"""Template tags for the shared page frame: language switch and footer facts."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, to the same page in that language.

    A Wagtail page links to its translation (or to that language's home page when
    it has none yet); any other view links to its own URL under the other prefix.
    """
    request = context["request"]
    page = context.get("page")
    current = get_language()
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation.get_url(request)
    links = []
    for code, _name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = translations.get(code, f"/{code}/")
        else:
            url = translate_url(request.get_full_path(), code)
        # Each language is named in itself, so a reader finds their own.
        name = get_language_info(code)["name_local"]
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def localized_url(context, page):
    """The URL of `page` in the active language, falling back to the page itself."""
    if page is None:
        return ""
    return page.localized.get_url(context.get("request"))
