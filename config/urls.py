from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courses import seat_views
from courses import views as courses_views
from home import search
from home import views as home_views
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
    path("video/", include("courses.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages: /sv/... and /en/...; "/" redirects by the browser's language.
# Oscar's pages live under shop/ so they never meet Wagtail's; Wagtail's catch-all is last.
urlpatterns += i18n_patterns(
    path("shop/catalogue/", courses_views.oscar_catalogue, name="oscar-catalogue"),
    path("shop/accounts/courses/", account.my_courses, name="account-courses"),
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
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
    path("search/", search.search, name="search"),
    path("", include(wagtail_urls)),
)
