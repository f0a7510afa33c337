from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home.caching import structure_changed
from home.models import PolicyPage
from home.policies import record_policy_version


@receiver(page_published, sender=PolicyPage)
def policy_published(sender, instance, **kwargs):
    record_policy_version(instance)


# Menus and filter options are cached until the page tree changes.
for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
    signal.connect(structure_changed, dispatch_uid=f"structure-changed-{signal!r}")


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        structure_changed()


@receiver(post_save, sender="courses.Subject")
def subject_saved(sender, **kwargs):
    structure_changed()


@receiver(post_save, sender="wagtailimages.Image")
def image_saved(sender, **kwargs):
    # A replaced image file gets new renditions; cached cards must not keep the old URL.
    structure_changed()
