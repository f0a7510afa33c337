import re

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from certificates.urls import machine_urlpatterns as certificate_machine_urls
from courses import learning_views, seat_views
from courses import views as courses_views
from gdpr import cookie_views
from gdpr import views as privacy_views
from home import search
from home import views as home_views
from home.private import views as private_views
from shop import account
from shop.companies import views as company_views

# Not language-prefixed: machines and staff tools.
urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", include(wagtailadmin_urls)),
    path("dashboard/invoicing/", include("shop.invoicing.dashboard.urls")),
    path("dashboard/", apps.get_app_config("dashboard").urls),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "learning/lessons/<int:lesson_id>/progress/", learning_views.progress_report, name="lesson-progress"
    ),
    path("learning/lessons/<int:lesson_id>/done/", learning_views.lesson_done, name="lesson-done"),
    *certificate_machine_urls,
    # Course material, by signed URL only (home/private/signing.py).
    path("private/<str:token>/<path:name>", private_views.serve_private, name="private-file"),
]

if settings.DEBUG:
    # Public uploads, as nginx serves them in production: never Wagtail's documents.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", private_views.serve_public_media
        )
    ]

# Public pages: /sv/... and /en/...; "/" redirects by the browser's language.
# Oscar's pages live under shop/ so they never meet Wagtail's; Wagtail's catch-all is last.
urlpatterns += i18n_patterns(
    path("shop/catalogue/", courses_views.oscar_catalogue, name="oscar-catalogue"),
    path("shop/accounts/courses/", learning_views.learning_home, name="account-courses"),
    path("shop/accounts/privacy/", privacy_views.privacy_centre, name="account-privacy"),
    path("shop/accounts/privacy/export/", privacy_views.ask_for_export, name="account-privacy-export"),
    path(
        "shop/accounts/privacy/restrict/", privacy_views.ask_for_restriction, name="account-privacy-restrict"
    ),
    path("shop/accounts/privacy/object/", privacy_views.object_to_marketing, name="account-privacy-object"),
    path("shop/accounts/privacy/delete/", privacy_views.delete_account, name="account-delete"),
    path("shop/accounts/deleted/", privacy_views.deletion_scheduled, name="account-deletion-scheduled"),
    path("shop/accounts/privacy/extract/", privacy_views.ask_for_extract, name="account-privacy-ask-extract"),
    path("shop/accounts/privacy/extract/show/", privacy_views.show_extract, name="account-privacy-extract"),
    path(
        "shop/accounts/privacy/extract/pdf/",
        privacy_views.ask_for_extract_pdf,
        name="account-privacy-extract-pdf",
    ),
    path(
        "shop/accounts/privacy/profiling/",
        privacy_views.object_to_profiling,
        name="account-privacy-profiling",
    ),
    path("shop/accounts/privacy/ask/<str:kind>/", privacy_views.ask_staff, name="account-privacy-ask"),
    path("privacy/confirm/<str:token>/", privacy_views.confirm_request, name="privacy-request-confirm"),
    path("shop/accounts/policies/", privacy_views.accept_policies, name="account-accept-policies"),
    path(
        "shop/accounts/deletion/<str:token>/", privacy_views.cancel_deletion, name="account-deletion-cancel"
    ),
    path(
        "shop/accounts/privacy/export/<int:pk>/status/",
        privacy_views.export_status,
        name="account-privacy-export-status",
    ),
    path(
        "shop/accounts/privacy/export/<int:pk>/download/",
        privacy_views.download_export,
        name="account-privacy-export-download",
    ),
    path("shop/accounts/documents/", account.my_documents, name="account-documents"),
    path("shop/accounts/documents/<int:pk>/", account.download_document, name="account-document"),
    path("shop/accounts/invoices/", account.my_invoices, name="account-invoices"),
    path("shop/accounts/invoices/<int:number>.pdf", account.download_invoice, name="account-invoice-pdf"),
    path(
        "shop/accounts/invoices/<int:number>/credit-note.pdf",
        account.download_invoice,
        {"kind": "credit-note"},
        name="account-credit-note-pdf",
    ),
    path("shop/accounts/companies/", company_views.company_list, name="account-companies"),
    path("shop/accounts/companies/<int:pk>/", company_views.company_detail, name="account-company"),
    path("shop/accounts/companies/<int:pk>/join/", company_views.ask_to_join, name="account-company-join"),
    path("shop/accounts/invitations/<str:token>/", company_views.invitation, name="company-invitation"),
    path("shop/accounts/seats/", seat_views.seat_pools, name="account-seats"),
    path("shop/accounts/seats/<int:pk>/", seat_views.seat_pool, name="account-seat-pool"),
    path("", include("courses.evaluation_urls")),
    path("", include("certificates.urls")),
    path("", include("home.contact_urls")),
    path("", include("home.news_urls")),
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
    path("search/", search.search, name="search"),
    path("cookies/", cookie_views.cookie_settings, name="cookie-settings"),
    path("", include(wagtail_urls)),
)
