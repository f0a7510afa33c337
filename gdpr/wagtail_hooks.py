"""The record of processing in Wagtail's admin (staff only), with its PDF and CSV, and a
warning on policy pages whose registry table is older than the registry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gdpr import record
from gdpr.models import CookieCategory, CookieConsent
from gdpr.policy import registry_changed_since_published
from home.models import CompanySettings


def can_see_record(user) -> bool:
    """The staff (the data-protection officer among them) and system administrators."""
    return user.is_active and (user.is_superuser or user.is_staff)


def record_view(request):
    if not can_see_record(request.user):
        raise PermissionDenied
    the_record = record.build(CompanySettings.for_request(request))
    return TemplateResponse(request, "gdpr/admin/record.html", {"record": the_record})


def record_download_view(request, extension):
    """The record as a PDF or CSV file, in the admin user's language (Wagtail activates it)."""
    if not can_see_record(request.user):
        raise PermissionDenied
    the_record = record.build(CompanySettings.for_request(request))
    if extension == "pdf":
        response = HttpResponse(record.as_pdf(the_record), content_type="application/pdf")
    else:
        # With a byte order mark, so that a spreadsheet opens the Swedish letters as UTF-8.
        response = HttpResponse(
            record.as_csv(the_record).encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = content_disposition_header(True, record.filename(the_record, extension))
    return response


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_record(request.user)


@hooks.register("register_admin_urls")
def register_record_url():
    return [
        path("privacy/record/", record_view, name="gdpr_record"),
        path("privacy/record/pdf/", record_download_view, {"extension": "pdf"}, name="gdpr_record_pdf"),
        path("privacy/record/csv/", record_download_view, {"extension": "csv"}, name="gdpr_record_csv"),
    ]


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
            lift_restriction(restriction.user, by=request.user)
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


# --- Privacy requests, customer lookup and the audit log (gdpr/admin_views.py) ---


@hooks.register("register_admin_urls")
def register_privacy_request_urls():
    from gdpr import admin_views

    return [
        path("privacy/requests/", admin_views.queue, name="gdpr_queue"),
        path("privacy/requests/new/", admin_views.new_request, name="gdpr_new_request"),
        path("privacy/requests/<int:pk>/", admin_views.request_detail, name="gdpr_request"),
        path(
            "privacy/requests/<int:pk>/<str:what>/",
            admin_views.request_download,
            name="gdpr_request_download",
        ),
        path("privacy/people/", admin_views.customers, name="gdpr_customers"),
        path("privacy/people/<int:user_id>/", admin_views.person, name="gdpr_person"),
        path("privacy/audit/", admin_views.audit_log, name="gdpr_audit"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, check, **kwargs):
        self.check = check
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.check(request.user)


@hooks.register("register_admin_menu_item")
def register_privacy_requests_menu_item():
    from gdpr.admin_views import can_handle

    return PermissionMenuItem(
        _("Privacy requests"), reverse("gdpr_queue"), icon_name="clipboard-list", order=905, check=can_handle
    )


@hooks.register("register_admin_menu_item")
def register_customers_menu_item():
    from gdpr.admin_views import can_handle

    return PermissionMenuItem(
        _("Customer lookup"), reverse("gdpr_customers"), icon_name="user", order=906, check=can_handle
    )


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    from gdpr.admin_views import can_audit

    return PermissionMenuItem(
        _("Privacy audit log"), reverse("gdpr_audit"), icon_name="history", order=915, check=can_audit
    )


class CookieCategoryViewSet(SnippetViewSet):
    """Settings → Cookies: the categories visitors choose among and the cookies in each, in
    every language (translated with wagtail-localize like any snippet)."""

    model = CookieCategory
    icon = "cog"
    menu_label = _("Cookies")
    add_to_settings_menu = True
    list_display = ["name", "key", "locale"]


register_snippet(CookieCategoryViewSet)


# --- Reports → Statistics: first-party, aggregated (gdpr/statistics.py) ---


@hooks.register("register_admin_urls")
def register_statistics_url():
    from gdpr.statistics_views import report_view

    return [path("statistics/", report_view, name="gdpr_statistics")]


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    from gdpr.statistics_views import can_see_statistics

    return PermissionMenuItem(
        _("Statistics"), reverse("gdpr_statistics"), icon_name="table", order=1300, check=can_see_statistics
    )


class ProofPermissionPolicy(ModelPermissionPolicy):
    """A proof is made by the visitor's choice only: nobody adds or changes one here."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)


register_permission_policy(CookieConsent, ProofPermissionPolicy(CookieConsent))


class CookieConsentViewSet(ModelViewSet):
    """The proofs of cookie choices, found by the consent id a visitor quotes (the cookie
    settings page shows it). Nobody adds or edits one here; the data-protection officer
    may delete a visitor's records on request."""

    model = CookieConsent
    icon = "tick-inverse"
    menu_label = _("Cookie consents")
    menu_order = 940
    add_to_admin_menu = True
    list_display = ["consent_id", "given_at", "action", "allowed", "cookie_policy_version", "language"]
    list_filter = ["action", "language"]
    search_fields = ["consent_id"]
    form_fields = []
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_cookie_consents():
    return CookieConsentViewSet("cookie_consents")
