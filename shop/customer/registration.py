"""Registering with an e-mail address, without telling anyone whether it has an account.

Whoever registers sees the same page for every address; the address itself gets a
mail: a new one a link to choose a password (the guest checkout's link), a known one a
reminder that the account exists, with links to log in or choose a new password.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from gdpr.acceptance import accept_current
from gdpr.models import PolicyAcceptance
from shop.invoicing.mail import set_password_url


def register(email: str) -> None:
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    is_new = user is None
    if is_new:
        try:
            with transaction.atomic():
                # No password yet: following the mailed link proves the address first.
                user = User.objects.create_user(email=email, password=None)
                # What the person accepted with the form, in the language they read it.
                accept_current(user, PolicyAcceptance.Occasion.REGISTRATION)
        except IntegrityError:  # the same address registered twice at once
            user, is_new = User.objects.get(email__iexact=email), False
    _send(user, "new_account" if is_new else "existing_account")


def _send(user, name: str) -> None:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "user": user,
        "set_password_url": set_password_url(user),
        "login_url": base + reverse("customer:login"),
        "link_valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    }
    subject = render_to_string(f"shop/account/email/{name}_subject.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=render_to_string(f"shop/account/email/{name}_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
