"""The company step of checkout: who pays the invoice and where it goes."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from oscar.apps.checkout import forms as oscar_forms

from stdnum.eu import vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

# ASCII digits only: Python's \d (and python-stdnum) also take Arabic-Indic and other digits.
POSTCODE = re.compile(r"^[0-9]{3} ?[0-9]{2}$")
ORGANISATION_NUMBER = re.compile(r"^(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}$")
PHONE = re.compile(r"^\+?[0-9\s\-()]{6,40}$")


def ascii_digits_only(value: str) -> None:
    """Refuse digits other than 0-9, with a message that says so."""
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in value):
        raise ValidationError(_("Use the digits 0-9 only."), code="non_ascii_digits")


class GatewayForm(oscar_forms.GatewayForm):
    """Oscar's gateway, without "create an account first": a guest's order creates it."""

    CHOICES = (
        (oscar_forms.GatewayForm.GUEST, _("I am a new customer: my account is created with the order")),
        (oscar_forms.GatewayForm.EXISTING, _("I have an account, and my password is")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].choices = self.CHOICES
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].required = False
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class CompanyDetailsForm(forms.Form):
    """A Swedish company paying by invoice. Every value is checked before anything is stored."""

    company_name = forms.CharField(label=_("Company name"), max_length=200)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        help_text=_("Ten digits, as in 556036-0793."),
    )
    vat_number = forms.CharField(
        label=_("VAT number"),
        max_length=20,
        required=False,
        help_text=_("Optional. Swedish VAT numbers look like SE556036079301."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    invoice_email = forms.EmailField(
        label=_("E-mail for the invoice"),
        help_text=_("The invoice and the order confirmation are sent here."),
    )
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    line1 = forms.CharField(label=_("Street address"), max_length=255)
    line2 = forms.CharField(label=_("Address line 2"), max_length=255, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=6)
    city = forms.CharField(label=_("City"), max_length=100)
    reference = forms.CharField(
        label=_("Your reference"),
        max_length=100,
        required=False,
        help_text=_("Your purchase order number or cost centre, printed on the invoice."),
    )

    AUTOCOMPLETE = {
        "company_name": "organization",
        "first_name": "given-name",
        "last_name": "family-name",
        "invoice_email": "email",
        "phone": "tel",
        "line1": "address-line1",
        "line2": "address-line2",
        "postcode": "postal-code",
        "city": "address-level2",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, token in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def clean_organisation_number(self):
        value = self.cleaned_data["organisation_number"].strip()
        ascii_digits_only(value)
        if not ORGANISATION_NUMBER.match(value.replace(" ", "")):
            raise ValidationError(
                _("This is not a valid Swedish organisation number: check the ten digits."), code="invalid"
            )
        try:
            return orgnr.format(orgnr.validate(value))
        except StdnumError:
            raise ValidationError(
                _("This is not a valid Swedish organisation number: check the ten digits."), code="invalid"
            ) from None

    def clean_vat_number(self):
        value = self.cleaned_data["vat_number"].strip()
        if not value:
            return ""
        ascii_digits_only(value)
        if not value.isascii():
            raise ValidationError(
                _("This is not a valid EU VAT number: check the country code and the digits."), code="invalid"
            )
        try:
            value = vat.validate(value)
        except StdnumError:
            raise ValidationError(
                _("This is not a valid EU VAT number: check the country code and the digits."), code="invalid"
            ) from None
        if not value.startswith("SE"):
            raise ValidationError(
                _("Enter the company's Swedish VAT number (it starts with SE)."), code="not_swedish"
            )
        return value

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        ascii_digits_only(value)
        if not POSTCODE.match(value):
            raise ValidationError(
                _("Enter a Swedish postcode of five digits, such as 111 22."), code="invalid"
            )
        digits = value.replace(" ", "")
        return f"{digits[:3]} {digits[3:]}"

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        ascii_digits_only(value)
        if value and not PHONE.match(value):
            raise ValidationError(
                _("Enter a telephone number using digits, spaces and dashes."), code="invalid"
            )
        return value

    def clean(self):
        data = super().clean()
        org, vat_number = data.get("organisation_number"), data.get("vat_number")
        if org and vat_number and vat_number != f"SE{org.replace('-', '')}01":
            self.add_error(
                "vat_number",
                ValidationError(
                    _("A Swedish VAT number is SE, the organisation number and 01: here SE%(digits)s01."),
                    params={"digits": org.replace("-", "")},
                    code="mismatch",
                ),
            )
        return data


class TermsForm(forms.Form):
    """The preview step: the buyer accepts the terms of purchase in the version shown."""

    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms of purchase"),
        error_messages={"required": _("Accept the terms of purchase to place the order.")},
    )
    terms_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, current_version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_version = current_version
        self.fields["terms_version"].initial = current_version.pk if current_version else None

    def clean(self):
        data = super().clean()
        shown = data.get("terms_version")
        current = self.current_version.pk if self.current_version else None
        if "accept_terms" in data and shown != current:
            raise ValidationError(
                _(
                    "The terms of purchase have changed since this page was opened: read them and accept them again."
                ),
                code="changed",
            )
        return data
