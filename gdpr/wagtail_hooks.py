"""The record of processing in Wagtail's admin (staff only), and a warning on policy pages
whose registry table is older than the registry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gdpr import record
from gdpr.policy import registry_changed_since_published


def can_see_record(user) -> bool:
    """The staff (the data-protection officer among them) and system administrators."""
    return user.is_active and (user.is_superuser or user.is_staff)


def record_view(request):
    if not can_see_record(request.user):
        raise PermissionDenied
    return TemplateResponse(request, "gdpr/admin/record.html", {"activities": record.activities()})


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_record(request.user)


@hooks.register("register_admin_urls")
def register_record_url():
    return [path("privacy/record/", record_view, name="gdpr_record")]


@hooks.register("register_admin_menu_item")
def register_record_menu_item():
    return StaffMenuItem(_("Record of processing"), reverse("gdpr_record"), icon_name="doc-full", order=900)


@hooks.register("before_edit_page")
def warn_when_registry_changed(request, page):
    if request.method == "GET" and registry_changed_since_published(page):
        messages.warning(
            request,
            _(
                "The privacy registry has changed since this policy was last published: "
                "review the policy and publish it again."
            ),
            extra_tags="privacy-registry-drift",
        )


# --- Restrictions of processing (GDPR art. 18): people ask in the privacy centre, staff lift them ---


def can_lift_restrictions(user) -> bool:
    return user.is_active and user.has_perm("gdpr.change_processingrestriction")


def restrictions_view(request):
    from django.shortcuts import redirect

    from gdpr.models import ProcessingRestriction
    from gdpr.restriction import lift_restriction

    if not can_lift_restrictions(request.user):
        raise PermissionDenied
    if request.method == "POST":
        chosen = request.POST.get("restriction", "")
        restriction = ProcessingRestriction.objects.filter(
            pk=int(chosen) if chosen.isdigit() else None, lifted_at__isnull=True
        ).first()
        if restriction is not None:
            lift_restriction(restriction.user)
            messages.success(request, _("The restriction is lifted."))
        return redirect("gdpr_restrictions")
    active = ProcessingRestriction.objects.filter(lifted_at__isnull=True).select_related("user")
    return TemplateResponse(
        request, "gdpr/admin/restrictions.html", {"restrictions": active.order_by("created_at")}
    )


class RestrictionsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_lift_restrictions(request.user)


@hooks.register("register_admin_urls")
def register_restrictions_url():
    return [path("privacy/restrictions/", restrictions_view, name="gdpr_restrictions")]


@hooks.register("register_admin_menu_item")
def register_restrictions_menu_item():
    return RestrictionsMenuItem(
        _("Restrictions of processing"), reverse("gdpr_restrictions"), icon_name="lock", order=910
    )
