from django import forms
from django.utils.translation import gettext_lazy as _

from oscar.apps.customer.forms import *  # noqa: F403  (get_class finds every other form here)
from oscar.apps.customer.utils import normalise_email


class RegistrationForm(forms.Form):
    """Only an e-mail address: the mail sent to it carries the link to choose a password.

    Unlike Oscar's EmailUserCreationForm it never says that an address has an account.
    """

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    accept = forms.BooleanField(
        label=_("I accept the terms of purchase and the personal data policy"),
        error_messages={
            "required": _("Accept the terms of purchase and the personal data policy to create an account.")
        },
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])
