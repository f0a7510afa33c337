from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, Site

import pytest

from courses.models import CoursePage
from home.models import HomePage, NewsPage, PolicyPage
from home.seed import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree_root(locales):
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def test_seed_demo_builds_both_languages_and_one_account_per_role(
    tree_root, client, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")

    homes = HomePage.objects.live()
    assert sorted(h.locale.language_code for h in homes) == ["en", "sv"]
    policies = PolicyPage.objects.live()
    assert sorted(p.locale.language_code for p in policies) == ["en"] * 3 + ["sv"] * 3
    for language in ("sv", "en"):
        courses = CoursePage.objects.live().filter(locale__language_code=language)
        assert courses.count() >= 12
        assert courses.values("course__seller").distinct().count() == 3
        assert all(page.course.product_id for page in courses)
    assert NewsPage.objects.live().filter(locale__language_code="en").count() == 3
    personal_data = PolicyPage.objects.get(slug="personuppgiftspolicy")
    assert list(personal_data.versions().values_list("version", flat=True)) == ["2.0", "1.0"]
    assert Site.objects.get(is_default_site=True).root_page.specific == homes.get(locale__language_code="sv")
    emails = set(get_user_model().objects.values_list("email", flat=True))
    assert {account[0] for account in DEMO_ACCOUNTS} <= emails
    output = capsys.readouterr().out
    assert "admin@example.com" in output  # the password is printed with it, once

    assert "Personuppgiftspolicy" in client.get("/sv/personuppgiftspolicy/").text
    assert "Personal data policy" in client.get("/en/personal-data-policy/").text
    catalogue = client.get("/en/courses/")
    assert catalogue.context["catalogue"].cards.paginator.count == 12
    assert client.get("/en/courses/?subject=leadership").context["catalogue"].cards.paginator.count == 3


def test_seed_demo_is_idempotent(tree_root, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    counts = (Page.objects.count(), get_user_model().objects.count())
    capsys.readouterr()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")

    assert (Page.objects.count(), get_user_model().objects.count()) == counts
    assert "admin@example.com" not in capsys.readouterr().out  # passwords are shown only once
