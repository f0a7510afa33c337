"""Nothing the site serves makes a browser load anything from another host.

The policy promises that personal data never leaves our servers; a script, font or
stylesheet from elsewhere would hand every visitor's address to a third party.
The browser tests (tests/e2e) check the same with the requests Chromium really makes.
"""

import re

import pytest

pytestmark = pytest.mark.django_db

# Anything a browser fetches by itself: scripts, styles, images, frames, media, fonts.
LOADED = re.compile(
    r"<(?:script|img|iframe|source|video|audio|embed|input)\b[^>]*\bsrc=[\"']([^\"']+)"
    r"|<link\b[^>]*\bhref=[\"']([^\"']+)"
    r"|url\(\s*[\"']?([^\"')]+)",
    re.IGNORECASE,
)


def external_loads(html: str) -> list[str]:
    urls = [next(filter(None, match)) for match in LOADED.findall(html)]
    # Wagtail's user bar (shown to staff) links its styles absolutely, on our own host.
    return [
        url
        for url in urls
        if re.match(r"^(https?:)?//", url) and not re.match(r"^(https?:)?//testserver/", url)
    ]


def test_public_pages_load_nothing_from_elsewhere(client, policy_page):
    for path in ["/sv/", "/en/", policy_page.url, "/sv/shop/basket/", "/sv/shop/accounts/login/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert external_loads(response.text) == [], path


def test_admin_pages_load_nothing_from_elsewhere(client, staff, home_page):
    client.force_login(staff)
    for path in ["/admin/", "/dashboard/", "/sv/shop/accounts/profile/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert external_loads(response.text) == [], path


def test_the_check_itself_finds_a_cdn_script():
    assert external_loads('<script src="https://cdn.example.com/x.js"></script>') == [
        "https://cdn.example.com/x.js"
    ]
    assert external_loads('<link rel="stylesheet" href="//fonts.example.com/a.css">') == [
        "//fonts.example.com/a.css"
    ]
