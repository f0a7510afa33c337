"""What every page shows of the company that runs the site, without reading its settings
on every page."""

from django.utils.translation import get_language

from wagtail.models import Site

from home.caching import cached


def facts(request) -> dict[str, str]:
    """The company's name, organisation number and e-mail, and the URLs of its personal
    data policy, terms and cookie policy in the active language (each only if the site
    names it): for the title, header, footer, cookie banner and a course's structured
    data. Cached until the site's structure changes (its settings included), and kept on
    the request for the rest of the page, rather than the settings, three pages and, in
    English, three translations on every page."""
    from home.models import CompanySettings

    language = get_language()
    kept = getattr(request, "company_facts", None)
    if kept is None:
        kept = request.company_facts = {}  # by language: a mail sent from a page may be in another
    if language in kept:
        return kept[language]
    site = Site.find_for_request(request)
    if site is None:
        return {}

    def build():
        company = CompanySettings.for_site(site)
        pages = {
            "privacy": company.privacy_policy_page,
            "terms": company.terms_page,
            "cookies": company.cookie_policy_page,
        }
        return {
            "name": company.name,
            "organisation_number": company.organisation_number,
            "email": company.email,
            **{name: page.localized.get_url(request) for name, page in pages.items() if page},
        }

    kept[language] = cached("company-facts", build, site.pk, language)
    return kept[language]
