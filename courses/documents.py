"""Who may download a document attached to a lesson: like the lesson's video."""

from courses.models import LessonDocument


def may_download(user, document) -> bool:
    """A document on any lesson is course material: public only through a live free preview."""
    links = LessonDocument.objects.filter(document=document).select_related("page")
    if not links:
        return True  # not course material (e.g. a document linked from a news item)
    if any(link.page.live and link.page.free_preview and link.page.course_page.live for link in links):
        return True
    if not user.is_authenticated:
        return False
    if user.has_perm("courses.manage_all_videos"):
        return True
    seller_ids = {link.page.course_page.course.seller_id for link in links}
    return user.groups.filter(seller__pk__in=seller_ids).exists()
