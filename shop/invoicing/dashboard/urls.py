"""Mounted at /dashboard/invoicing/ (config/urls.py), ahead of Oscar's dashboard."""

from django.urls import path

from . import views

app_name = "invoicing-dashboard"

urlpatterns = [
    path("invoices/", views.InvoiceListView.as_view(), name="invoice-list"),
    path("invoices/<int:number>/", views.InvoiceDetailView.as_view(), name="invoice-detail"),
    path("invoices/<int:number>/invoice.pdf", views.InvoicePdfView.as_view(), name="invoice-pdf"),
    path("invoices/<int:number>/credit-note.pdf", views.CreditNotePdfView.as_view(), name="credit-note-pdf"),
    path("invoices/<int:number>/mark-paid/", views.MarkPaidView.as_view(), name="mark-paid"),
    path("invoices/<int:number>/credit/", views.CreditView.as_view(), name="credit"),
    path("bgmax/", views.BgMaxImportListView.as_view(), name="bgmax-list"),
    path("bgmax/upload/", views.BgMaxUploadView.as_view(), name="bgmax-upload"),
    path("bgmax/<int:pk>/", views.BgMaxImportDetailView.as_view(), name="bgmax-detail"),
    path("unfulfilled/", views.UnfulfilledLineListView.as_view(), name="unfulfilled"),
    path("unfulfilled/<str:number>/retry/", views.RetryFulfilmentView.as_view(), name="retry-fulfilment"),
]
