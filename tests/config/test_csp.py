"""The Content-Security-Policy (home/content_security.py): every kind of public page has
the strict policy, with no other origin, and no inline script, event handler or style for
it to refuse; the staff tools have a looser policy of their own, still of this origin only.

The browser tests (tests/e2e) fail on anything Chromium's enforcement of the header blocks.
"""

from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse

from wagtail.models import Page

import pytest

from certificates.models import CertificateDesign
from courses.models import Enrolment, LessonVideo, VideoStatus
from courses.progress import mark_done
from home.models import NewsIndexPage, NewsPage
from tests.factories.courses import make_course, make_lessons, make_subject
from tests.factories.shop import place_order
from tests.shop.test_checkout import COMPANY, add_to_basket, go_to_company_step, place_order_data

pytestmark = pytest.mark.django_db

PUBLIC = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "media-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# What a browser runs as a script; anything else (JSON, JSON-LD) is data it never runs.
DATA_TYPES = {"application/json", "application/ld+json"}


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def only_this_origin(policy: dict[str, list[str]]) -> bool:
    """Keywords ('self', 'none', 'unsafe-inline'), data: and blob: only: no host, no scheme."""
    return all(
        value.startswith("'") or value in ("data:", "blob:") for values in policy.values() for value in values
    )


class InlineCode(HTMLParser):
    """What a strict policy would refuse in a page: inline scripts, event handler attributes,
    javascript: links, style attributes and <style> elements."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and (attrs.get("type") or "").lower() not in DATA_TYPES:
            self._script = self.getpos()
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._script is not None and data.strip():
            self.found.append(f"inline <script> at line {self._script[0]}: {data.strip()[:80]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def assert_strict(response, url=""):
    """The public policy, exactly, and nothing in the page that it would refuse."""
    assert response["Content-Type"].startswith("text/html"), url
    assert directives(response) == PUBLIC, url
    assert inline_code(response.content.decode()) == [], url


def get_strict(client, url, status=200):
    response = client.get(url, follow=True)
    assert response.status_code == status, (url, response.redirect_chain)
    assert_strict(response, url)
    return response


# --- Content ------------------------------------------------------------------------------


@pytest.fixture
def ready_video(db):
    """A processed video as far as the pages know: they only link to its files."""
    return LessonVideo.objects.create(title="Video", status=VideoStatus.READY, output_dir="videos/ready/")


@pytest.fixture
def course_page(seller_company, ready_video):
    """A course with a subject, a product and video lessons, the first a free preview, that
    gives a certificate."""
    design = CertificateDesign.objects.create(
        name="Standard",
        title_sv="Kursintyg",
        statement_en="has successfully completed",
        primary_colour="#224466",
    )
    page = make_course(
        seller_company, "Dataskydd", price=Decimal("1000"), subject=make_subject(), certificate_design=design
    )
    make_lessons(page, modules=1, lessons_per_module=2, video=ready_video)
    return page


@pytest.fixture
def news(home_page):
    index = home_page.add_child(instance=NewsIndexPage(title="Nyheter", slug="nyheter"))
    item = index.add_child(instance=NewsPage(title="Nya kurser", intro="Tre nya kurser om dataskydd"))
    item.save_revision().publish()
    return item


@pytest.fixture
def customer(learner, course_page, django_capture_on_commit_callbacks):
    """A learner who bought the course (an order and an invoice) and completed it (a certificate)."""
    with django_capture_on_commit_callbacks(execute=True):
        place_order(learner, [(course_page.course.product, 1)])
    assert Enrolment.objects.active().filter(user=learner, course=course_page.course).exists()
    return learner


def lessons_of(course_page):
    from courses.models import LessonPage

    return list(LessonPage.objects.live().descendant_of(course_page).order_by("path"))


# --- Public pages -------------------------------------------------------------------------


def test_every_kind_of_public_page_has_the_strict_policy_and_no_inline_code(
    client, policy_page, catalogue, course_page, news
):
    preview_lesson = lessons_of(course_page)[0]
    for url in [
        "/sv/",
        "/en/",
        catalogue.url,
        reverse("oscar-catalogue"),  # redirects to the catalogue page
        f"{catalogue.url}?subject=dataskydd",
        course_page.get_parent().url,  # the seller's page
        course_page.url,
        preview_lesson.get_parent().url,  # a module
        news.get_parent().url,
        news.url,
        policy_page.url,
        reverse("contact"),
        reverse("search") + "?q=dataskydd",
        reverse("search") + "?q=ingenting-alls",
        reverse("customer:login"),
        reverse("customer:register"),
        reverse("password-reset"),
        reverse("basket:summary"),
        reverse("certificate-verify-form"),
        reverse("cookie-settings"),
        reverse("news-subscribe"),
    ]:
        get_strict(client, url)


def test_the_player_of_a_free_lesson_is_a_file_of_ours(client, course_page):
    response = get_strict(client, lessons_of(course_page)[0].url)

    html = response.content.decode()
    assert "data-player" in html and "/static/js/player.js" in html


def test_the_error_pages_have_the_strict_policy(client, home_page):
    get_strict(client, "/sv/finns-inte/", status=404)
    get_strict(client, "/sv/search/?q=%00", status=400)


def test_every_checkout_step_has_the_strict_policy(client, course_page, django_capture_on_commit_callbacks):
    add_to_basket(client, course_page.course.product)
    get_strict(client, reverse("basket:summary"))
    get_strict(client, reverse("checkout:index"))  # the guest's e-mail, or log in
    assert_strict(go_to_company_step(client, email="ny.kund@acme.example"))
    response = client.post(reverse("checkout:payment-method"), COMPANY)
    assert response.url == reverse("checkout:preview")
    preview = get_strict(client, reverse("checkout:preview"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout:preview"), place_order_data(preview))
    assert response.url == reverse("checkout:thank-you")
    get_strict(client, reverse("checkout:thank-you"))


def test_a_customers_pages_have_the_strict_policy(client, customer, course_page, home_page):
    client.force_login(customer)
    order = customer.orders.get()
    for url in [
        reverse("account-courses"),
        reverse("account-privacy"),
        reverse("customer:profile-view"),
        reverse("customer:order-list"),
        reverse("customer:order", kwargs={"order_number": order.number}),
        reverse("account-invoices"),
        reverse("account-documents"),
        reverse("account-certificates"),
        reverse("account-companies"),
        reverse("account-seats"),
        reverse("customer:change-password"),
        course_page.url,
        "/sv/",
    ]:
        get_strict(client, url)


def test_the_player_page_of_a_learner_loads_its_script_from_a_file(client, customer, course_page):
    client.force_login(customer)

    response = get_strict(client, lessons_of(course_page)[1].url)

    html = response.content.decode()
    assert "data-report-url" in html and "/static/js/player.js" in html


def test_the_privacy_centre_asks_about_a_copy_in_the_making_from_a_file(client, customer):
    client.force_login(customer)
    client.post(reverse("account-privacy-export"))  # the worker runs on commit: never, here

    response = get_strict(client, reverse("account-privacy"))

    html = response.content.decode()
    assert "data-export-status" in html and "/static/js/privacy.js" in html


def test_the_register_extract_has_the_strict_policy(client, customer):
    client.force_login(customer)

    client.post(reverse("account-privacy-ask-extract"))

    get_strict(client, reverse("account-privacy-extract"))


def test_the_certificate_pages_have_the_strict_policy(
    client, customer, course_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons_of(course_page):
            mark_done(customer, lesson)
    certificate = customer.certificates.get()

    get_strict(client, reverse("certificate-verify", kwargs={"code": certificate.display_code}))
    get_strict(client, reverse("certificate-verify-form") + f"?code={certificate.display_code}")


def test_files_have_no_policy(client, customer):
    """Chrome shows a PDF in a page of its own, whose inline styles a policy would block."""
    client.force_login(customer)
    invoice = customer.orders.get().invoice

    response = client.get(reverse("account-invoice-pdf", kwargs={"number": invoice.number}))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response


# --- Editors and staff --------------------------------------------------------------------


def test_the_user_bar_adds_no_inline_code_to_an_editors_public_page(client, editor, course_page):
    client.force_login(editor)

    response = get_strict(client, course_page.url)

    assert "<wagtail-userbar>" in response.content.decode()


def test_wagtails_preview_has_the_public_policy_framed_by_the_admin(home_page, course_page):
    """The admin's preview panel runs the page's own path through the middleware and shows
    the result in a frame of the admin: the public policy, which lets this origin frame it."""
    response = Page.objects.get(pk=course_page.pk).specific.make_preview_request(
        extra_request_attrs={"in_preview_panel": True}
    )

    assert directives(response) == {**PUBLIC, "frame-ancestors": ["'self'"]}
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("url", ["/admin/login/", "/dashboard/login/", "/django-admin/login/"])
def test_the_staff_tools_have_their_own_policy(client, url):
    response = client.get(url)

    assert response.status_code == 200
    policy = directives(response)
    assert policy != PUBLIC and only_this_origin(policy)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"] and policy["object-src"] == ["'none'"]


def test_the_staff_policy_covers_the_signed_in_admin_and_dashboard(client, sysadmin, home_page):
    client.force_login(sysadmin)
    for url in ["/admin/", f"/admin/pages/{home_page.pk}/edit/", "/dashboard/", "/django-admin/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" in directives(response)["script-src"] and only_this_origin(
            directives(response)
        )


# --- The checks themselves ----------------------------------------------------------------


def test_the_public_policy_names_no_other_origin():
    assert only_this_origin(PUBLIC)
    assert not only_this_origin({"script-src": ["'self'", "https://cdn.example.com"]})
    assert not only_this_origin({"img-src": ["https:"]})


def test_the_check_finds_inline_code():
    assert (
        inline_code('<script src="/static/js/a.js"></script><script type="application/json">{}</script>')
        == []
    )
    assert inline_code('<script type="application/ld+json">{"@type": "Course"}</script>') == []
    assert len(inline_code("<script>alert(1)</script>")) == 1
    assert len(inline_code('<script type="module">import "/x.js"</script>')) == 1
    assert len(inline_code('<button onclick="go()">Go</button>')) == 1
    assert len(inline_code('<p style="color: red">Red</p>')) == 1
    assert len(inline_code("<style>p { color: red }</style>")) == 1
    assert len(inline_code('<a href="javascript:go()">Go</a>')) == 1
