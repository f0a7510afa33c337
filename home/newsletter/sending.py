"""Sending a news page to the subscribers. `start_send` queues a news item once, whichever
of its translations the editor sends from; the task sends it `BATCH_SIZE` subscribers at a
time (`send_batch`), each in their language. Each subscriber's mail is claimed with a row
in the database, committed before the mail leaves, under a unique (send, subscription):
a run repeated after a crash goes on where it stopped and never mails anyone twice. The
price is at most one mail per crash that may not have left (at most once)."""

from __future__ import annotations

import html
import logging
import re
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from wagtail.models import Locale

from gdpr.models import ProcessingRestriction, SuppressedAddress
from gdpr.registry import Purpose
from gdpr.restriction import is_restricted
from gdpr.suppression import is_suppressed
from home.models import NewsDelivery, NewsPage, NewsSend, NewsSubscription
from home.newsletter.subscriptions import unsubscribe_url

BATCH_SIZE = 100
Status = NewsSend.Status
logger = logging.getLogger(__name__)


def recipients(send: NewsSend | None = None):
    """Subscriptions that may be sent news now, without a mail of `send` yet: confirmed,
    their address not on the suppression list, their account's processing not restricted."""
    found = (
        NewsSubscription.objects.filter(status=NewsSubscription.Status.CONFIRMED)
        .exclude(address_hash__in=SuppressedAddress.objects.values("address_hash"))
        .exclude(user__in=ProcessingRestriction.objects.filter(lifted_at__isnull=True).values("user"))
    )
    if send is not None:
        found = found.exclude(deliveries__send=send)
    return found


def in_language(page: NewsPage, language: str) -> NewsPage:
    """The page's live translation in `language`, or the page itself."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    return translated.specific if translated is not None and translated.live else page


def audience(page: NewsPage) -> list[dict]:
    """Per language: how many subscribers, and the title they would get."""
    counts = dict(recipients().values_list("language").annotate(count=Count("pk")))
    return [
        {"language": name, "count": counts.get(code, 0), "title": in_language(page, code).title}
        for code, name in settings.LANGUAGES
    ]


def start_send(page: NewsPage, *, by) -> tuple[NewsSend, bool]:
    """Queue `page` for the subscribers; (the send, whether it is new). A news item is sent
    once: asking again, from any of its translations, gives the first send back."""
    from home.tasks import send_news

    with transaction.atomic():
        send, created = NewsSend.objects.get_or_create(
            translation_key=page.translation_key,
            defaults={"page": page, "title": page.title, "requested_by": by},
        )
        if created:
            transaction.on_commit(lambda: send_news.delay(send.pk))
    return send, created


def resume(send: NewsSend) -> bool:
    """Queue an unfinished send again (its worker was lost); harmless if it still runs."""
    from home.tasks import send_news

    if send.is_finished:
        return False
    transaction.on_commit(lambda: send_news.delay(send.pk))
    return True


def is_sendable(page) -> bool:
    """Live and public: a page only some may read is never mailed to every subscriber."""
    return page is not None and page.live and not page.get_view_restrictions().exists()


def send_batch(send_id: int, size: int | None = None) -> bool:
    """Mail the next `size` recipients of a send; True while some are left."""
    send = NewsSend.objects.select_related("page").filter(pk=send_id).first()
    if send is None or send.is_finished:
        return False
    now = timezone.now()
    page = send.page
    if not is_sendable(page):
        _finish(send, Status.STOPPED)
        return False
    NewsSend.objects.filter(pk=send.pk, status=Status.QUEUED).update(status=Status.SENDING, started_at=now)
    batch = list(recipients(send).order_by("pk").values_list("pk", "language")[: size or BATCH_SIZE])
    # Rendered before anyone is claimed: a page that fails to render costs no one their mail.
    contents = {language: render(page, language) for language in {language for _pk, language in batch}}
    with get_connection() as connection:
        for subscription_id, _language in batch:
            claimed = claim(send, subscription_id)
            if claimed is None:
                continue
            delivery, subscription = claimed
            content = contents.get(subscription.language) or render(page, subscription.language)
            try:
                mail_news(subscription, content, connection)
            except smtplib.SMTPRecipientsRefused:
                # Refused for this address alone: not sent, never tried again; the rest go on.
                logger.warning("News send %s: delivery %s refused by the mail server", send.pk, delivery.pk)
                continue
            NewsDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    if recipients(send).exists():
        return True
    _finish(send, Status.DONE)
    return False


def _finish(send: NewsSend, status: str) -> None:
    NewsSend.objects.filter(pk=send.pk, status__in=(Status.QUEUED, Status.SENDING)).update(
        status=status, finished_at=timezone.now()
    )


def claim(send: NewsSend, subscription_id: int) -> tuple[NewsDelivery, NewsSubscription] | None:
    """The delivery row of one subscriber, committed before their mail is sent; None if it
    was claimed already, or the subscriber may no longer be mailed."""
    with transaction.atomic():
        subscription = (
            NewsSubscription.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=subscription_id, status=NewsSubscription.Status.CONFIRMED)
            .first()
        )
        if subscription is None or is_suppressed(subscription.email):
            return None
        if subscription.user is not None and is_restricted(subscription.user, Purpose.MARKETING):
            return None
        try:
            with transaction.atomic():
                delivery = NewsDelivery.objects.create(send=send, subscription=subscription)
        except IntegrityError:
            return None  # another worker has it
    return delivery, subscription


def render(page: NewsPage, language: str) -> dict:
    """The news item in `language` for a mail: title, intro, body as HTML and as text."""
    from shop.companies.mail import absolute

    item = in_language(page, language)
    with translation.override(language):
        body = _absolute_links(str(item.body.render_as_block()))
        url = item.get_url(None, current_site=item.get_site())
    return {
        "title": item.title,
        "intro": item.intro,
        "body_html": mark_safe(body),  # the editors' own rich text, rendered as the page shows it
        "body_text": as_text(body),
        "url": absolute(url) if url and url.startswith("/") else url,
    }


def mail_news(subscription: NewsSubscription, content: dict, connection=None) -> None:
    from shop.companies import mail as mailer

    url = unsubscribe_url(subscription)
    mailer.send(
        "news",
        {**content, "unsubscribe_url": url},
        [subscription.email],
        subscription.language,
        directory="newsletter/email",
        # RFC 8058: a mail client's one-click button POSTs to the link, no cookie, no form.
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        connection=connection,
    )


def _absolute_links(markup: str) -> str:
    """Rich text and images link to "/…" on the site; a mail needs the whole address."""
    from shop.companies.mail import absolute

    return re.sub(r'(href|src)="(/(?!/)[^"]*)"', lambda m: f'{m[1]}="{absolute(m[2])}"', markup)


def as_text(markup: str) -> str:
    """A readable plain-text version of rendered rich text: one block a paragraph, list items
    with a dash, each link's address after its text."""
    text = re.sub(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", markup, flags=re.S)
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r"</(p|h[1-6]|div|table|ul|ol)>", "\n\n", text)
    text = re.sub(r"<br\s*/?>|</(li|tr)>", "\n", text)
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def progress(send: NewsSend) -> dict:
    """Mails sent, claimed but not known to have left (a stopped worker: never sent again),
    and recipients still waiting."""
    counts = send.deliveries.aggregate(
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        unconfirmed=Count("pk", filter=Q(sent_at__isnull=True)),
    )
    waiting = 0 if send.is_finished else recipients(send).count()
    return {**counts, "waiting": waiting, "total": counts["sent"] + counts["unconfirmed"] + waiting}
