"""Cookie settings: the banner posts here, and the footer's "Cookie settings" opens it.

A plain form post, CSRF-protected, so it works without JavaScript. A post that is not
one of our forms (an unknown category or action), or that was made against cookies
that have changed since, saves nothing and says why.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from gdpr import cookies
from gdpr.models import CookieConsent
from home.contact.spam import count_this_hour, network

# Each choice is stored as proof for 24 months: a script must not fill the table. A big
# office behind one address stays far below this.
MAX_CHOICES_PER_NETWORK_HOUR = 300


class CookieChoiceForm(forms.Form):
    action = forms.ChoiceField(
        choices=CookieConsent.Action.choices,
        error_messages={
            "required": _("Choose one of the buttons."),
            "invalid_choice": _("Choose one of the buttons."),
        },
    )
    categories = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the categories listed.")},
    )
    version = forms.CharField(max_length=40)

    def __init__(self, *args, declarations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [(c.key, c.name) for c in declarations.optional]

    def allowed(self, declarations) -> frozenset[str]:
        action = self.cleaned_data["action"]
        if action == CookieConsent.Action.ACCEPT_ALL:
            return declarations.keys
        if action == CookieConsent.Action.REJECT_ALL:
            return frozenset()
        return frozenset(self.cleaned_data["categories"])


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return f"/{get_language()}/"


@require_http_methods(["GET", "POST"])
def cookie_settings(request):
    current = cookies.declarations_for(request)
    next_url = _next_url(request)
    form = CookieChoiceForm(request.POST or None, declarations=current)
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["version"] != current.version:
            messages.warning(
                request,
                _("The cookies we use changed while you were choosing. Please look again, then choose."),
            )
            return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
        if (
            form.is_valid()
            and count_this_hour(f"consent:network:{network(request)}") > MAX_CHOICES_PER_NETWORK_HOUR
        ):
            messages.error(
                request,
                _("Too many cookie choices came from your network in the last hour. Please try again later."),
            )
            return render(
                request,
                "gdpr/cookies/settings.html",
                {"form": form, "declarations": current, "next": next_url, "consent": request.consent},
                status=429,
            )
        if form.is_valid():
            cookies.record(request, form.cleaned_data["action"], form.allowed(current))
            messages.success(
                request,
                _(
                    "Your choice is saved. You can change it at any time under “Cookie settings” "
                    "at the bottom of every page."
                ),
            )
            return redirect(next_url)
        status = 400
    return render(
        request,
        "gdpr/cookies/settings.html",
        {"form": form, "declarations": current, "next": next_url, "consent": request.consent},
        status=status,
    )
