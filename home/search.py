"""Site search: courses, lessons' public text and news, in the reader's language."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page

from courses.models import CoursePage, LessonPage
from gdpr.statistics import count_search_without_results
from home.models import NewsPage

MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .type(CoursePage, LessonPage, NewsPage)
            .specific()
        )
        results = Paginator(pages.search(query), settings.SEARCH_RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        if not results.paginator.count:
            count_search_without_results(request, query)
    context = {"query": query, "results": results, "query_string": urlencode({"q": query})}
    return TemplateResponse(request, "home/search.html", context)
