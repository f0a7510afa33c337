"""Wagtail admin pages of the `home` app: contact cases (home/contact/admin_views.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home.contact import admin_views
from home.contact.cases import can_handle


class ContactCasesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_handle(request.user)


@hooks.register("register_admin_urls")
def register_contact_case_urls():
    return [
        path("contact-cases/", admin_views.case_list, name="contact_cases"),
        path("contact-cases/<int:pk>/", admin_views.case_detail, name="contact_case"),
    ]


@hooks.register("register_admin_menu_item")
def register_contact_cases_menu_item():
    return ContactCasesMenuItem(_("Contact cases"), reverse("contact_cases"), icon_name="mail", order=920)
