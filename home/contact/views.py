from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from home.contact import cases, spam
from home.contact.forms import ContactForm
from home.models.contact import KEPT_MONTHS


@never_cache
def contact(request):
    """The contact page: a message that passes the spam checks opens a case. A refused one
    is shown again with the reason, and nothing is stored or mailed."""
    refusal, status = None, 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        try:
            spam.check_form(request.POST)
            if form.is_valid():
                spam.take_rate_limit(request, form.cleaned_data["email"])
                data = form.cleaned_data
                cases.open_case(
                    name=data["name"],
                    email=data["email"],
                    company=data["company"],
                    subject=data["subject"],
                    message=data["message"],
                    language=get_language(),
                    user=request.user,
                )
                return redirect("contact-sent")
            status = 400
        except spam.Refused as refused:
            refusal, status = refused.message, refused.status
        started = spam.reusable_token(request.POST)
    else:
        form = ContactForm(initial=_known(request.user))
        started = spam.new_token()
    context = {"form": form, "refusal": refusal, "started": started, "kept_months": KEPT_MONTHS}
    return render(request, "contact/contact.html", context, status=status)


def _known(user) -> dict:
    """A signed-in person's name and address, which they may change."""
    if not user.is_authenticated:
        return {}
    return {"name": user.get_full_name(), "email": user.email}


def sent(request):
    return render(request, "contact/sent.html")
