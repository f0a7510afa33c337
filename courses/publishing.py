"""What publishing a course page means for the language-neutral course."""

from django.conf import settings

from courses.models import Course, CoursePage


def sync_course_from_page(page: CoursePage) -> None:
    """Copy the rules editors set on the Swedish page onto the course when it is published."""
    if page.locale.language_code != settings.LANGUAGE_CODE or page.course_id is None:
        return
    Course.objects.filter(pk=page.course_id).update(
        completion_rule=page.completion_rule,
        completion_percentage=page.completion_percentage,
        issues_certificate=page.issues_certificate,
        is_published=True,
    )


def withdraw_course_if_unpublished(page: CoursePage) -> None:
    """A course is published while any of its pages is live."""
    if page.course_id and not CoursePage.objects.live().filter(course_id=page.course_id).exists():
        Course.objects.filter(pk=page.course_id).update(is_published=False)
