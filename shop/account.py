"""The buyer's own pages: courses they may take (bought, or from a company's seat),
documents and invoices. Each view shows only what belongs to the signed-in user."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from wagtail.models import Locale

from courses.models import CoursePage, DocumentPurchase, Enrolment
from shop.invoicing.models import Invoice


def _course_pages(course_ids) -> dict:
    """The live page of each course in the reader's language, falling back to Swedish."""
    pages = {}
    active = Locale.get_active()
    for page in CoursePage.objects.live().filter(course_id__in=course_ids).select_related("locale"):
        if page.course_id not in pages or page.locale_id == active.pk:
            pages[page.course_id] = page
    return pages


@login_required
def my_courses(request):
    own = list(Enrolment.objects.active().filter(user=request.user).select_related("course"))
    pages = _course_pages({e.course_id for e in own})
    courses, seen = [], set()
    for enrolment in own:
        if enrolment.course_id not in seen:
            seen.add(enrolment.course_id)
            courses.append({"enrolment": enrolment, "page": pages.get(enrolment.course_id)})
    return render(request, "shop/account/courses.html", {"courses": courses})


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
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


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
