"""Swedish first, English second: prefixes, redirects, the switch and the UI strings."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("en-GB,en;q=0.9", "/en/"), ("sv-SE,sv;q=0.9", "/sv/"), ("de-DE", "/sv/"), ("", "/sv/")],
)
def test_root_redirects_by_the_browsers_language(client, home_page, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response.url == expected


def test_home_page_is_served_in_both_languages(client, home_page):
    sv = client.get("/sv/")
    en = client.get("/en/")

    assert sv.status_code == en.status_code == 200
    assert '<html lang="sv">' in sv.text and "Välkommen" in sv.text
    assert '<html lang="en">' in en.text and "Welcome" in en.text


def test_interface_strings_are_swedish_on_swedish_pages(client, policy_page):
    sv = client.get("/sv/").text
    en = client.get("/en/").text

    assert "Hoppa till innehållet" in sv and "Personuppgiftspolicy" in sv
    assert "Skip to content" in en and "Personal data policy" in en


def test_language_switch_goes_to_the_same_page_in_the_other_language(client, policy_page):
    response = client.get(f"/sv/{policy_page.slug}/")

    assert response.status_code == 200
    assert f'href="/en/{policy_page.slug}-en/" lang="en"' in response.text
    assert f'href="/sv/{policy_page.slug}/" lang="sv"' in response.text


def test_language_switch_on_a_shop_page_keeps_the_path(client, home_page):
    response = client.get("/sv/shop/basket/")

    assert response.status_code == 200
    assert 'href="/en/shop/basket/"' in response.text


def test_footer_links_to_the_policy_in_the_readers_language(client, policy_page):
    assert f'href="/sv/{policy_page.slug}/"' in client.get("/sv/").text
    assert f'href="/en/{policy_page.slug}-en/"' in client.get("/en/").text
