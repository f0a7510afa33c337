from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET

from wagtail.models import Locale

from courses.access import can_watch
from courses.models import Course, CourseIndexPage, CoursePage, LessonVideo
from home.private.streaming import protected_file_response


@require_GET
def stream_video(request, pk: int):
    video = get_object_or_404(LessonVideo, pk=pk)
    if not can_watch(request.user, video):
        raise PermissionDenied
    response = protected_file_response(request, video.file, video.mime_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


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
