"""Mails about companies and seats, each in the language of the person it is for.

A mail is three templates, `<name>_subject.txt`, `<name>_body.txt` and
`<name>_body.html`, under `templates/companies/email/` unless `directory` says otherwise.
"""

import html

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Invitation, JoinRequest


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def sender_name() -> str:
    from wagtail.models import Site

    from home.models import CompanySettings

    site = Site.objects.filter(is_default_site=True).first()
    return CompanySettings.for_site(site).name if site else CompanySettings._meta.get_field("name").default


def send(
    name: str,
    context: dict,
    to: list[str],
    language: str,
    *,
    directory: str = "companies/email",
    attachments: tuple[tuple[str, bytes, str], ...] = (),
    headers: dict[str, str] | None = None,
    connection=None,
) -> None:
    """`attachments`: (file name, content, MIME type) each; `headers`, extra mail headers
    (a news mail's List-Unsubscribe); `connection`, one kept open for a batch of mails."""
    with translation.override(language):
        context = {"site_url": absolute("/"), "sender": sender_name(), **context}
        subject = render_to_string(f"{directory}/{name}_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=html.unescape(" ".join(subject.split())),  # autoescaped: "&" came out "&amp;"
            body=render_to_string(f"{directory}/{name}_body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=to,
            headers=headers,
            connection=connection,
        )
        message.attach_alternative(render_to_string(f"{directory}/{name}_body.html", context), "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def invitation_url(token: str, language: str) -> str:
    with translation.override(language):
        return absolute(reverse("company-invitation", kwargs={"token": token}))


def send_invitation(invitation: Invitation, token: str, courses: list[str]) -> None:
    """`courses`: the titles of the seats waiting, in the invitation's language."""
    send(
        "invitation",
        {
            "invitation": invitation,
            "company": invitation.company,
            "inviter": invitation.invited_by,
            "courses": courses,
            "url": invitation_url(token, invitation.language),
            "days": settings.COMPANY_INVITATION_DAYS,
        },
        [invitation.email],
        invitation.language,
    )


def send_join_request(join_request: JoinRequest) -> None:
    """To each administrator of the company asked."""
    company = join_request.company
    for membership in company.administrators():
        language = settings.LANGUAGE_CODE
        with translation.override(language):
            url = absolute(reverse("account-company", kwargs={"pk": company.pk}))
        send(
            "join_request",
            {"join_request": join_request, "company": company, "person": join_request.user, "url": url},
            [membership.user.email],
            language,
        )


def send_join_answer(join_request: JoinRequest) -> None:
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        url = absolute(reverse("account-companies"))
    send(
        "join_answer",
        {"join_request": join_request, "company": join_request.company, "url": url},
        [join_request.user.email],
        language,
    )
