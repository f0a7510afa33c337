"""Certificates in the Wagtail admin: the designs editors manage, and the issued
certificates staff look up and revoke."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates import admin_views
from certificates.models import CertificateDesign


class CertificateDesignViewSet(SnippetViewSet):
    model = CertificateDesign
    icon = "doc-full"
    menu_label = _("Certificate designs")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["name", "updated_at"]
    search_fields = ["name"]


register_snippet(CertificateDesignViewSet)


class IssuedCertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_manage(request.user)


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path("certificates/", admin_views.certificate_list, name="certificates_admin_list"),
        path("certificates/<int:pk>/", admin_views.certificate_detail, name="certificates_admin_detail"),
    ]


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return IssuedCertificatesMenuItem(
        _("Issued certificates"), reverse("certificates_admin_list"), icon_name="tick-inverse", order=275
    )
