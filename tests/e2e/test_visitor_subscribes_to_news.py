"""A visitor signs up for our news on the Swedish news page and confirms from the mailed
link; an editor who may send news sends a news item from the admin; the visitor opts out
from the news mail's link, which first shows a button (a mail scanner following it would
unsubscribe nobody). axe checks each page the visitor sees.

Elements are found by their form, not their words: the Swedish catalogue comes later.
"""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

from gdpr.suppression import is_suppressed
from home.models import NewsSend, NewsSubscription
from tests.e2e.conftest import assert_accessible
from tests.factories.home import NewsIndexPageFactory, NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "en-lång-lösenfras-2026"
VISITOR = "vera.visitor@example.com"
LINK = re.compile(r"http://testserver(/sv/news/(?:confirm|unsubscribe)/[^/\s]+/)")


@pytest.fixture
def news(home_page, policy_page):
    index = NewsIndexPageFactory(parent=home_page)
    return index, NewsPageFactory(parent=index, title="Nya kurser i vår")


@pytest.fixture
def news_sender(role_groups):
    from wagtail.users.models import UserProfile

    from home import roles

    user = UserFactory(email="nora@cloocast.example", password=PASSWORD, first_name="Nora")
    user.groups.add(role_groups[roles.EDITORS], role_groups[roles.NEWS_SENDERS])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def link_in(message) -> str:
    return LINK.search(message.body)[1]


def test_a_visitor_subscribes_confirms_gets_the_news_and_opts_out(page, new_tab, news, news_sender):
    index, item = news
    visitor = page

    # The visitor signs up on the news page.
    visitor.goto(index.url)
    assert_accessible(visitor)
    signup = visitor.locator("form.news-signup")
    signup.locator("input[type=email]").fill(VISITOR)
    signup.locator("button[type=submit]").click()
    expect(visitor).to_have_url(re.compile(r"/sv/news/subscribe/sent/$"))
    assert_accessible(visitor)
    [confirmation] = mail.outbox
    assert confirmation.to == [VISITOR] and "List-Unsubscribe" not in confirmation.extra_headers

    # The mailed link shows a button; pressing it subscribes.
    visitor.goto(link_in(confirmation))
    assert_accessible(visitor)
    assert NewsSubscription.objects.get().status == NewsSubscription.Status.PENDING
    visitor.locator("form.news-confirm button[type=submit]").click()
    expect(visitor.locator("form.news-confirm")).to_have_count(0)
    assert NewsSubscription.objects.get().status == NewsSubscription.Status.CONFIRMED
    mail.outbox.clear()

    # An editor sends the news item to the subscribers.
    admin = new_tab()
    admin.goto("/admin/login/")
    admin.fill("#id_username", news_sender.email)
    admin.fill("#id_password", PASSWORD)
    admin.get_by_role("button", name=re.compile("Sign in|Logga in")).click()
    admin.goto(f"/admin/news-sends/page/{item.pk}/")
    admin.get_by_role("button", name="Send to 1 subscriber").click()
    expect(admin.get_by_text("1 of 1 mails sent")).to_be_visible()
    assert NewsSend.objects.get().status == NewsSend.Status.DONE

    # The visitor has the news, and opts out from its link.
    [news_mail] = mail.outbox
    assert news_mail.subject == "Nya kurser i vår"
    assert news_mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    visitor.goto(link_in(news_mail))
    assert_accessible(visitor)
    assert NewsSubscription.objects.get().status == NewsSubscription.Status.CONFIRMED  # a look is not a no
    visitor.locator("form.news-unsubscribe button[type=submit]").click()
    expect(visitor.locator("form.news-unsubscribe")).to_have_count(0)
    assert_accessible(visitor)

    subscription = NewsSubscription.objects.get()
    assert (subscription.status, subscription.email) == (NewsSubscription.Status.UNSUBSCRIBED, "")
    assert is_suppressed(VISITOR)
    visitor.reload()  # the same link again: unsubscribed already, no button
    expect(visitor.locator("form.news-unsubscribe")).to_have_count(0)
