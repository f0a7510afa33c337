from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.models.contact import MAX_MESSAGE, ContactCase


class ContactForm(forms.Form):
    """What the person writes, and the honeypot. The spam checks read the posted data (`spam`);
    the signed time stamp is a plain hidden input in the template."""

    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We reply to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    company = forms.CharField(
        label=_("Company"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=lazy(lambda: gettext("At most %(count)d characters.") % {"count": MAX_MESSAGE}, str)(),
    )
    # The honeypot (`spam.HONEYPOT`): off screen, out of the tab order, never autofilled.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class ReplyForm(forms.Form):
    """A reply mailed to the person, or a note for staff only (the button says which)."""

    body = forms.CharField(label=_("Text"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 6}))


class CaseForm(forms.Form):
    """Who handles the case and where it stands."""

    status = forms.ChoiceField(label=_("Status"), choices=ContactCase.Status.choices)
    assigned_to = forms.ModelChoiceField(label=_("Assigned to"), queryset=None, required=False)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = handlers
        self.fields["assigned_to"].empty_label = _("Nobody")
