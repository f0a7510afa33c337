"""Staff pages for invoices, bank payment files and orders placed but not fulfilled.

Each view checks access, validates a form and calls one workflow (services.py,
fulfilment.py); every POST runs in one transaction.
"""

from decimal import Decimal
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import generic

from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from home.private.streaming import protected_file_response

from .. import fulfilment, services
from ..models import BgMaxImport, CreditNote, Invoice
from .forms import BgMaxUploadForm, CreditForm, InvoiceSearchForm, MarkPaidForm

Line = get_model("order", "Line")
Order = get_model("order", "Order")


class StaffPermissionMixin:
    """Staff holding every one of `permissions` (superusers hold all); anonymous users log in first.

    Sellers reach Oscar's dashboard as partner users, without is_staff: none of these pages is theirs.
    """

    permissions = ("invoicing.view_invoice",)

    @classmethod
    def allows(cls, user) -> bool:
        return user.is_active and user.is_staff and user.has_perms(cls.permissions)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
        if not self.allows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- Invoices ---------------------------------------------------------------------


class InvoiceListView(StaffPermissionMixin, generic.ListView):
    template_name = "invoicing/dashboard/invoice_list.html"
    context_object_name = "invoices"
    paginate_by = 25

    def get_queryset(self):
        self.form = InvoiceSearchForm(self.request.GET)
        # Not Invoice.objects.with_paid(): its annotation collides with the amount_paid property.
        invoices = Invoice.objects.annotate(paid_total=Sum("payments__amount", default=Decimal("0")))
        return self.form.filter(invoices.select_related("credit_note", "order").order_by("-number"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class InvoiceDetailView(StaffPermissionMixin, generic.DetailView):
    template_name = "invoicing/dashboard/invoice_detail.html"
    context_object_name = "invoice"
    slug_field = slug_url_kwarg = "number"

    def get_queryset(self):
        return Invoice.objects.select_related("order", "credit_note__created_by").prefetch_related(
            "lines", "payments__recorded_by", "payments__bgmax_import", "reminders"
        )

    def get_context_data(self, **kwargs):
        invoice, user = self.object, self.request.user
        return super().get_context_data(
            vat_rows=[{**row, "percent": (row["rate"] * 100).normalize()} for row in invoice.vat_breakdown()],
            can_mark_paid=MarkPaidView.allows(user) and invoice.status in ("open", "overdue"),
            can_credit=CreditView.allows(user) and not invoice.is_credited,
            **kwargs,
        )


def pdf_response(request, field_file, filename: str, invoice: Invoice):
    """The stored PDF as a download, or a page saying it is being rendered (404) when it is not yet."""
    if not field_file or not field_file.storage.exists(field_file.name):
        return render(request, "invoicing/dashboard/pdf_pending.html", {"invoice": invoice}, status=404)
    response = protected_file_response(request, field_file, "application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


class InvoicePdfView(StaffPermissionMixin, generic.View):
    def get(self, request, number):
        invoice = get_object_or_404(Invoice, number=number)
        filename = _("invoice-%(number)s.pdf") % {"number": invoice.number}
        return pdf_response(request, invoice.pdf, filename, invoice)


class CreditNotePdfView(StaffPermissionMixin, generic.View):
    def get(self, request, number):
        note = get_object_or_404(CreditNote.objects.select_related("invoice"), invoice__number=number)
        filename = _("credit-note-%(number)s.pdf") % {"number": note.number}
        return pdf_response(request, note.pdf, filename, note.invoice)


class InvoiceActionView(StaffPermissionMixin, generic.FormView):
    """A form about one invoice (GET asks to confirm, POST acts), then back to the invoice."""

    @cached_property
    def invoice(self) -> Invoice:
        return get_object_or_404(Invoice, number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(invoice=self.invoice, **kwargs)

    def get_success_url(self):
        return reverse("invoicing-dashboard:invoice-detail", args=[self.invoice.number])


class MarkPaidView(InvoiceActionView):
    permissions = ("invoicing.view_invoice", "invoicing.add_payment")
    template_name = "invoicing/dashboard/mark_paid.html"
    form_class = MarkPaidForm

    def form_valid(self, form):
        try:
            with transaction.atomic():
                # Locked first, so that the balance mark_paid reads cannot change under it.
                invoice = Invoice.objects.select_for_update().get(pk=self.invoice.pk)
                payment = services.mark_paid(invoice, self.request.user, paid_on=form.cleaned_data["paid_on"])
        except ValueError as exc:
            messages.error(self.request, str(exc))
        else:
            messages.success(
                self.request,
                _("Invoice %(number)s is marked paid: %(amount)s recorded.")
                % {"number": invoice.number, "amount": currency(payment.amount, invoice.currency)},
            )
        return redirect(self.get_success_url())


class CreditView(InvoiceActionView):
    permissions = ("invoicing.view_invoice", "invoicing.add_creditnote")
    template_name = "invoicing/dashboard/credit.html"
    form_class = CreditForm

    def form_valid(self, form):
        try:
            with transaction.atomic():
                note = services.credit_invoice(
                    self.invoice, form.cleaned_data["reason"], user=self.request.user
                )
        except ValueError as exc:
            messages.error(self.request, str(exc))
        else:
            messages.success(
                self.request,
                _(
                    "Credit note %(note)s issued for invoice %(number)s; the order is cancelled and "
                    "what it granted is revoked."
                )
                % {"note": note.number, "number": self.invoice.number},
            )
        return redirect(self.get_success_url())


# --- Bank payment files -------------------------------------------------------------


class BgMaxImportListView(StaffPermissionMixin, generic.ListView):
    permissions = ("invoicing.view_bgmaximport",)
    template_name = "invoicing/dashboard/bgmax_list.html"
    context_object_name = "imports"
    paginate_by = 25
    queryset = BgMaxImport.objects.select_related("uploaded_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_upload=BgMaxUploadView.allows(self.request.user), **kwargs)


class BgMaxUploadView(StaffPermissionMixin, generic.FormView):
    permissions = ("invoicing.view_bgmaximport", "invoicing.add_bgmaximport", "invoicing.add_payment")
    template_name = "invoicing/dashboard/bgmax_upload.html"
    form_class = BgMaxUploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            record = services.import_bgmax(upload.read(), upload.name, user=self.request.user)
        messages.success(
            self.request,
            _(
                "%(file)s imported: %(matched)s applied, %(unmatched)s not matched, "
                "%(duplicates)s already applied before."
            )
            % {
                "file": record.file_name,
                "matched": record.matched,
                "unmatched": record.unmatched,
                "duplicates": record.duplicates,
            },
        )
        return redirect("invoicing-dashboard:bgmax-detail", pk=record.pk)


class BgMaxImportDetailView(StaffPermissionMixin, generic.DetailView):
    permissions = ("invoicing.view_bgmaximport",)
    template_name = "invoicing/dashboard/bgmax_detail.html"
    context_object_name = "record"
    queryset = BgMaxImport.objects.select_related("uploaded_by")

    def get_context_data(self, **kwargs):
        sections = {"matched": [], "unmatched": [], "duplicates": []}
        for row in self.object.report:
            why = services.BGMAX_REASONS.get(row["why"], row["why"])  # codes; older reports hold text
            sections[row["outcome"]].append({**row, "amount": Decimal(row["amount"]), "why": why})
        return super().get_context_data(
            matched=sections["matched"],
            unmatched=sections["unmatched"],
            duplicates=sections["duplicates"],
            **kwargs,
        )


# --- Placed but not enrolled ---------------------------------------------------------


class UnfulfilledLineListView(StaffPermissionMixin, generic.ListView):
    permissions = ("invoicing.view_fulfilmentissue",)
    template_name = "invoicing/dashboard/unfulfilled.html"
    context_object_name = "lines"
    paginate_by = 50

    def get_queryset(self):
        return fulfilment.unfulfilled_lines(Line).select_related("order__billing")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_retry=RetryFulfilmentView.allows(self.request.user), **kwargs)


class RetryFulfilmentView(StaffPermissionMixin, generic.View):
    permissions = ("invoicing.view_fulfilmentissue", "invoicing.change_fulfilmentissue")

    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        # Only what the list shows: a cancelled order (or, with access on payment, an unpaid
        # one) must not be granted anything.
        if not fulfilment.unfulfilled_lines(Line).filter(order=order).exists():
            messages.info(request, _("Order %(number)s has nothing left to fulfil.") % {"number": number})
            return redirect("invoicing-dashboard:unfulfilled")
        with transaction.atomic():
            issues = fulfilment.fulfil_order(order)
        if issues:
            messages.error(
                request,
                ngettext(
                    "Order %(number)s: %(count)s line is still not fulfilled: %(reason)s",
                    "Order %(number)s: %(count)s lines are still not fulfilled: %(reason)s",
                    len(issues),
                )
                % {"number": number, "count": len(issues), "reason": issues[0].reason},
            )
        else:
            messages.success(request, _("Order %(number)s is fulfilled.") % {"number": number})
        return redirect("invoicing-dashboard:unfulfilled")
