"""The news: a sign-up with double opt-in whose link expires; a one-click opt-out in every
news mail (RFC 8058) and in the privacy centre, recorded as an objection to direct
marketing that puts the address on the suppression list; editors sending a news page in
batches that a crash never makes mail anyone twice; and the registry's retention."""

import re
import smtplib
from datetime import timedelta

from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale

import pytest

from gdpr.erasure import erase_subject
from gdpr.models import Objection, PrivacyRequest, ProcessingRestriction, SuppressedAddress
from gdpr.registry import LawfulBasis, Purpose, registry
from gdpr.subjects import Subject
from gdpr.suppression import address_hash, is_suppressed, suppress
from gdpr.sweep import sweep
from home import roles
from home.models import NewsDelivery, NewsSend, NewsSubscription
from home.models.newsletter import CONFIRM_DAYS, KEPT_AFTER_UNSUBSCRIBING_MONTHS
from home.newsletter import sending, subscriptions
from home.tasks import send_news
from home.translation import translate_page
from tests.factories.home import NewsIndexPageFactory, NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = NewsSubscription.Status
VERA = "vera@example.com"
LINK = re.compile(r"http://testserver(/(?:sv|en)/news/(?:confirm|unsubscribe)/[^/\s\"]+/)")


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def sign_up(client, callbacks, email=VERA, language="en", address="203.0.113.7"):
    with callbacks(execute=True):
        return client.post(url("news-subscribe", language), {"email": email}, REMOTE_ADDR=address)


def link_in(message) -> str:
    """The path of the confirmation or unsubscribe link in a mail's text."""
    return LINK.search(message.body)[1]


def subscribe(client, callbacks, email=VERA, language="en") -> NewsSubscription:
    """Signed up and confirmed from the mailed link, as a person does it."""
    sign_up(client, callbacks, email=email, language=language)
    client.post(link_in(mail.outbox[-1]))
    return NewsSubscription.objects.get(address_hash=address_hash(email))


def subscriber(email, language="sv", **fields) -> NewsSubscription:
    now = timezone.now()
    values = {"status": Status.CONFIRMED, "confirmation_mailed_at": now, "confirmed_at": now, **fields}
    return NewsSubscription.objects.create(
        email=email, address_hash=address_hash(email), language=language, **values
    )


@pytest.fixture
def news_page(home_page, django_capture_on_commit_callbacks):
    """A live Swedish news item under the news index, translated into English."""
    index = NewsIndexPageFactory(parent=home_page)
    page = NewsPageFactory(parent=index)
    with django_capture_on_commit_callbacks(execute=True):
        translate_page(index, "en", {index.title: "News", index.slug: f"{index.slug}-en"})
        translate_page(
            page,
            "en",
            {
                "Nya kurser i vår": "New courses this spring",
                page.slug: f"{page.slug}-en",
                "Tre nya kurser om dataskydd.": "Three new courses on data protection.",
                "Anmäl dig nu": "Sign up now",
                'Läs mer i <a id="a1">katalogen</a> &amp; boka.': 'Read more in <a id="a1">the catalogue</a> &amp; book.',
            },
        )
    return page


@pytest.fixture
def news_sender(role_groups):
    """An editor who may also send news; the admin in English (the assertions are)."""
    from wagtail.users.models import UserProfile

    user = UserFactory(email="nora@cloocast.example")
    user.groups.add(role_groups[roles.EDITORS], role_groups[roles.NEWS_SENDERS])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def subscribed_vera(db):
    return subscriber(VERA)


def send_page(page, callbacks, by=None):
    with callbacks(execute=True):
        send, _created = sending.start_send(page, by=by)
    send.refresh_from_db()
    return send


# --- Double opt-in ---


