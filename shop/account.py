"""The buyer's own pages: documents and invoices (My learning is in courses).
Each view shows only what belongs to the signed-in user."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from courses.models import DocumentPurchase
from home.private.views import private_file_response
from shop.invoicing.models import Invoice


@login_required
def my_documents(request):
    purchases = (
        DocumentPurchase.objects.active()
        .filter(user=request.user)
        .select_related("document_product__product", "document_product__document")
    )
    return render(request, "shop/account/documents.html", {"purchases": purchases})


@login_required
def download_document(request, pk):
    purchase = get_object_or_404(
        DocumentPurchase.objects.active().select_related("document_product__document"),
        pk=pk,
        user=request.user,
    )
    document = purchase.document_product.document
    # From the private storage, by nginx in production, as a download under its own name.
    return private_file_response(request, document.file, filename=document.filename)


@login_required
def my_invoices(request):
    invoices = (
        Invoice.objects.filter(order__user=request.user).select_related("order", "credit_note").with_paid()
    )
    return render(request, "shop/account/invoices.html", {"invoices": invoices})


@login_required
def download_invoice(request, number, kind="invoice"):
    invoice = get_object_or_404(
        Invoice.objects.select_related("credit_note"), number=number, order__user=request.user
    )
    record = invoice if kind == "invoice" else getattr(invoice, "credit_note", None)
    if record is None or not record.pdf:
        raise Http404(_("The PDF is still being prepared. Please try again in a minute."))
    prefix = _("invoice") if kind == "invoice" else _("credit-note")
    name = f"{prefix}-{record.number}.pdf"
    return FileResponse(
        record.pdf.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )
