"""The learner's pages and the player's reports. Who may do what is asked of `courses.access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.access import may_take
from courses.learning import my_learning
from courses.models import LessonPage
from courses.progress import ProgressRefused, mark_done, report


@login_required
def learning_home(request):
    """My learning: every course the person may take, with progress and "continue"."""
    ongoing, finished = my_learning(request.user)
    return render(request, "courses/learning/my_learning.html", {"ongoing": ongoing, "finished": finished})


def _refused(message, status):
    return JsonResponse({"error": str(message)}, status=status)


@require_POST
def progress_report(request, lesson_id: int):
    """The player's report: `position`, `watched` ("start-end,..."), `token`. JSON either way."""
    if not request.user.is_authenticated:
        return _refused(_("Log in to save your progress."), 403)
    lesson = LessonPage.objects.live().filter(pk=lesson_id).select_related("video", "locale").first()
    if lesson is None:
        # Not 404: LocaleMiddleware would turn it into a redirect to a language's page.
        return _refused(_("There is no such lesson."), 400)
    translation.activate(lesson.locale.language_code)  # these URLs carry no language: the page's
    try:
        outcome = report(
            request.user,
            lesson,
            position=request.POST.get("position", ""),
            watched=request.POST.get("watched", ""),
            token=request.POST.get("token", ""),
        )
    except ProgressRefused as refusal:
        return _refused(refusal.message, refusal.status)
    return JsonResponse(
        {
            "position": outcome.progress.position_seconds,
            "watched_seconds": outcome.progress.watched_seconds,
            "lesson_done": outcome.lesson_done,
            "course_completed": outcome.course_completion is not None,
        }
    )


@login_required
@require_POST
def lesson_done(request, lesson_id: int):
    """The button of a lesson without video: the learner says they have done it."""
    lesson = get_object_or_404(LessonPage.objects.live().select_related("video", "locale"), pk=lesson_id)
    translation.activate(lesson.locale.language_code)  # these URLs carry no language: the page's
    course = lesson.course_page.course
    if not may_take(request.user, course):
        messages.error(request, _("You are not taking this course."))
        return redirect(lesson.get_url(request))
    if lesson.video_id is not None:  # ready or still being processed: it is watched, not ticked
        messages.error(request, _("Watch the video to complete this lesson."))
        return redirect(lesson.get_url(request))
    outcome = mark_done(request.user, lesson)
    if outcome.course_completion is not None:
        messages.success(request, _("You have completed the course. Well done!"))
    else:
        messages.success(request, _("Lesson marked as done."))
    return redirect(lesson.get_url(request))