def test_signing_up_mails_a_link_and_only_its_button_subscribes(
    client, policy_page, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == url("news-subscribe-sent")
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    subscription = NewsSubscription.objects.get()
    assert (subscription.email, subscription.language, subscription.status) == (VERA, "en", Status.PENDING)
    assert subscription.policy_version == policy_page.version and subscription.user is None
    [confirmation] = mail.outbox
    assert confirmation.to == [VERA] and "Confirm your subscription" in confirmation.subject
    # A confirmation is no news: it carries no unsubscribe header.
    assert "List-Unsubscribe" not in confirmation.extra_headers

    page = client.get(link_in(confirmation))  # a mail scanner follows the link: nothing happens
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Status.PENDING

    confirmed = client.post(link_in(confirmation))
    assert confirmed.status_code == 200 and "You are subscribed" in confirmed.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Status.CONFIRMED and subscription.confirmed_at is not None
    again = client.post(link_in(confirmation))  # the link used twice
    assert again.status_code == 200 and "You are subscribed already" in again.content.decode()


def test_the_sign_up_takes_the_language_of_the_page(client, home_page, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, language="sv")

    assert NewsSubscription.objects.get().language == "sv"
    assert link_in(mail.outbox[0]).startswith("/sv/news/confirm/")


def test_an_expired_link_says_so_and_the_sign_up_is_deleted(
    client, home_page, django_capture_on_commit_callbacks, time_machine
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    time_machine.move_to(timezone.now() + timedelta(days=CONFIRM_DAYS, hours=1))
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400 and "This link has expired" in response.content.decode()
    assert NewsSubscription.objects.get().status == Status.PENDING

    time_machine.move_to(timezone.now() + timedelta(days=1))
    sweep()
    assert not NewsSubscription.objects.exists()


def _forged_tokens():
    confirm = subscriptions.CONFIRM_SALT
    return {
        "garbage": lambda s: "not-a-token",
        "tampered": lambda s: subscriptions.confirmation_token(s)[:-2] + "xx",
        "other-salt": lambda s: signing.dumps({"s": s.pk, "t": 1}, salt="something else"),
        "unsubscribe-link": lambda s: subscriptions.unsubscribe_token(s),
        "wrong-types": lambda s: signing.dumps({"s": str(s.pk), "t": "x"}, salt=confirm),
        "not-a-dict": lambda s: signing.dumps([s.pk], salt=confirm),
        "other-moment": lambda s: signing.dumps({"s": s.pk, "t": 1}, salt=confirm),
        "no-such-row": lambda s: signing.dumps({"s": s.pk + 1000, "t": 1}, salt=confirm),
        "very-long": lambda s: "a" * 5000,
    }


@pytest.mark.parametrize("forge", _forged_tokens().values(), ids=_forged_tokens().keys())
def test_a_forged_or_changed_confirmation_link_gets_a_clear_page(
    client, home_page, django_capture_on_commit_callbacks, forge
):
    sign_up(client, django_capture_on_commit_callbacks)
    subscription = NewsSubscription.objects.get()
    link = url("news-confirm", token=forge(subscription))

    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400 and "This link does not work" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Status.PENDING


@pytest.mark.parametrize("token", ["garbage", "a" * 5000, "eyJhIjoiYiJ9:1u:forged"])
def test_a_forged_unsubscribe_link_gets_a_clear_page(client, home_page, token):
    link = url("news-unsubscribe", token=token)

    for response in (client.get(link), Client().post(link)):
        assert response.status_code == 400 and "This link does not work" in response.content.decode()


def test_a_newer_sign_up_replaces_the_older_link(
    client, home_page, django_capture_on_commit_callbacks, time_machine
):
    sign_up(client, django_capture_on_commit_callbacks)
    time_machine.move_to(timezone.now() + subscriptions.RESEND_AFTER + timedelta(minutes=1))
    sign_up(client, django_capture_on_commit_callbacks)

    first, second = mail.outbox
    assert client.post(link_in(first)).status_code == 400
    assert "You are subscribed" in client.post(link_in(second)).content.decode()


def test_signing_up_again_gives_the_same_answer_and_no_second_mail_at_once(
    client, home_page, django_capture_on_commit_callbacks
):
    unknown = sign_up(client, django_capture_on_commit_callbacks)
    pending = sign_up(client, django_capture_on_commit_callbacks, email="VERA@example.com ")
    assert len(mail.outbox) == 1
    client.post(link_in(mail.outbox[0]))
    subscribed = sign_up(client, django_capture_on_commit_callbacks)

    # The same redirect to the same page, whatever the address's state: nothing leaks.
    assert {(r.status_code, r["Location"]) for r in (unknown, pending, subscribed)} == {
        (302, url("news-subscribe-sent"))
    }
    assert len(mail.outbox) == 1 and NewsSubscription.objects.get().status == Status.CONFIRMED


@pytest.mark.parametrize(
    "email, says",
    [
        ("not an address", "Enter a valid email address"),
        ("", "This field is required"),
        ("a" * 250 + "@example.com", "at most 254 characters"),
        ("vera@exa\x00mple.com", ""),
    ],
    ids=["invalid", "empty", "too-long", "nul"],
)
def test_a_bad_address_gets_the_form_again_with_its_error(
    client, home_page, django_capture_on_commit_callbacks, email, says
):
    response = sign_up(client, django_capture_on_commit_callbacks, email=email)

    assert response.status_code == 400 and says in response.content.decode()
    assert not NewsSubscription.objects.exists() and mail.outbox == []


def test_sign_ups_are_limited_per_network(client, home_page, django_capture_on_commit_callbacks):
    for number in range(subscriptions.PER_NETWORK):
        response = sign_up(client, django_capture_on_commit_callbacks, email=f"p{number}@example.com")
        assert response.status_code == 302
    mail.outbox.clear()

    refused = sign_up(
        client, django_capture_on_commit_callbacks, email="new@example.com", address="203.0.113.99"
    )

    assert refused.status_code == 429
    assert "many sign-ups from your network" in refused.content.decode() and mail.outbox == []
    other = sign_up(
        client, django_capture_on_commit_callbacks, email="new@example.com", address="198.51.100.1"
    )
    assert other.status_code == 302


def test_a_signed_in_person_s_own_address_is_put_on_their_account(
    client, learner, home_page, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    assert 'value="learner@example.com"' in client.get(url("news-subscribe")).content.decode()

    sign_up(client, django_capture_on_commit_callbacks, email="Learner@Example.com")
    sign_up(client, django_capture_on_commit_callbacks, email="colleague@example.com")

    assert NewsSubscription.objects.get(address_hash=address_hash(learner.email)).user == learner
    assert NewsSubscription.objects.get(address_hash=address_hash("colleague@example.com")).user is None


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_form_is_on_the_news_index_and_its_own_page(client, news_page, language):
    index = news_page.get_parent().specific
    if language == "en":
        index = index.get_translation(Locale.objects.get(language_code="en"))

    for page in (client.get(index.url), client.get(url("news-subscribe", language))):
        html = page.content.decode()
        assert page.status_code == 200 and f'<html lang="{language}">' in html
        assert f'action="{url("news-subscribe", language)}"' in html and 'name="csrfmiddlewaretoken"' in html


# --- News mails: each in the subscriber's language, each with a one-click opt-out ---


def test_every_news_mail_is_in_the_subscriber_s_language_with_a_one_click_unsubscribe(
    news_page, django_capture_on_commit_callbacks
):
    subscriber("sven@example.com", language="sv")
    subscriber("emma@example.com", language="en")

    send_page(news_page, django_capture_on_commit_callbacks)

    mails = {message.to[0]: message for message in mail.outbox}
    assert set(mails) == {"sven@example.com", "emma@example.com"}
    swedish, english = mails["sven@example.com"], mails["emma@example.com"]
    assert swedish.subject == "Nya kurser i vår" and english.subject == "New courses this spring"
    assert "Three new courses on data protection." in english.body and "Sign up now" in english.body
    # Links in the body are whole addresses; the text version names them after their words.
    assert "the catalogue (http://testserver/sv/kurser/) & book." in english.body
    html = english.alternatives[0][0]
    assert (
        '<a href="http://testserver/sv/kurser/">the catalogue</a>' in html and "<h2>Sign up now</h2>" in html
    )
    for language, message in (("sv", swedish), ("en", english)):
        link = link_in(message)
        assert link.startswith(f"/{language}/news/unsubscribe/")
        assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{link}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f'href="http://testserver{link}"' in message.alternatives[0][0]


def test_an_image_in_the_body_is_mailed_with_its_whole_address(news_page, django_capture_on_commit_callbacks):
    import wagtail_factories

    image = wagtail_factories.ImageFactory(title="Kursbild")
    news_page.body = [("image", {"image": image, "decorative": False, "alt_text": "Kursbild"})]
    news_page.save_revision().publish()
    subscriber(VERA)

    send_page(news_page, django_capture_on_commit_callbacks)

    assert re.search(r'<img [^>]*src="http://testserver/[^"]+"', mail.outbox[0].alternatives[0][0])


def test_a_one_click_post_without_cookies_or_csrf_unsubscribes_and_is_recorded_as_an_objection(
    news_page, django_capture_on_commit_callbacks
):
    subscription = subscriber(VERA, language="en")
    send_page(news_page, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    # What a mail client does (RFC 8058): a bare POST, no cookie, no token.
    response = Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    subscription.refresh_from_db()
    assert (subscription.status, subscription.email) == (Status.UNSUBSCRIBED, "")  # no address left
    assert subscription.address_hash == address_hash(VERA) and subscription.unsubscribed_at is not None
    assert is_suppressed(VERA)
    request = PrivacyRequest.objects.get(kind=PrivacyRequest.Kind.MARKETING_OBJECTION)
    assert (request.status, request.identity, request.email, request.user) == (
        PrivacyRequest.Status.DONE,
        PrivacyRequest.Identity.EMAIL_LINK,
        "",
        None,
    )
    assert VERA not in str(list(PrivacyRequest.objects.values()))


def test_following_the_unsubscribe_link_shows_a_button_and_unsubscribes_nobody(
    news_page, django_capture_on_commit_callbacks
):
    subscription = subscriber(VERA, language="en")
    send_page(news_page, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    response = Client().get(link)

    page = response.content.decode()
    assert response.status_code == 200 and "Unsubscribe from our news" in page and VERA in page
    assert '<form method="post" class="news-unsubscribe">' in page
    subscription.refresh_from_db()
    assert subscription.status == Status.CONFIRMED and not is_suppressed(VERA)
    assert not PrivacyRequest.objects.exists()


def test_a_second_opt_out_says_already_unsubscribed(news_page, django_capture_on_commit_callbacks):
    subscriber(VERA, language="en")
    send_page(news_page, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    Client().post(link)
    again, shown = Client().post(link), Client().get(link)

    for response in (again, shown):
        assert response.status_code == 200 and "You are unsubscribed already" in response.content.decode()
    assert PrivacyRequest.objects.count() == 1


def test_an_account_s_subscription_unsubscribed_from_a_mail_records_the_account_s_objection(
    learner, news_page, django_capture_on_commit_callbacks
):
    subscriber(learner.email, user=learner)
    send_page(news_page, django_capture_on_commit_callbacks)

    Client().post(link_in(mail.outbox[0]))

    objection = Objection.objects.get(user=learner)
    assert objection.kind == Objection.Kind.DIRECT_MARKETING
    request = PrivacyRequest.objects.get()
    assert request.user == learner and request.identity == PrivacyRequest.Identity.EMAIL_LINK


def test_an_old_mail_s_link_unsubscribes_the_address_after_it_signed_up_again(
    client, news_page, django_capture_on_commit_callbacks, time_machine
):
    subscribe(client, django_capture_on_commit_callbacks)
    send_page(news_page, django_capture_on_commit_callbacks)
    old_link = link_in(mail.outbox[-1])
    Client().post(old_link)
    time_machine.move_to(
        timezone.now() + timedelta(days=31)
    )  # a suppressed address: one confirmation a month

    subscribe(client, django_capture_on_commit_callbacks)
    assert NewsSubscription.objects.get().status == Status.CONFIRMED
    response = Client().post(old_link)

    assert "You are unsubscribed" in response.content.decode()
    assert NewsSubscription.objects.get().status == Status.UNSUBSCRIBED and is_suppressed(VERA)


# --- The suppression list: nothing is sent to it; only a fresh confirmation lifts it ---


def test_nothing_is_sent_to_a_suppressed_restricted_or_unconfirmed_address(
    learner, news_page, django_capture_on_commit_callbacks
):
    subscriber("ok@example.com")
    subscriber("pending@example.com", status=Status.PENDING, confirmed_at=None)
    suppressed = subscriber("objected@example.com")
    SuppressedAddress.objects.create(address_hash=suppressed.address_hash)  # however it got there
    subscriber(learner.email, user=learner)
    ProcessingRestriction.objects.create(user=learner, reason="Fel uppgifter")

    send = send_page(news_page, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [["ok@example.com"]]
    assert send.status == NewsSend.Status.DONE
    assert sending.claim(send, suppressed.pk) is None  # asked again at the moment of claiming


def test_a_suppressed_address_comes_back_only_by_a_fresh_confirmation(
    client, learner, news_page, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    client.post(reverse("account-privacy-object"))  # the objection: the address is suppressed
    client.logout()
    sign_up(client, django_capture_on_commit_callbacks, email=learner.email)
    link = link_in(mail.outbox[-1])  # the confirmation goes to a suppressed address: no news in it

    send_page(news_page, django_capture_on_commit_callbacks)
    assert is_suppressed(learner.email) and len(mail.outbox) == 1  # pending: no news

    client.post(link)

    subscription = NewsSubscription.objects.get()
    assert subscription.status == Status.CONFIRMED and subscription.suppression_lifted_at is not None
    assert not is_suppressed(learner.email)
    assert not Objection.objects.filter(user=learner).exists()  # withdrawn by the new consent
    learner.save()  # a login saves the account: the objection no longer re-suppresses it
    assert not is_suppressed(learner.email)
    other = NewsPageFactory(parent=news_page.get_parent())
    send_page(other, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == [learner.email] and mail.outbox[-1].subject == other.title


def test_a_suppressed_address_gets_one_confirmation_mail_a_month(
    client, home_page, django_capture_on_commit_callbacks, time_machine
):
    suppress(VERA)
    sign_up(client, django_capture_on_commit_callbacks)
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    sign_up(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1

    time_machine.move_to(timezone.now() + timedelta(days=20))
    sign_up(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # a stranger typing the objector's address cannot mail them often

    time_machine.move_to(timezone.now() + timedelta(days=11))
    sign_up(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_an_objector_s_login_does_not_end_their_new_sign_up(
    client, learner, home_page, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    client.post(reverse("account-privacy-object"))
    sign_up(client, django_capture_on_commit_callbacks, email=learner.email)

    learner.save()  # suppresses the objector's address again

    assert NewsSubscription.objects.get().status == Status.PENDING
    client.post(link_in(mail.outbox[-1]))
    assert NewsSubscription.objects.get().status == Status.CONFIRMED


# --- The privacy centre ---


def test_the_privacy_centre_shows_the_subscription_and_unsubscribes_it_as_an_objection(
    client, learner, policy_page, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    subscribe(client, django_capture_on_commit_callbacks, email=learner.email)

    centre = client.get(reverse("account-privacy")).content.decode()
    assert "You get our news at learner@example.com" in centre and "Unsubscribe from our news" in centre

    response = client.post(reverse("account-privacy-object"), follow=True)

    subscription = NewsSubscription.objects.get()
    assert (subscription.status, subscription.email) == (Status.UNSUBSCRIBED, "")
    assert is_suppressed(learner.email)
    assert Objection.objects.get(user=learner).policy_version == policy_page.version
    page = response.content.decode()
    assert "You objected to direct marketing" in page and "You get our news" not in page


def test_an_objection_in_the_privacy_centre_ends_a_subscription_made_without_signing_in(
    client, learner, home_page, django_capture_on_commit_callbacks
):
    subscription = subscribe(client, django_capture_on_commit_callbacks, email=learner.email)
    client.force_login(learner)
    assert "You get our news" not in client.get(reverse("account-privacy")).content.decode()

    client.post(reverse("account-privacy-object"))

    subscription.refresh_from_db()
    assert (subscription.status, subscription.email) == (Status.UNSUBSCRIBED, "")


def test_confirming_while_signed_in_puts_the_subscription_on_the_account(
    client, learner, home_page, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks, email=learner.email)
    client.force_login(learner)
    client.post(link_in(mail.outbox[-1]))

    assert NewsSubscription.objects.get().user == learner
    assert (
        "You get our news at learner@example.com" in client.get(reverse("account-privacy")).content.decode()
    )


# --- Sending: in batches, resumable, never twice ---


def test_a_crash_mid_batch_resumes_where_it_stopped_and_mails_nobody_twice(
    news_page, django_capture_on_commit_callbacks, monkeypatch
):
    for number in range(5):
        subscriber(f"s{number}@example.com")
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    real_mail_news, calls = sending.mail_news, []

    def crash_on_the_third(subscription, content, connection=None):
        calls.append(subscription.email)
        if len(calls) == 3:
            raise ConnectionError("the worker died while sending")
        real_mail_news(subscription, content, connection)

    monkeypatch.setattr(sending, "mail_news", crash_on_the_third)
    with pytest.raises(ConnectionError):
        send_page(news_page, django_capture_on_commit_callbacks)

    send = NewsSend.objects.get()
    assert send.status == NewsSend.Status.SENDING and len(mail.outbox) == 2
    assert sending.progress(send) == {"sent": 2, "unconfirmed": 1, "waiting": 2, "total": 5}

    send_news.delay(send.pk)  # the task's retry, or the broker giving a lost task to another worker
    send_news.delay(send.pk)  # and once more: nothing left to do

    send.refresh_from_db()
    sent_to = [message.to[0] for message in mail.outbox]
    assert len(sent_to) == 4 and len(set(sent_to)) == 4
    assert calls[2] not in sent_to  # in doubt: never tried again
    assert send.status == NewsSend.Status.DONE and send.finished_at is not None
    assert sending.progress(send) == {"sent": 4, "unconfirmed": 1, "waiting": 0, "total": 5}
    assert NewsDelivery.objects.filter(send=send).count() == 5


def test_an_address_the_mail_server_refuses_does_not_stop_the_send(
    news_page, django_capture_on_commit_callbacks, monkeypatch
):
    for name in ("a", "refused", "c"):
        subscriber(f"{name}@example.com")
    real_mail_news = sending.mail_news

    def refuse_one(subscription, content, connection=None):
        if subscription.email == "refused@example.com":
            raise smtplib.SMTPRecipientsRefused({subscription.email: (550, b"No such user")})
        real_mail_news(subscription, content, connection)

    monkeypatch.setattr(sending, "mail_news", refuse_one)
    send = send_page(news_page, django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.com", "c@example.com"]
    assert send.status == NewsSend.Status.DONE and sending.progress(send)["unconfirmed"] == 1


def test_a_page_that_cannot_be_rendered_claims_nobody(
    news_page, django_capture_on_commit_callbacks, monkeypatch
):
    subscriber(VERA)

    def broken(page, language):
        raise ValueError("a block template is broken")

    monkeypatch.setattr(sending, "render", broken)
    with pytest.raises(ValueError):
        send_page(news_page, django_capture_on_commit_callbacks)

    assert not NewsDelivery.objects.exists() and mail.outbox == []


def test_each_batch_is_one_task_run(news_page, django_capture_on_commit_callbacks, monkeypatch):
    for number in range(5):
        subscriber(f"s{number}@example.com")
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    runs = []
    real_batch = sending.send_batch
    monkeypatch.setattr(sending, "send_batch", lambda send_id: runs.append(send_id) or real_batch(send_id))

    send = send_page(news_page, django_capture_on_commit_callbacks)

    assert len(runs) == 3 and len(mail.outbox) == 5 and send.status == NewsSend.Status.DONE


def test_a_subscriber_is_claimed_once_however_many_workers_try(news_page):
    subscription = subscriber(VERA)
    send = NewsSend.objects.create(page=news_page, translation_key=news_page.translation_key, title="x")

    assert sending.claim(send, subscription.pk) is not None
    assert sending.claim(send, subscription.pk) is None
    assert not sending.recipients(send).exists()


def test_a_news_item_is_sent_once_from_any_of_its_translations(news_page, django_capture_on_commit_callbacks):
    subscriber(VERA)
    english = news_page.get_translation(Locale.objects.get(language_code="en"))

    first = send_page(news_page, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        again, created = sending.start_send(english.specific, by=None)

    assert again == first and not created and len(mail.outbox) == 1


def test_a_page_unpublished_before_its_turn_stops_the_send(news_page, django_capture_on_commit_callbacks):
    subscriber(VERA)
    send = NewsSend.objects.create(page=news_page, translation_key=news_page.translation_key, title="x")
    news_page.unpublish()

    send_news.delay(send.pk)

    send.refresh_from_db()
    assert send.status == NewsSend.Status.STOPPED and mail.outbox == []


# --- The editors' admin: who may send, and the send's progress ---


@pytest.mark.parametrize("role", ["anonymous", "customer", "editor", "news_sender"])
def test_only_permitted_editors_may_send_news(client, request, role, news_page, subscribed_vera):
    user = {"anonymous": None, "customer": "learner", "editor": "editor", "news_sender": "news_sender"}[role]
    if user:
        client.force_login(request.getfixturevalue(user))
    confirm = reverse("news_send_confirm", kwargs={"page_id": news_page.pk})

    shown, listing = client.get(confirm), client.get(reverse("news_sends"))
    with request.getfixturevalue("django_capture_on_commit_callbacks")(execute=True):
        posted = client.post(confirm)

    if role == "news_sender":
        assert shown.status_code == 200 and "Send to 1 subscriber" in shown.content.decode()
        assert listing.status_code == 200
        send = NewsSend.objects.get()
        assert posted.status_code == 302 and posted["Location"] == reverse(
            "news_send", kwargs={"pk": send.pk}
        )
        assert send.requested_by.email == "nora@cloocast.example" and len(mail.outbox) == 1
    else:
        # Wagtail sends a signed-in editor without the permission to the dashboard, with
        # its "no permission" message; others to its login page.
        expected = "/admin/" if role == "editor" else "/admin/login/"
        for response in (shown, listing, posted):
            assert response.status_code == 302 and response["Location"].split("?")[0] == expected
        assert not NewsSend.objects.exists() and mail.outbox == []


def test_the_page_header_offers_sending_to_permitted_editors_only(client, news_page, editor, news_sender):
    # news_page first: the role groups get their page rights on the tree it roots.
    edit = reverse("wagtailadmin_pages:edit", args=[news_page.pk])
    confirm = reverse("news_send_confirm", kwargs={"page_id": news_page.pk})

    client.force_login(news_sender)
    assert confirm in client.get(edit).content.decode()
    assert reverse("news_sends") in client.get(reverse("wagtailadmin_home")).content.decode()  # the menu
    client.force_login(editor)
    page = client.get(edit)
    assert page.status_code == 200 and confirm not in page.content.decode()
    assert reverse("news_sends") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_send_s_page_shows_its_progress_and_a_second_send_leads_to_it(
    client, news_sender, news_page, subscribed_vera, django_capture_on_commit_callbacks
):
    client.force_login(news_sender)
    confirm = reverse("news_send_confirm", kwargs={"page_id": news_page.pk})
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(confirm)

    page = client.get(posted["Location"]).content.decode()
    assert "1 of 1 mails sent" in page and "Sent" in page and "Resume sending" not in page
    assert "1 of 1" in client.get(reverse("news_sends")).content.decode()
    again = client.post(confirm)
    assert again["Location"] == reverse("news_send", kwargs={"pk": NewsSend.objects.get().pk})
    assert len(mail.outbox) == 1


def test_an_unpublished_page_or_an_empty_list_cannot_be_sent(client, news_sender, news_page):
    client.force_login(news_sender)
    confirm = reverse("news_send_confirm", kwargs={"page_id": news_page.pk})

    assert "Nobody subscribes" in client.get(confirm).content.decode()
    assert client.post(confirm).status_code == 400
    subscriber(VERA)
    news_page.unpublish()
    assert client.post(confirm).status_code == 400 and not NewsSend.objects.exists()


def test_a_private_news_page_is_never_mailed_to_everyone(client, news_sender, news_page):
    from wagtail.models import PageViewRestriction

    subscriber(VERA)
    PageViewRestriction.objects.create(page=news_page, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(news_sender)
    confirm = reverse("news_send_confirm", kwargs={"page_id": news_page.pk})
    assert "This page is private" in client.get(confirm).content.decode()
    assert client.post(confirm).status_code == 400 and not NewsSend.objects.exists()


def test_resuming_a_send_whose_worker_was_lost(
    client, news_sender, news_page, subscribed_vera, django_capture_on_commit_callbacks
):
    send = NewsSend.objects.create(page=news_page, translation_key=news_page.translation_key, title="x")
    client.force_login(news_sender)
    detail = reverse("news_send", kwargs={"pk": send.pk})
    assert "Resume sending" in client.get(detail).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail)

    send.refresh_from_db()
    assert send.status == NewsSend.Status.DONE and len(mail.outbox) == 1
    assert "Resume sending" not in client.get(detail).content.decode()


# --- The registry: consent records, and retention that ends ---


def test_the_subscription_is_declared_as_consent_to_marketing():
    declaration = registry.declarations["home.NewsSubscription"]

    assert (declaration.purpose, declaration.basis) == (Purpose.MARKETING, LawfulBasis.CONSENT)
    assert {"email", "asked_at", "confirmed_at", "policy_version", "status", "language"} <= set(
        declaration.classification()
    )


def test_an_unsubscribed_row_keeps_no_address_and_goes_a_year_later(
    news_page, django_capture_on_commit_callbacks, time_machine
):
    subscription = subscriber(VERA)
    send_page(news_page, django_capture_on_commit_callbacks)
    Client().post(link_in(mail.outbox[0]))
    subscription.refresh_from_db()
    assert VERA not in str(NewsSubscription.objects.values().get())
    unsubscribed = subscription.unsubscribed_at

    time_machine.move_to(unsubscribed + timedelta(days=30 * KEPT_AFTER_UNSUBSCRIBING_MONTHS - 10))
    sweep()
    assert NewsSubscription.objects.exists() and NewsDelivery.objects.exists()

    time_machine.move_to(unsubscribed + timedelta(days=31 * KEPT_AFTER_UNSUBSCRIBING_MONTHS + 2))
    sweep()
    assert not NewsSubscription.objects.exists() and not NewsDelivery.objects.exists()
    assert is_suppressed(VERA)  # the list outlives the record


def test_a_confirmed_subscription_lasts_until_unsubscribed(home_page, time_machine):
    subscriber(VERA)

    time_machine.move_to(timezone.now() + timedelta(days=365 * 5))
    sweep()

    assert NewsSubscription.objects.get().status == Status.CONFIRMED


def test_erasing_a_person_found_by_their_address_removes_their_subscription(
    news_page, django_capture_on_commit_callbacks
):
    subscriber(VERA)
    send_page(news_page, django_capture_on_commit_callbacks)

    result = erase_subject(Subject.for_email("VERA@example.com"))

    assert not NewsSubscription.objects.exists() and not NewsDelivery.objects.exists()
    assert result.removed["home.NewsSubscription"] == 1


def test_the_privacy_centre_names_the_purpose_of_an_account_s_subscription(client, learner, home_page):
    subscriber(learner.email, user=learner)
    client.force_login(learner)

    with translation.override("en"):
        page = client.get(reverse("account-privacy")).content.decode()
        assert str(Purpose.MARKETING.label) in page
