"""What publishing a course page means for the language-neutral course and its product."""

from django.conf import settings

from oscar.core.loading import get_model

from courses.models import Course, CoursePage

Product = get_model("catalogue", "Product")


def sync_course_from_page(page: CoursePage) -> None:
    """A published page makes its course published; the Swedish (source) page's rules
    become the course's rules."""
    if page.course_id is None:
        return
    courses = Course.objects.filter(pk=page.course_id)
    Product.objects.filter(course__pk=page.course_id).update(is_public=True)
    if page.locale.language_code == settings.LANGUAGE_CODE:
        courses.update(
            completion_rule=page.completion_rule,
            completion_percentage=page.completion_percentage,
            watch_percentage=page.watch_percentage,
            issues_certificate=page.issues_certificate,
            certificate_design=page.certificate_design,
            certificate_validity_months=page.certificate_validity_months,
            is_published=True,
        )
    else:
        courses.update(is_published=True)


def withdraw_course_if_unpublished(page: CoursePage) -> None:
    """A course is published while any of its pages is live. `page` itself is left out:
    when a live page is deleted, Wagtail says it is unpublished while its row is still live."""
    other_live_pages = CoursePage.objects.live().filter(course_id=page.course_id).exclude(pk=page.pk)
    if page.course_id and not other_live_pages.exists():
        Course.objects.filter(pk=page.course_id).update(is_published=False)
        # Withdrawn from sale too: Oscar will not add it to a basket or check it out.
        Product.objects.filter(course__pk=page.course_id).update(is_public=False)
