"""Onboarding a seller: its group, its subtree of the catalogue and what the group may do there."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from oscar.core.loading import get_model

from courses.models import CourseIndexPage, Seller, SellerPage
from home import roles

Partner = get_model("partner", "Partner")

# Sellers draft and edit; publishing goes through the editors' moderation workflow.
SELLER_PAGE_PERMISSIONS = ["add_page", "change_page"]


@transaction.atomic
def onboard_seller(
    name: str, catalogue: CourseIndexPage, users=(), translations: dict | None = None
) -> Seller:
    """Create (or complete) a seller with its own group, Oscar partner and catalogue subtree.

    `translations` maps a language code to the seller page's title there; the seller's
    group gets the same rights on each translation of its page.
    """
    slug = slugify(name)
    seller = Seller.objects.filter(slug=slug).select_related("group", "partner").first()
    if seller is None:
        group, _ = Group.objects.get_or_create(name=f"Seller: {name}")
        partner, _ = Partner.objects.get_or_create(code=slug, defaults={"name": name})
        seller = Seller.objects.create(slug=slug, name=name, group=group, partner=partner)
    group, partner = seller.group, seller.partner

    page = SellerPage.objects.filter(seller=seller, locale=catalogue.locale).first()
    if page is None:
        page = catalogue.add_child(
            instance=SellerPage(title=name, slug=slug, seller=seller, locale=catalogue.locale)
        )
        page.save_revision().publish()
    for language_code, title in (translations or {}).items():
        locale = Locale.objects.get(language_code=language_code)
        if not page.has_translation(locale):
            from home.translation import translate_page

            translate_page(page, language_code, {name: title, slug: slug})

    grant_page_permissions(seller)
    sellers_group = roles.ensure_role_groups()[roles.SELLERS]
    for user in users:
        user.groups.add(group, sellers_group)
        partner.users.add(user)
    return seller


def grant_page_permissions(seller: Seller) -> None:
    """Give a seller's group its rights on its page in every language (safe to repeat)."""
    for page in SellerPage.objects.filter(seller=seller):
        for codename in SELLER_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=seller.group,
                page=page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )


def ensure_course_review(catalogue: CourseIndexPage) -> Workflow:
    """Courses submitted below the catalogue go to the editors for approval."""
    workflow, _ = Workflow.objects.get_or_create(name="Course review")
    task, created = GroupApprovalTask.objects.get_or_create(name="Editor review")
    if created or not task.groups.exists():
        task.groups.set([Group.objects.get(name=roles.EDITORS)])
    # workflow.workflow_tasks is modelcluster's in-memory relation: save the link itself.
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    return workflow
