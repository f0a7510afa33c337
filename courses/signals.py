from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from courses import publishing
from courses.models import CoursePage, SellerPage


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
