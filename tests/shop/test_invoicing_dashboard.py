"""Staff's invoicing pages in Oscar's dashboard: who gets in, and marking paid, crediting and BgMax through them."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from oscar.core.loading import get_model

import pytest

from courses.models import Enrolment
from shop.invoicing import fulfilment
from shop.invoicing.models import BgMaxImport, CreditNote, FulfilmentIssue, Invoice, Payment
from tests.factories.courses import make_course
from tests.factories.shop import CompanyDetails, place_order
from tests.shop.test_bgmax import bgmax, deposit, end, opening, payment, start

Line = get_model("order", "Line")


@pytest.fixture(autouse=True)
def english(client):
    """Messages are compared in English, the source language, whatever gets translated."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


@pytest.fixture
def order(buyer, course):
    return place_order(buyer, [(course.product, 1)])


@pytest.fixture
def invoice(order):
    return order.invoice


def url(name, *args):
    return reverse(f"invoicing-dashboard:{name}", args=args)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def pay_file(*payments, serial="1"):
    """A BgMax file with one deposit of `payments` [(reference, kronor)]."""
    records = [
        payment(reference, int(kronor * 100), str(n)) for n, (reference, kronor) in enumerate(payments, 1)
    ]
    total = sum(int(kronor * 100) for _, kronor in payments)
    return bgmax(
        start(), opening(), *records, deposit(total, len(payments), serial=serial), end(len(payments))
    ).encode("latin-1")


def upload(client, data, file_name="bgmax.txt"):
    return client.post(url("bgmax-upload"), {"file": SimpleUploadedFile(file_name, data)}, follow=True)


# --- Who gets in ---------------------------------------------------------------------

PAGES = ["invoice-list", "invoice-detail", "mark-paid", "credit", "bgmax-list", "bgmax-upload", "unfulfilled"]
ABOUT_AN_INVOICE = {"invoice-detail", "mark-paid", "credit"}


def page_urls(invoice):
    return [url(page, invoice.number) if page in ABOUT_AN_INVOICE else url(page) for page in PAGES]


@pytest.mark.parametrize(
    "role, status",
    [("buyer", 403), ("learner", 403), ("seller", 403), ("editor", 403), ("staff", 200), ("sysadmin", 200)],
)
def test_only_staff_open_the_invoicing_pages(client, request, invoice, role, status):
    client.force_login(request.getfixturevalue(role))
    assert {target: client.get(target).status_code for target in page_urls(invoice)} == dict.fromkeys(
        page_urls(invoice), status
    )


def test_anonymous_visitors_are_sent_to_the_dashboard_login(client, invoice):
    login = reverse("dashboard:login")
    for target in page_urls(invoice):
        response = client.get(target)
        assert (response.status_code, response.url) == (302, f"{login}?next={target}")


def test_a_seller_cannot_mark_paid_credit_or_import(client, seller, invoice):
    client.force_login(seller)
    assert client.post(url("mark-paid", invoice.number), {"paid_on": "2026-01-01"}).status_code == 403
    assert client.post(url("credit", invoice.number), {"reason": "no"}).status_code == 403
    assert upload(client, pay_file((invoice.ocr, invoice.total_incl_vat))).status_code == 403
    assert (Payment.objects.count(), CreditNote.objects.count(), BgMaxImport.objects.count()) == (0, 0, 0)


def test_staff_without_the_invoicing_permissions_are_refused(client, invoice):
    from tests.factories.home import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(url("invoice-list")).status_code == 403


def test_the_dashboard_menu_shows_invoicing_to_staff_and_not_to_sellers(
    client, staff, seller, seller_company
):
    client.force_login(staff)
    assert url("invoice-list") in client.get("/dashboard/").content.decode()
    client.force_login(seller)
    page = client.get("/dashboard/").content.decode()
    assert "/dashboard/invoicing/" not in page


# --- Invoice list and detail ----------------------------------------------------------


