"""The register extract (GDPR art. 15): a person's data by category, with why, on which
basis and for how long, as a page and as a PDF, in Swedish and English, and nobody else's."""

from datetime import datetime
from decimal import Decimal

from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail.models import Site

import pypdfium2
import pytest

from gdpr.export import _exportable, _fields, export_rows
from gdpr.extract import CONTEXT, IMY_URL, Table, extract, readable, render_html, render_pdf
from gdpr.registry import LawfulBasis, Purpose, registry
from gdpr.subjects import Subject
from home.models import CompanySettings
from shop.invoicing import fulfilment
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import place_order

pytestmark = pytest.mark.django_db

GRANTED = timezone.make_aware(datetime(2026, 3, 5, 10, 0))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def company(home_page):
    company = CompanySettings.for_site(Site.objects.get(is_default_site=True))
    company.name = "Cloocast AB"
    company.organisation_number = "559251-4557"
    company.address = "Sveavägen 1\n111 57 Stockholm"
    company.email = "dataskydd@cloocast.example"
    company.save()
    return company


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


@pytest.fixture
def person(home_page):
    return UserFactory(email="anna@example.com", first_name="Anna", last_name="Andersson")


@pytest.fixture
def order(person, course, company):
    """Anna's order of one course: its seat goes to her, so she is enrolled too."""
    order = place_order(person, [(course.product, 1)])
    fulfilment.fulfil_order(order)
    return order


@pytest.fixture
def other_order(course, company):
    """Someone else's order, with an invoice address of their own."""
    from dataclasses import replace

    from tests.factories.shop import ACME

    bo = UserFactory(email="bo@example.com", first_name="Bo", last_name="Berg")
    details = replace(ACME, company_name="Bergs Bygg AB", contact_name="Bo Berg", email="bo@berg.example")
    order = place_order(bo, [(course.product, 1)], details=details)
    fulfilment.fulfil_order(order)
    return order


def tables(context) -> dict[str, list[Table]]:
    found = {}
    for section in context["categories"]:
        for table in section["tables"]:
            found.setdefault(table.declaration.model, []).append(table)
    return found


def cells(table: Table) -> list[str]:
    return [cell for row in table for cell in row]


def course_title(order) -> str:
    return order.lines.get().product.title


def page_html(subject, user) -> str:
    request = RequestFactory().get("/account/privacy/extract/")
    request.user = user
    request.session = SessionStore()
    response = render_html(request, subject, granted_at=GRANTED)
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    return " ".join(text.split())


def test_the_extract_holds_the_orders_profile_and_enrolment_with_why_and_how_long(person, order):
    context = extract(Subject.for_own_account(person), granted_at=GRANTED)

    found = tables(context)
    assert context["person"] == {"name": "Anna Andersson", "email": "anna@example.com", "account": True}
    assert context["granted_at"] == GRANTED
    assert context["controller"].organisation_number == "559251-4557"
    (orders,) = found["order.Order"]
    assert str(order.number) in cells(orders)
    assert orders.purpose == Purpose.ORDERS.label and orders.basis == LawfulBasis.CONTRACT.label
    assert orders.retention == registry.declarations["order.Order"].retention.describe()
    assert "Order number" in orders.columns
    assert "anna@example.com" in [cell for table in found["home.User"] for cell in cells(table)]
    assert "Acme AB" in [cell for table in found["invoicing.Invoice"] for cell in cells(table)]
    (enrolments,) = found["courses.Enrolment"]
    assert enrolments.purpose == Purpose.EDUCATION.label
    assert len(enrolments) == 1 and course_title(order) in cells(enrolments)


def test_the_extract_shows_what_the_exporters_give_and_no_more(person, order):
    """Every personal field of the copy has its column, and each table has the copy's rows."""
    subject = Subject.for_own_account(person)
    found = tables(extract(subject))

    for declaration in _exportable():
        for table in found.get(declaration.model, []):
            names = _fields(declaration, table.category)
            assert table.keys[: len(names)] == names
            assert len(list(table)) == len(list(export_rows(declaration, subject, names))) == len(table)


def test_the_extract_holds_every_marker_the_copy_holds(sentinel):
    """The sentinel has a row in every declared model and a marker in every personal field:
    whatever the portability copy gives, the extract shows."""
    html = render_to_string("gdpr/extract_pdf.html", extract(Subject.for_user(sentinel.user))).lower()

    assert len(sentinel.markers) > 30  # the test can fail
    assert sorted(m for m in sentinel.markers if m not in html) == []


def test_the_extract_holds_no_secret_of_anyone_in_every_model(sentinel):
    from django.contrib.sessions.models import Session

    from wagtail.models import APIToken

    secrets = [sentinel.user.password, "_auth_user_hash"]
    secrets += [s.session_key for s in Session.objects.filter(expire_date__gt=timezone.now())]
    secrets += list(APIToken.objects.filter(user=sentinel.user).values_list("key_hash", flat=True))
    assert len(secrets) >= 4 and all(secrets)

    subject = Subject.for_user(sentinel.user)
    html = render_to_string("gdpr/extract_pdf.html", extract(subject))
    text = pdf_text(render_pdf(subject, granted_at=GRANTED))  # every model's rows lay out

    assert [secret for secret in secrets if secret in html or secret in text] == []
    assert sentinel.user.first_name in text


def test_a_secret_never_appears(client, person, order):
    client.force_login(person)  # a session, whose data holds the login's hash
    person.refresh_from_db()
    subject = Subject.for_own_account(person)

    context = extract(subject)
    user_columns = [column for table in tables(context)["home.User"] for column in table.columns]
    page = page_html(subject, person)
    text = pdf_text(render_pdf(subject, granted_at=GRANTED))

    assert "Password" not in user_columns
    assert person.password and person.password not in page and person.password not in text
    assert "_auth_user_hash" not in page and client.session.session_key not in page
    assert "Sessions" in page  # the session itself is shown, without its secrets


