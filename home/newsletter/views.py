"""The public side of the news: signing up, confirming from the mailed link, and
unsubscribing from the link in every news mail. A link that is not ours, has expired or
was used gets a page that says so, never an error."""

from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from home.contact.spam import Refused
from home.models.newsletter import CONFIRM_DAYS
from home.newsletter import subscriptions
from home.newsletter.forms import SubscribeForm
from home.newsletter.subscriptions import Link


@never_cache
def subscribe(request):
    refusal, status = None, 200
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            try:
                subscriptions.take_rate_limit(request)
            except Refused as refused:
                refusal, status = refused.message, refused.status
            else:
                subscriptions.sign_up(form.cleaned_data["email"], language=get_language(), user=request.user)
                return redirect("news-subscribe-sent")
        else:
            status = 400
    else:
        form = SubscribeForm(initial={"email": request.user.email} if request.user.is_authenticated else {})
    context = {"form": form, "refusal": refusal, "days": CONFIRM_DAYS}
    return render(request, "newsletter/subscribe.html", context, status=status)


def subscribe_sent(request):
    return render(request, "newsletter/subscribe_sent.html", {"days": CONFIRM_DAYS})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """The link shows a button; only pressing it subscribes, so that a mail scanner that
    follows links subscribes nobody."""
    link, subscription = subscriptions.check_confirmation(token)
    if link is Link.VALID and request.method == "POST":
        if subscriptions.confirm(subscription, user=request.user):
            return render(request, "newsletter/confirmed.html", {"just_now": True})
        link = Link.INVALID  # unsubscribed or asked anew meanwhile
    if link is Link.USED:
        return render(request, "newsletter/confirmed.html", {"just_now": False})
    if link is Link.VALID:
        return render(request, "newsletter/confirm.html", {"subscription": subscription})
    return render(request, "newsletter/link_invalid.html", {"expired": link is Link.EXPIRED}, status=400)


@csrf_exempt  # RFC 8058: mail clients POST here without cookies; the signed link is the proof
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows the button, so that a mail scanner that follows links unsubscribes nobody;
    a POST (the button, or a mail client's one-click) unsubscribes. Twice is no error."""
    address = subscriptions.address_for_token(token)
    if address is None:
        return render(request, "newsletter/link_invalid.html", {"expired": False}, status=400)
    if request.method == "POST":
        ended = subscriptions.unsubscribe(address, language=get_language())
        return render(request, "newsletter/unsubscribed.html", {"already": not ended})
    subscription = subscriptions.current(address)
    if subscription is None:
        return render(request, "newsletter/unsubscribed.html", {"already": True})
    return render(request, "newsletter/unsubscribe.html", {"subscription": subscription})
