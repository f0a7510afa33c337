from django import forms
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    """The address to send news to; its owner confirms it from the mail we send."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
