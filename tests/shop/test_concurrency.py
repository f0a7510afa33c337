"""Orders and payment files arriving at the same moment, on PostgreSQL: numbers without gaps, payments once."""

import threading
from decimal import Decimal

from django.db import connection

import pytest

from shop.invoicing import services, tasks
from shop.invoicing.models import BgMaxImport, Invoice, NumberSeries, Payment
from tests.conftest import require
from tests.factories.courses import make_course
from tests.factories.home import UserFactory
from tests.factories.shop import place_order
from tests.shop.test_bgmax import bgmax, deposit, end, opening, payment, start

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

THREADS = 8


@pytest.fixture(autouse=True)
def on_postgresql(monkeypatch):
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")
    # The worker's part (PDF, mail, enrolment) is not what these tests are about.
    monkeypatch.setattr(tasks.send_invoice, "delay", lambda *args, **kwargs: None)
    monkeypatch.setattr(tasks.fulfil_order, "delay", lambda *args, **kwargs: None)


@pytest.fixture
def course(seller_company):
    return make_course(seller_company, "GDPR för alla", price=Decimal("1000")).course


def at_once(work, count):
    """Run `work(i)` in `count` threads released together; returns (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=10)
            results.append(work(i))
        except Exception as exc:  # noqa: BLE001  (reported by the caller)
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection; the test database must drop them

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_orders_placed_at_the_same_moment_get_unique_invoice_numbers_without_gaps(seller_company, course):
    # A course and a buyer each: orders of one product queue behind each other on Oscar's
    # analytics row for it, which would hide a race on the number series.
    products = [make_course(seller_company, f"Kurs {i}").course.product for i in range(THREADS)]
    buyers = [UserFactory(email=f"buyer{i}@acme.example") for i in range(THREADS)]
    first = place_order(buyers[0], [(course.product, 1)]).invoice.number + 1  # the company exists now

    numbers, errors = at_once(lambda i: place_order(buyers[i], [(products[i], 1)]).invoice.number, THREADS)

    assert not errors, errors
    assert sorted(numbers) == list(range(first, first + THREADS))
    assert NumberSeries.objects.get(name=NumberSeries.INVOICE).last_number == first + THREADS - 1
    assert Invoice.objects.values("ocr").distinct().count() == THREADS + 1


def test_one_bgmax_file_imported_twice_at_the_same_moment_applies_each_payment_once(course):
    buyer = UserFactory()
    invoices = [place_order(buyer, [(course.product, 1)]).invoice for _ in range(2)]
    ore = [int(invoice.total_incl_vat * 100) for invoice in invoices]
    data = bgmax(
        start(),
        opening(),
        *(
            payment(invoice.ocr, amount, str(n))
            for n, (invoice, amount) in enumerate(zip(invoices, ore, strict=True), 1)
        ),
        deposit(sum(ore), 2),
        end(2),
    ).encode("latin-1")

    records, errors = at_once(lambda i: services.import_bgmax(data, f"bgmax-{i}.txt"), 2)

    assert not errors, errors
    assert sum(record.matched for record in records) == 2
    assert sum(record.duplicates for record in records) == 2
    assert BgMaxImport.objects.count() == 2
    assert sorted(Payment.objects.values_list("invoice__number", flat=True)) == sorted(
        i.number for i in invoices
    )
    assert all(invoice.paid_at for invoice in Invoice.objects.all())
