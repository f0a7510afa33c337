from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from gdpr.erasure_actions import rows_anonymised
from home.caching import CERTIFICATES, VIDEOS, changed, structure_changed
from home.models import PolicyPage
from home.policies import record_policy_version


@receiver(page_published, sender=PolicyPage)
def policy_published(sender, instance, **kwargs):
    record_policy_version(instance)


# Menus and filter options are cached until the page tree changes.
for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
    signal.connect(structure_changed, dispatch_uid=f"structure-changed-{signal!r}")


# Deleting a live page sends page_unpublished. Other changes that alter what menus,
# filters, cards and cached pages show: a page's privacy, a site's root, subjects,
# instructors, images, and the cookies declared (what the banner lists, and the consent
# version).
for model in (
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "courses.Subject",
    "courses.Instructor",
    "wagtailimages.Image",
    "gdpr.CookieCategory",
    "gdpr.CookieDeclaration",
):
    post_save.connect(structure_changed, sender=model, dispatch_uid=f"structure-saved-{model}")
    post_delete.connect(structure_changed, sender=model, dispatch_uid=f"structure-deleted-{model}")


@receiver(post_save, sender="home.CompanySettings", dispatch_uid="structure-settings-changed")
def settings_changed(sender, instance, created, **kwargs):
    """Changed site settings may name other policies for people to accept
    (gdpr/acceptance.py). Not on creation: Wagtail creates the empty row on a page's first
    look at it, and that must not empty the caches in the middle of a request."""
    if not created:
        structure_changed()


# A certificate's verification page is cached (certificates/views.py): issuing, revoking,
# reissuing, deleting or anonymising one drops it.
def certificates_changed(**kwargs) -> None:
    changed(CERTIFICATES)


post_save.connect(certificates_changed, sender="certificates.Certificate", dispatch_uid="certificates-saved")
post_delete.connect(
    certificates_changed, sender="certificates.Certificate", dispatch_uid="certificates-deleted"
)


@receiver(rows_anonymised, dispatch_uid="cached-pages-anonymised")
def rows_anonymised_changed(sender, **kwargs):
    """An instructor's or a certificate's name may be on a cached page."""
    if sender._meta.label == "certificates.Certificate":
        changed(CERTIFICATES)
    elif sender._meta.label == "courses.Instructor":
        structure_changed()


# A video's processing state and length, which course pages show (home/page_cache.py,
# courses/catalogue.py).
def videos_changed(**kwargs) -> None:
    changed(VIDEOS)


post_save.connect(videos_changed, sender="courses.LessonVideo", dispatch_uid="videos-saved")
post_delete.connect(videos_changed, sender="courses.LessonVideo", dispatch_uid="videos-deleted")
