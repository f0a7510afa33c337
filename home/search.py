"""Site search: courses, lessons' public text and news, in the reader's language
(courses/search_results.py puts them together)."""

from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from wagtail.coreutils import get_supported_content_language_variant

from courses.search_results import search_site
from gdpr.statistics import count_search_without_results

MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        # The pages' language, as Locale.get_active() has it, without its query.
        language = get_supported_content_language_variant(get_language())
        results = search_site(request, query, language)
        if not results.total:
            count_search_without_results(request, query)
    return TemplateResponse(request, "home/search.html", {"query": query, "results": results})
