from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from wagtail.models import Locale

from courses.models import Course, CourseIndexPage, CoursePage


@require_GET
def oscar_product(request, product_slug, pk):
    """Oscar's product page: a course is sold on its course page, a document on the page
    of the course it goes with; anything else has no page."""
    from courses.models import DocumentProduct

    course_id = (
        Course.objects.filter(product_id=pk).values_list("pk", flat=True).first()
        or DocumentProduct.objects.filter(product_id=pk).values_list("course_id", flat=True).first()
    )
    page = (
        CoursePage.objects.live().filter(course_id=course_id, locale=Locale.get_active()).first()
        or CoursePage.objects.live().filter(course_id=course_id).first()
    )
    if course_id is None or page is None:
        raise Http404
    return redirect(page.get_url(request))


@require_GET
def oscar_catalogue(request):
    """Oscar's own catalogue page runs on haystack; the catalogue visitors use is Wagtail's."""
    index = CourseIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    return redirect(index.get_url(request) if index else "/")