def test_the_invoice_list_costs_the_same_queries_for_two_invoices_or_ten(
    client, staff, buyer, course, django_assert_max_num_queries
):
    for _ in range(2):
        place_order(buyer, [(course.product, 1)])
    client.force_login(staff)
    client.get(url("invoice-list"))  # warm up the session and the menu's caches
    with CaptureQueriesContext(connection) as two:
        client.get(url("invoice-list"))
    for _ in range(8):
        place_order(buyer, [(course.product, 1)])

    with django_assert_max_num_queries(len(two)):
        response = client.get(url("invoice-list"))

    assert len(response.context["invoices"]) == 10


def test_the_invoice_list_finds_by_number_ocr_company_and_organisation_number(client, staff, buyer, course):
    acme = place_order(buyer, [(course.product, 1)]).invoice
    other = place_order(
        buyer,
        [(course.product, 1)],
        details=CompanyDetails(
            company_name="Bolaget AB",
            organisation_number="559251-4557",
            contact_name="Bo Berg",
            email="bo@bolaget.example",
            language="en",
        ),
    ).invoice
    client.force_login(staff)

    def found(q):
        return [i.number for i in client.get(url("invoice-list"), {"q": q}).context["invoices"]]

    assert found(str(other.number)) == [other.number]
    assert found(acme.ocr) == [acme.number]
    assert found("bolaget") == [other.number]
    assert found("5592514557") == found("559251-4557") == [other.number]
    assert found(acme.order.number) == [acme.number]
    assert found("nobody") == []


def test_the_invoice_list_filters_by_status(client, staff, buyer, course, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    paid, credited, overdue, fresh = (place_order(buyer, [(course.product, 1)]).invoice for _ in range(4))
    client.force_login(staff)
    client.post(url("mark-paid", paid.number), {"paid_on": timezone.localdate().isoformat()})
    client.post(url("credit", credited.number), {"reason": "Fel kurs"})
    Invoice.objects.filter(pk=overdue.pk).update(due_date=timezone.localdate() - timezone.timedelta(days=1))

    def listed(status):
        return [i.number for i in client.get(url("invoice-list"), {"status": status}).context["invoices"]]

    assert listed("paid") == [paid.number]
    assert listed("credited") == [credited.number]
    assert listed("overdue") == [overdue.number]
    assert listed("open") == [fresh.number]
    assert len(listed("")) == 4


def test_the_invoice_page_shows_lines_vat_per_rate_and_payments(client, staff, invoice):
    client.force_login(staff)
    client.post(url("mark-paid", invoice.number), {"paid_on": timezone.localdate().isoformat()})

    response = client.get(url("invoice-detail", invoice.number))

    page = response.content.decode()
    assert "GDPR för alla" in page and invoice.ocr in page
    assert response.context["vat_rows"] == [
        {
            "rate": Decimal("0.250"),
            "percent": Decimal("25"),
            "base": Decimal("1000.00"),
            "vat": Decimal("250.00"),
        }
    ]
    assert "marked paid by staff" in page
    assert not response.context["can_mark_paid"] and response.context["can_credit"]


# --- PDFs -------------------------------------------------------------------------------


def test_an_invoice_pdf_not_rendered_yet_is_a_404_saying_so(client, staff, invoice):
    client.force_login(staff)
    response = client.get(url("invoice-pdf", invoice.number))
    assert response.status_code == 404
    assert "being rendered" in response.content.decode()


def test_staff_download_the_invoice_and_credit_note_pdfs(client, staff, invoice):
    invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(b"%PDF-1.7 invoice"), save=False)
    invoice.save(update_fields=["pdf"])
    client.force_login(staff)

    response = client.get(url("invoice-pdf", invoice.number))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="invoice-{invoice.number}.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 invoice"

    assert client.get(url("credit-note-pdf", invoice.number)).status_code == 404  # not credited
    client.post(url("credit", invoice.number), {"reason": "Fel kurs"})
    note = CreditNote.objects.get(invoice=invoice)
    assert "being rendered" in client.get(url("credit-note-pdf", invoice.number)).content.decode()
    note.pdf.save(f"credit-{note.number}.pdf", ContentFile(b"%PDF-1.7 credit"), save=False)
    note.save(update_fields=["pdf"])
    response = client.get(url("credit-note-pdf", invoice.number))
    assert response["Content-Disposition"] == f'attachment; filename="credit-note-{note.number}.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 credit"


