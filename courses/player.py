"""The lesson page: the player, the lesson's material and the way on, for whoever may see it."""

from django.urls import reverse

from courses.access import lesson_media, may_take
from courses.learning import neighbours
from courses.models import CourseCompletion, LessonProgress
from courses.progress import report_token


def lesson_context(lesson, request) -> dict:
    user = request.user
    course_page = lesson.course_page
    course = course_page.course
    # None when the person may not open the lesson (courses.access decides).
    media = lesson_media(lesson, user)
    context = {
        "course_page": course_page,
        "has_access": media is not None,
        "neighbours": neighbours(lesson, course_page),
        "media": media,
    }
    if media is None:
        return context
    taking = user.is_authenticated and may_take(user, course)
    context["taking"] = taking
    if taking:
        progress = LessonProgress.objects.filter(user=user, lesson_key=lesson.translation_key).first()
        context["progress"] = progress
        # Where they stopped; from the start once they had watched it to its end.
        at = progress.position_seconds if progress else 0
        ending = media.duration_seconds - 2 if media.duration_seconds else 0
        context["resume_at"] = at if at < ending else 0
        context["completion"] = (
            CourseCompletion.objects.filter(user=user, course=course).select_related("course").first()
        )
        if media and media.mp4_url:
            context["report"] = {
                "url": reverse("lesson-progress", args=[lesson.pk]),
                "token": report_token(user, lesson),
            }
    return context