def test_the_page_is_the_account_areas_with_tables_and_a_pdf_link(person, order):
    page = page_html(Subject.for_own_account(person), person)

    assert '<html lang="en">' in page
    assert 'aria-current="page"' in page  # the account navigation, on "Privacy"
    assert "Make a PDF to keep" in page  # made by the worker (test_privacy_requests)
    assert '<th scope="col">Order number</th>' in page
    assert str(order.number) in page and "Anna Andersson" in page and "anna@example.com" in page
    assert "Cloocast AB" in page and "559251-4557" in page and "dataskydd@cloocast.example" in page
    assert str(Purpose.ORDERS.label) in page and "Transfers outside our servers" in page
    assert "no profiling" in page and IMY_URL in page
    assert "March 5, 2026" in page  # the day it was made


def test_staff_see_the_extract_without_their_own_account_navigation(person, order, staff):
    page = page_html(Subject.for_user(person), staff)

    assert str(order.number) in page and 'aria-current="page"' not in page


def test_the_pdf_is_a_real_pdf_with_the_persons_data(person, order):
    content = render_pdf(Subject.for_own_account(person), granted_at=GRANTED)

    assert content.startswith(b"%PDF-")
    document = pypdfium2.PdfDocument(content)
    width, height = document[0].get_size()
    assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297  # A4 portrait
    text = pdf_text(content)
    assert "Anna Andersson" in text and str(order.number) in text and "Cloocast AB" in text
    assert f"Page 1 / {len(document)}" in text


@pytest.mark.parametrize(
    "language, made_on, category",
    [("sv", "5 mars 2026", "Kontaktuppgifter"), ("en", "March 5, 2026", "Contact information")],
)
def test_both_languages_render(person, order, language, made_on, category):
    subject = Subject.for_own_account(person)
    with translation.override(language):
        page = page_html(subject, person)
        text = pdf_text(render_pdf(subject, granted_at=GRANTED))

    assert f'<html lang="{language}">' in page
    for output in (page, text):
        assert made_on in output and str(order.number) in output and category in output


def test_another_persons_rows_never_appear(person, order, other_order):
    subject = Subject.for_own_account(person)

    everything = " ".join(
        cell for table_list in tables(extract(subject)).values() for t in table_list for cell in cells(t)
    )
    page = page_html(subject, person)
    text = pdf_text(render_pdf(subject, granted_at=GRANTED))

    for output in (everything, page, text):
        assert str(order.number) in output
        assert str(other_order.number) not in output
        assert "bo@example.com" not in output and "Bergs Bygg AB" not in output and "Bo Berg" not in output


def test_staff_answering_a_mailed_request_find_the_invoices_by_address(order):
    """For an address without an account: what was ordered with it, and no profile."""
    context = extract(Subject.for_email(order.billing.email))
    found = tables(context)

    assert context["person"] == {"name": "", "email": order.billing.email, "account": False}
    assert "home.User" not in found
    assert str(order.invoice.number) in [
        cell for table in found["invoicing.Invoice"] for cell in cells(table)
    ]
    assert order.billing.email in render_to_string("gdpr/extract_pdf.html", context)


def test_nothing_held_says_so(home_page):
    context = extract(Subject.for_email("nobody@example.com"))

    assert context["categories"] == []
    assert "We hold no personal data about you." in render_to_string("gdpr/extract_pdf.html", context)


def test_values_read_as_a_person_reads_them():
    from django.db import models

    from shop.invoicing.models import Invoice

    language = Invoice._meta.get_field("language")
    pdf = Invoice._meta.get_field("pdf")
    assert readable(None, True) == "yes" and readable(None, False) == "no"
    assert readable(None, None) == "" and readable(None, "") == ""
    assert readable(language, "sv") == "Swedish"
    assert readable(pdf, "private/invoices/invoice-1001.pdf") == "invoice-1001.pdf"
    assert readable(None, {"file": "exports/2026/anna.zip"}) == "anna.zip"
    assert readable(models.DateField(), GRANTED.date()) == "March 5, 2026"
    assert readable(None, GRANTED) == "March 5, 2026, 10 a.m."
    assert readable(None, Decimal("1250.50")) == "1250.50"
    assert readable(None, [{"question": "Useful?", "rating": 4}]) == "(question: Useful?, rating: 4)"
    assert readable(None, {"subject": {"name": "Anna"}, "watched": [[0, 60]]}) == (
        "subject: (name: Anna), watched: ((0; 60))"
    )


def test_the_context_columns_are_fields_the_registry_calls_not_personal():
    """What the extract adds to the copy's rows to tell them apart is never personal data of
    its own, and never a secret; the rows it is matched to are keyed by primary key."""
    from gdpr.extract import _final_field

    for label, paths in CONTEXT.items():
        declaration = registry.declarations[label]
        assert declaration.exporter == "default", label
        for path in paths:
            final = _final_field(declaration.get_model(), path)
            owner = registry.declarations.get(final.model._meta.label)
            if owner is None:
                assert final.model._meta.label in registry.nothing_personal, path
            else:
                assert final.name in owner.not_personal and final.name not in owner.secrets, path


def test_the_extract_costs_the_same_queries_with_more_orders(person, order, course):
    subject = Subject.for_own_account(person)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page_html(subject, person)
        return len(captured)

    page_html(subject, person)  # the site's settings and content types, cached from here on
    one = queries()
    for _n in range(3):
        fulfilment.fulfil_order(place_order(person, [(course.product, 1)]))

    assert queries() == one
