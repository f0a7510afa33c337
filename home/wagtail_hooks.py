"""Wagtail admin pages of the `home` app: contact cases (home/contact/admin_views.py) and
sending news to the subscribers (home/newsletter/admin_views.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from home.contact import admin_views
from home.contact.cases import can_handle
from home.models import NewsPage
from home.newsletter import admin_views as newsletter_admin


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


# --- The news: sending a news page to the subscribers (home/newsletter/admin_views.py) ---


class NewsSendsMenuItem(MenuItem):
    def is_shown(self, request):
        return newsletter_admin.can_send(request.user)


@hooks.register("register_admin_urls")
def register_news_send_urls():
    return [
        path("news-sends/", newsletter_admin.send_list, name="news_sends"),
        path("news-sends/<int:pk>/", newsletter_admin.send_detail, name="news_send"),
        path("news-sends/page/<int:page_id>/", newsletter_admin.confirm_send, name="news_send_confirm"),
    ]


@hooks.register("register_admin_menu_item")
def register_news_sends_menu_item():
    return NewsSendsMenuItem(_("News sends"), reverse("news_sends"), icon_name="mail", order=930)


@hooks.register("register_page_header_buttons")
def send_to_subscribers_button(page, user, view_name, next_url=None):
    if page.live and issubclass(page.specific_class or object, NewsPage) and newsletter_admin.can_send(user):
        yield Button(
            _("Send to subscribers"),
            reverse("news_send_confirm", kwargs={"page_id": page.pk}),
            icon_name="mail",
            priority=80,
        )
