from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def timecode(seconds) -> str:
    """1234.5 → "20:34"; an hour or more as "1:02:03"."""
    try:
        total = max(0, int(float(seconds)))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.simple_tag
def evaluation_link(course_id) -> str:
    """The way to the course's evaluation, offered once the course is complete."""
    try:
        url = reverse("course-evaluation", kwargs={"course_id": course_id})
    except NoReverseMatch:  # evaluations are not part of this site
        return ""
    return format_html('<p><a class="button" href="{}">{}</a></p>', url, _("Evaluate the course"))


@register.filter
def lesson_state(course_state, lesson):
    """The learner's state in `lesson` (a courses.learning.LessonState), or None for a visitor."""
    if not course_state:
        return None
    return course_state.state_of(lesson)
