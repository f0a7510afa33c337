"""Who may download a document: lesson material like the lesson's video, and documents
sold in the shop only to their buyers (and to their seller and the editors)."""

from courses.access import enrolled_course_ids
from courses.models import DocumentProduct, DocumentPurchase, LessonDocument


def may_download(user, document) -> bool:
    links = LessonDocument.objects.filter(document=document).select_related("page")
    sold = list(DocumentProduct.objects.filter(document=document))
    if not links and not sold:
        return True  # not course material (e.g. a document linked from a news item)
    if any(link.page.live and link.page.free_preview and link.page.course_page.live for link in links):
        return True
    if not user.is_authenticated:
        return False
    if user.has_perm("courses.manage_all_videos"):
        return True
    courses = {link.page.course_page.course for link in links}
    seller_ids = {course.seller_id for course in courses} | {item.seller_id for item in sold}
    if user.groups.filter(seller__pk__in=seller_ids).exists():
        return True
    if courses and enrolled_course_ids(user) & {course.pk for course in courses}:
        return True
    return DocumentPurchase.objects.active().filter(user=user, document_product__in=sold).exists()
