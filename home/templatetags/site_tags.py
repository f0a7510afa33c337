"""Template tags for the shared page frame: language switch and footer facts."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from wagtail.models import Page, Site

from home import company
from home.caching import cached

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

        def build():
            live = page.get_translations(inclusive=True).live().select_related("locale")
            return {translation.locale.language_code: translation.get_url(request) for translation in live}

        # Until the structure changes (a translation published, a slug changed); not for
        # an editor's preview, whose page may not be saved yet.
        site = Site.find_for_request(request)
        if page.pk is None or getattr(request, "is_preview", False):
            translations = build()
        else:
            translations = cached("language-links", build, page.pk, site.pk if site else "")
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
def site_company(context) -> dict[str, str]:
    """What every page's frame shows of the company (home.company.facts)."""
    request = context.get("request")
    return company.facts(request) if request is not None else {}


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data) -> str:
    """Structured data as a JSON-LD script, escaped so no value can close the tag."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """(title, url) of the pages editors marked "show in menus" below the home page, in the
    active language; cached until the page tree changes."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return []
    language = get_language()

    def build():
        home = site.root_page.localized
        return [(page.title, page.get_url(request)) for page in home.get_children().live().public().in_menu()]

    return cached("main-navigation", build, site.pk, language)