# --- Marking paid and crediting ------------------------------------------------------


def test_marking_paid_records_the_balance_once(client, staff, invoice):
    client.force_login(staff)
    assert client.get(url("mark-paid", invoice.number)).status_code == 200

    response = client.post(url("mark-paid", invoice.number), {"paid_on": "2026-01-15"}, follow=True)

    paid = Invoice.objects.get(pk=invoice.pk)
    assert paid.status == "paid" and paid.order.status == "Paid"
    assert [(p.amount, str(p.paid_on), p.recorded_by) for p in paid.payments.all()] == [
        (Decimal("1250.00"), "2026-01-15", staff)
    ]
    assert any("is marked paid" in m for m in messages_of(response))

    again = client.post(url("mark-paid", invoice.number), {"paid_on": "2026-01-15"}, follow=True)

    assert messages_of(again) == [f"Invoice {invoice.number} is already paid."]
    assert paid.payments.count() == 1


def test_a_payment_date_in_the_future_is_refused(client, staff, invoice):
    client.force_login(staff)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = client.post(url("mark-paid", invoice.number), {"paid_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors == {"paid_on": ["The payment date cannot be in the future."]}
    assert not Payment.objects.exists()


def test_crediting_needs_a_reason_then_cancels_the_order(client, staff, invoice):
    client.force_login(staff)

    response = client.post(url("credit", invoice.number), {"reason": "  "})

    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert not CreditNote.objects.exists()

    response = client.post(url("credit", invoice.number), {"reason": "Fel kurs"}, follow=True)

    note = CreditNote.objects.get(invoice=invoice)
    assert (note.reason, note.created_by, note.total_incl_vat) == ("Fel kurs", staff, Decimal("1250.00"))
    assert Invoice.objects.get(pk=invoice.pk).order.status == "Cancelled"
    assert any(f"Credit note {note.number} issued" in m for m in messages_of(response))

    again = client.post(url("credit", invoice.number), {"reason": "Igen"}, follow=True)
    assert messages_of(again) == [f"Invoice {invoice.number} is already credited."]
    assert CreditNote.objects.count() == 1


def test_a_credited_invoice_cannot_be_marked_paid(client, staff, invoice):
    client.force_login(staff)
    client.post(url("credit", invoice.number), {"reason": "Fel kurs"}, follow=True)
    response = client.post(url("mark-paid", invoice.number), {"paid_on": "2026-01-15"}, follow=True)
    assert messages_of(response) == ["A credited invoice cannot be paid."]
    assert not Payment.objects.exists()


# --- BgMax -------------------------------------------------------------------------------


def test_a_bgmax_upload_pays_by_ocr_and_reports_what_did_not_match(client, staff, invoice):
    client.force_login(staff)

    response = upload(client, pay_file((invoice.ocr, invoice.total_incl_vat), ("9999999999", Decimal("10"))))

    record = BgMaxImport.objects.get()
    assert response.redirect_chain[-1][0] == url("bgmax-detail", record.pk)
    assert (record.matched, record.unmatched, record.duplicates, record.uploaded_by) == (1, 1, 0, staff)
    assert [(r["invoice"], r["amount"]) for r in response.context["matched"]] == [
        (invoice.number, Decimal("1250.00"))
    ]
    assert [(r["references"], r["why"]) for r in response.context["unmatched"]] == [
        (["9999999999"], "no invoice has this OCR reference")
    ]
    assert Invoice.objects.get(pk=invoice.pk).status == "paid"
    assert "1 applied, 1 not matched, 0 already applied before" in messages_of(response)[0]
    assert client.get(url("bgmax-list")).context["imports"][0] == record


def test_a_replayed_bgmax_file_applies_nothing_twice(client, staff, invoice):
    client.force_login(staff)
    data = pay_file((invoice.ocr, invoice.total_incl_vat))
    upload(client, data)

    response = upload(client, data, file_name="bgmax-again.txt")

    replay = BgMaxImport.objects.get(file_name="bgmax-again.txt")
    assert (replay.matched, replay.unmatched, replay.duplicates) == (0, 0, 1)
    assert [(r["invoice"], r["why"]) for r in response.context["duplicates"]] == [
        (invoice.number, "already applied")
    ]
    assert Payment.objects.filter(invoice=invoice).count() == 1


def test_a_malformed_bgmax_file_is_refused_with_its_line_and_stores_nothing(client, staff, invoice):
    client.force_login(staff)
    good = pay_file((invoice.ocr, invoice.total_incl_vat)).decode("latin-1").splitlines()
    good[2] = good[2][:49] + "x" + good[2][50:]  # the payment's amount (positions 38-55)

    response = upload(client, "\n".join(good).encode("latin-1"))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file was not imported, nothing in it was applied: line 3: amount is not a number"
    ]
    assert (BgMaxImport.objects.count(), Payment.objects.count()) == (0, 0)


def test_a_bgmax_file_over_five_megabytes_is_refused(client, staff):
    client.force_login(staff)
    response = upload(client, b"0" * (5 * 1024 * 1024 + 1))
    assert "may be at most 5.0" in response.context["form"].errors["file"][0]
    assert not BgMaxImport.objects.exists()


# --- Placed but not enrolled -------------------------------------------------------------


def test_unfulfilled_lines_are_listed_with_their_reason_and_a_retry_fulfils_them(
    client, staff, order, course
):
    line = order.lines.get()
    course.product, product = None, course.product
    course.save(update_fields=["product"])
    fulfilment.fulfil_order(order)
    fulfilment.fulfil_order(order)
    client.force_login(staff)

    response = client.get(url("unfulfilled"))

    assert list(response.context["lines"]) == [line]
    page = response.content.decode()
    assert "neither a course nor a document" in page
    assert FulfilmentIssue.objects.get(order_line=line).attempts == 2

    course.product = product
    course.save(update_fields=["product"])
    response = client.post(url("retry-fulfilment", order.number), follow=True)

    assert messages_of(response) == [f"Order {order.number} is fulfilled."]
    assert Enrolment.objects.filter(order_line=line).exists()
    assert not FulfilmentIssue.objects.exists()
    assert list(response.context["lines"]) == []


def test_retrying_a_cancelled_order_grants_nothing(client, staff, order, course):
    course.product, product = None, course.product
    course.save(update_fields=["product"])
    fulfilment.fulfil_order(order)
    client.force_login(staff)
    client.post(url("credit", order.invoice.number), {"reason": "Fel kurs"}, follow=True)
    course.product = product
    course.save(update_fields=["product"])

    response = client.post(url("retry-fulfilment", order.number), follow=True)

    assert messages_of(response) == [f"Order {order.number} has nothing left to fulfil."]
    assert not Enrolment.objects.filter(order_line__order=order).exists()


def test_a_retry_that_fails_again_says_why(client, staff, order):
    Line.objects.filter(order=order).update(product=None)
    client.force_login(staff)

    response = client.post(url("retry-fulfilment", order.number), follow=True)

    assert messages_of(response) == [
        f"Order {order.number}: 1 line is still not fulfilled: The product of this line no longer exists."
    ]
    assert FulfilmentIssue.objects.get().attempts == 1
