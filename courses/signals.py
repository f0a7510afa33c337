"""Learning's signal handlers, and its events for other apps: certificates listen to
`course_completed`."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from wagtail.signals import page_published, page_unpublished

from courses import publishing
from courses.models import CoursePage, LessonVideo, SellerPage

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
