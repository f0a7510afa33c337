"""Organisation numbers, VAT numbers, postcodes and telephone numbers take the digits 0-9
only: Python's \\d and python-stdnum also accept Arabic-Indic and other digits."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

import pytest

from shop.checkout.forms import CompanyDetailsForm
from tests.shop.test_checkout import COMPANY, add_to_basket, course, go_to_company_step  # noqa: F401

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organisation_number", "559251-4557".translate(ARABIC_INDIC)),
        ("organisation_number", "5560360793".translate(FULL_WIDTH)),
        ("vat_number", "SE559251455701".translate(ARABIC_INDIC)),
        ("postcode", "111 22".translate(ARABIC_INDIC)),
        ("phone", "08-123 456 78".translate(ARABIC_INDIC)),
    ],
)
def test_digits_other_than_ascii_are_refused_with_a_clear_message(field, value, language):
    with translation.override(language):
        form = CompanyDetailsForm(
            data={**COMPANY, "organisation_number": "559251-4557", "vat_number": "", field: value}
        )
        assert not form.is_valid()
        assert form.errors[field] == [_("Use the digits 0-9 only.")]


def test_ascii_values_still_pass():
    form = CompanyDetailsForm(
        data={**COMPANY, "organisation_number": "559251-4557", "vat_number": "SE559251455701"}
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["organisation_number"], form.cleaned_data["postcode"]) == (
        "559251-4557",
        "111 22",
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_company_step_shows_the_message_in_the_buyers_language(client, buyer, course, language):  # noqa: F811
    with translation.override(language):
        client.force_login(buyer)
        add_to_basket(client, course.product)
        go_to_company_step(client)
        data = {**COMPANY, "organisation_number": "٥٥٩٢٥١-٤٥٥٧", "vat_number": "", "postcode": "١١١ ٢٢"}
        response = client.post(reverse("checkout:payment-method"), data)

        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()
        assert response.content.decode().count(_("Use the digits 0-9 only.")) == 2
