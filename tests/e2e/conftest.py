"""Browser tests: Debian's Chromium driven by Playwright, with axe-core served locally."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; the test's own database
# work (fixtures) is still synchronous, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists(), "needs Debian's chromium (make test installs it)")
    require(AXE.exists(), "needs axe-core in node_modules (make test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def collect_csp_violations(tab, refused: list) -> None:
    """Adds to `refused` what the Content-Security-Policy blocks in `tab`, as Chromium reports it."""
    tab.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live server that fails the test if the page loads
    anything from another host (the policy: no data leaves our servers), or if the
    Content-Security-Policy blocks anything (home/content_security.py)."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    tab = context.new_page()
    refused = []
    collect_csp_violations(tab, refused)
    elsewhere = []
    tab.on(
        "request",
        lambda request: (
            None if request.url.startswith((live_server.url, "data:")) else elsewhere.append(request.url)
        ),
    )
    yield tab
    context.close()
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"
    assert refused == [], f"blocked by the Content-Security-Policy: {refused}"


@pytest.fixture
def new_tab(browser, live_server):
    """Opens more tabs, each with its own cookies (another person), guarded like `page`."""
    contexts, elsewhere, refused = [], [], []

    def open_tab():
        context = browser.new_context(base_url=live_server.url, locale="sv-SE")
        contexts.append(context)
        tab = context.new_page()
        tab.on(
            "request",
            lambda request: (
                None if request.url.startswith((live_server.url, "data:")) else elsewhere.append(request.url)
            ),
        )
        collect_csp_violations(tab, refused)
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"
    assert refused == [], f"blocked by the Content-Security-Policy: {refused}"


def assert_accessible(tab) -> None:
    """Run axe-core on the page as it is now; fail on any WCAG 2.x A/AA violation."""
    # Through the DevTools protocol, which the page's policy does not govern: a <script>
    # tag of ours would be an inline script, which the Content-Security-Policy refuses.
    tab.evaluate(AXE.read_text())
    result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[node['target'] for node in v['nodes']][:5]}"
        for v in result["violations"]
    ]
    assert violations == [], f"axe found on {tab.url}:\n" + "\n".join(violations)
