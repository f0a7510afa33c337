"""Certificates' URLs: `urlpatterns` under a language prefix, `machine_urlpatterns` without one."""

from django.urls import path

from certificates import views

urlpatterns = [
    path("shop/accounts/certificates/", views.my_certificates, name="account-certificates"),
    path("shop/accounts/certificates/name/", views.set_name, name="account-certificate-name"),
    path(
        "shop/accounts/certificates/<int:pk>/certificate.pdf",
        views.download_pdf,
        name="account-certificate-pdf",
    ),
    path(
        "shop/accounts/certificates/<int:pk>/credential.json",
        views.download_credential,
        name="account-certificate-credential",
    ),
    path("shop/accounts/certificates/<int:pk>/share/", views.set_shared, name="account-certificate-share"),
    path(
        "shop/accounts/certificates/<int:pk>/reissue/",
        views.request_reissue,
        name="account-certificate-reissue",
    ),
    path("certificates/verify/", views.verify_form, name="certificate-verify-form"),
    path("certificates/verify/<str:code>/", views.verify, name="certificate-verify"),
    path("certificates/<str:code>/", views.shared_page, name="certificate-shared"),
]

# Stable URLs named inside every credential: never translated, never moved.
machine_urlpatterns = [
    path("certificates/issuer", views.issuer, name="certificate-issuer"),
    path("certificates/keys/<str:multibase>", views.key, name="certificate-key"),
    path("certificates/status/<int:number>", views.status_list, name="certificate-status-list"),
]
