"""An editor works on the public site with the Content-Security-Policy on: Wagtail's user bar
on a live page (a web component with its styles and scripts from files) and the page in the
admin's preview panel (a frame the public policy allows this origin only). The `page`
fixture fails the test on anything Chromium's enforcement of the policy blocks."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery staple"  # UserFactory's


def test_an_editor_uses_the_user_bar_and_the_preview(page, home_page, editor):
    """The editors' rights hang on the page tree: `home_page` first builds its root."""
    page.goto("/admin/login/")
    page.fill("#id_username", editor.email)
    page.fill("#id_password", PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/sv/")
    userbar = page.locator("wagtail-userbar")
    trigger = userbar.locator("#wagtail-userbar-trigger")
    expect(trigger).to_be_visible()
    # Its stylesheet applied inside the component: the bar floats over the page.
    assert userbar.evaluate(
        "host => getComputedStyle(host.shadowRoot.querySelector('.w-userbar')).position"
    ) == ("fixed")
    trigger.click()
    expect(userbar.locator(f"a[href$='/admin/pages/{home_page.pk}/edit/']")).to_be_visible()

    page.goto(f"/admin/pages/{home_page.pk}/edit/")
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Välkommen")
