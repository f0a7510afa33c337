"""The one place templates ask about cookie consent.

`{% consent "statistics" %}<script src="…"></script>{% endconsent %}` renders what it
wraps only for a visitor who allowed the category; `{% cookie_banner %}` asks a visitor
who has not chosen; `{% consent_storage %}` tells static/js/consent.js which keys of
the browser's storage to remove because their category is not allowed.
"""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from gdpr.cookies import NO_CONSENT, declarations, declarations_for

register = template.Library()


def _consent(context):
    request = context.get("request")
    return getattr(request, "consent", NO_CONSENT)


class ConsentNode(template.Node):
    def __init__(self, category, nodelist):
        self.category = category
        self.nodelist = nodelist

    def render(self, context):
        category = self.category.resolve(context)
        return self.nodelist.render(context) if _consent(context).allows(category) else ""


@register.tag
def consent(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('Use {% consent "category" %}…{% endconsent %}')
    nodelist = parser.parse(("endconsent",))
    parser.delete_first_token()
    return ConsentNode(parser.compile_filter(bits[1]), nodelist)


def _declarations(context):
    request = context.get("request")
    return declarations_for(request) if request is not None else declarations()


@register.inclusion_tag("gdpr/cookies/banner.html", takes_context=True)
def cookie_banner(context):
    request = context.get("request")
    current = _declarations(context)
    show = (
        request is not None
        and not _consent(context).decided
        and bool(current.optional)
        and request.resolver_match is not None
        and request.resolver_match.url_name != "cookie-settings"
    )
    return {
        "show": show,
        "declarations": current,
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.inclusion_tag("gdpr/cookies/storage.html", takes_context=True)
def consent_storage(context):
    consent = _consent(context)
    remove = [
        cookie.name
        for category in _declarations(context).categories
        if not consent.allows(category.key)
        for cookie in category.cookies
        if cookie.storage != "cookie"
    ]
    return {"remove": remove}


@register.simple_tag(takes_context=True)
def cookie_settings_url(context):
    request = context.get("request")
    try:
        url = reverse("cookie-settings")
    except NoReverseMatch:
        return ""
    if request is None or (request.resolver_match and request.resolver_match.url_name == "cookie-settings"):
        return url
    return f"{url}?{urlencode({'next': request.get_full_path()})}"
