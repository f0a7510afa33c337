from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from courses.search_results import results_version
from home.caching import cached

register = template.Library()


@register.simple_tag(takes_context=True)
def course_grid(context, courses):
    """The found courses' cards (a page of `CourseCards`), cached as one piece of HTML until
    the site's structure or a price changes (courses/search_results.py). Keyed by the
    courses alone: no search term is kept in the cache."""

    def build():
        return render_to_string(
            "components/course_grid.html", {"cards": courses.object_list, "request": context.get("request")}
        )

    ids = ".".join(str(pk) for pk in courses.object_list.ids)
    return cached("course-grid", build, ids, results_version(), get_language())
