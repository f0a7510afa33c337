"""Learning's signal handlers, and its events for other apps: certificates listen to
`course_completed`."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal, receiver

from wagtail.signals import page_published, page_unpublished

from courses import publishing, search_index, search_results
from courses.models import CoursePage, Instructor, LessonVideo, SearchDocument, SellerPage, Subject

# Sent once per learner and course, after the transaction that stored the completion
# committed; `completion` is the courses.CourseCompletion.
course_completed = Signal()


@receiver(page_published, sender=CoursePage)
def course_page_published(sender, instance, **kwargs):
    publishing.sync_course_from_page(instance)


@receiver(page_unpublished, sender=CoursePage)
def course_page_unpublished(sender, instance, **kwargs):
    publishing.withdraw_course_if_unpublished(instance)


@receiver(post_save, sender=SellerPage)
def seller_page_saved(sender, instance, created, **kwargs):
    # A translation made in the admin gets the seller's rights like the original.
    if created:
        from courses.sellers import grant_page_permissions

        grant_page_permissions(instance.seller)


@receiver(post_delete, sender=LessonVideo)
def video_deleted(sender, instance, **kwargs):
    """A deleted video's upload and processed files go too, once the deletion is committed."""
    from courses.video_processing import delete_output

    name, output_dir = instance.file.name, instance.output_dir

    def remove():
        if name:
            instance.file.storage.delete(name)
        if output_dir:
            delete_output(output_dir)

    transaction.on_commit(remove)


# The site search's documents (courses/search_index.py). Publishing and unpublishing save
# the page; deleting it deletes its document, which counts its words out.
def search_page_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw:
        search_index.page_saved(instance, update_fields)


for model in search_index.KINDS:
    post_save.connect(search_page_saved, sender=model, dispatch_uid=f"search-page-saved-{model.__name__}")


@receiver(post_delete, sender=SearchDocument)
def search_document_deleted(sender, instance, **kwargs):
    search_index.document_deleted(instance)


# Cached search results and course pages show prices (courses/search_results.py,
# courses/catalogue.py), and a course page the documents sold with it.
for model in (
    "catalogue.Product",
    "catalogue.ProductClass",
    "partner.StockRecord",
    "courses.DocumentProduct",
):
    post_save.connect(
        search_results.prices_changed, sender=model, dispatch_uid=f"search-prices-saved-{model}"
    )
    post_delete.connect(
        search_results.prices_changed, sender=model, dispatch_uid=f"search-prices-deleted-{model}"
    )


@receiver(post_save, sender=Subject)
def subject_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        search_index.subject_changed(instance)


@receiver(post_save, sender=Instructor)
def instructor_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        search_index.instructor_changed(instance)


@receiver(pre_delete, sender=Subject)
@receiver(pre_delete, sender=Instructor)
def names_deleting(sender, instance, **kwargs):
    # Their courses lose the name once the deletion has cascaded: found now, indexed after.
    lookup = {"subject": instance} if sender is Subject else {"instructors__instructor": instance}
    instance._search_courses = search_index.courses_of(**lookup)


@receiver(post_delete, sender=Subject)
@receiver(post_delete, sender=Instructor)
def names_deleted(sender, instance, **kwargs):
    search_index.reindex_courses(getattr(instance, "_search_courses", []))
