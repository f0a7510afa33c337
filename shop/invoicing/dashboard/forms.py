import re

from django import forms
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..bgmax import BgMaxError, parse_bgmax
from ..models import INVOICE_STATUS_LABELS

MAX_BGMAX_SIZE = 5 * 1024 * 1024  # a day's file is a few kilobytes; this is far above any real one


class InvoiceSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Invoice number, OCR reference, order number, company or organisation number"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *INVOICE_STATUS_LABELS.items()],
    )

    def filter(self, invoices):
        """`invoices` narrowed to what the form asks for (all of them if it is invalid)."""
        if not self.is_valid():
            return invoices
        status = self.cleaned_data["status"]
        today = timezone.localdate()
        if status == "open":
            invoices = invoices.open().filter(due_date__gte=today)
        elif status == "overdue":
            invoices = invoices.overdue(on=today)
        elif status == "paid":
            invoices = invoices.filter(paid_at__isnull=False, credit_note__isnull=True)
        elif status == "credited":
            invoices = invoices.filter(credit_note__isnull=False)
        query = self.cleaned_data["q"].strip()
        if query:
            invoices = invoices.filter(self._matching(query))
        return invoices

    @staticmethod
    def _matching(query: str) -> Q:
        match = Q(buyer_name__icontains=query) | Q(ocr=query) | Q(order__number=query)
        digits = re.sub(r"[\s-]", "", query)
        if digits.isascii() and digits.isdigit():  # int() takes "٥" and refuses "²"
            match |= Q(ocr=digits)
            if len(digits) <= 18:
                match |= Q(number=int(digits))
            if len(digits) in (10, 12):  # an organisation number, stored as NNNNNN-NNNN
                match |= Q(buyer_organisation_number=f"{digits[-10:-4]}-{digits[-4:]}")
        return match


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Payment date"),
        help_text=_("The day the money reached our account."),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("The payment date cannot be in the future."))
        return paid_on


class CreditForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Printed on the credit note the buyer receives."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BgMaxUploadForm(forms.Form):
    file = forms.FileField(
        label=_("BgMax file"),
        help_text=_("The payment file from Bankgirot (BgMax format)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BGMAX_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s; a BgMax file may be at most %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BGMAX_SIZE)},
            )
        data = upload.read()
        try:
            parse_bgmax(data)
        except BgMaxError as exc:
            raise forms.ValidationError(
                _("The file was not imported, nothing in it was applied: %(problem)s"),
                params={"problem": str(exc)},
            ) from exc
        upload.seek(0)
        return upload
