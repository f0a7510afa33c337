"""Benchmark of the privacy engine on PostgreSQL: the export of one person with a long
history, and the retention sweep over many accounts, each timed and with its peak memory.

    .venv/bin/python bench/privacy.py

Takes DATABASE_URL from the environment (default
postgres://postgres@127.0.0.1:5432/learnshop_bench_privacy), creates and migrates that
database if needed, and empties it of the previous run's rows. `run()` returns the
figures for `make bench` as [{name, value, unit, target, met}]. Memory is "flat" when ten
times the history costs less than 1.5 times the peak memory.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/learnshop_bench_privacy"
EXPORT_ORDERS, EXPORT_OTHER_ROWS = 1_000, 10_000
SWEEP_ACCOUNTS = 100_000  # each with a basket and a search
TARGETS = {"export_seconds": 5.0, "sweep_accounts_per_second": 1_000.0, "flat_memory_ratio": 1.5}


def setup_django() -> None:
    """Configure Django on the benchmark's own database (which it empties: never a real one)."""
    from django.apps import apps

    if apps.ready:
        raise RuntimeError("bench/privacy.py empties its database: run it in a process of its own")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if "bench" not in os.environ["DATABASE_URL"].rsplit("/", 1)[1]:
        raise RuntimeError("bench/privacy.py empties its database: give it one whose name contains 'bench'")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    from database import create_database  # bench/database.py, beside this script

    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log growing with the work measured
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def empty_database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE home_user, order_billingaddress, basket_basket RESTART IDENTITY CASCADE")


# --- Data ----------------------------------------------------------------------------


def make_person_with_history(orders: int, other_rows: int):
    """One account with `orders` orders (each with its billing address) and `other_rows`
    rows of product views, searches, stored e-mails and notifications."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    BillingAddress = get_model("order", "BillingAddress")
    UserSearch = get_model("analytics", "UserSearch")
    Email = get_model("communication", "Email")
    Notification = get_model("communication", "Notification")
    person = get_user_model().objects.create_user(
        email=f"bench-{orders}@example.com", password=None, first_name="Bea", last_name="Bench"
    )
    sweden = get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="SE", defaults={"iso_3166_1_a3": "SWE", "iso_3166_1_numeric": "752", "name": "Sverige"}
    )[0]
    addresses = BillingAddress.objects.bulk_create(
        [BillingAddress(first_name="Bea", last_name="Bench", line1=f"Storgatan {n}", line4="Stockholm", country=sweden) for n in range(orders)],
        batch_size=2000,
    )  # fmt: skip
    now = timezone.now()
    Order.objects.bulk_create(
        [
            Order(
                number=f"B{orders}-{n}",
                user=person,
                billing_address=address,
                currency="SEK",
                total_incl_tax=Decimal("1250.00"),
                total_excl_tax=Decimal("1000.00"),
                status="Paid",
                date_placed=now - timedelta(days=n),
            )
            for n, address in enumerate(addresses)
        ],
        batch_size=2000,
    )
    quarter = other_rows // 4
    UserSearch.objects.bulk_create(
        [UserSearch(user=person, query=f"kurs {n}") for n in range(quarter)], batch_size=5000
    )
    Email.objects.bulk_create(
        [Email(user=person, email=person.email, subject=f"Order {n}", body_text="Tack för din beställning.") for n in range(quarter)],
        batch_size=5000,
    )  # fmt: skip
    Notification.objects.bulk_create(
        [Notification(recipient=person, subject=f"Meddelande {n}", body="Hej") for n in range(other_rows - 2 * quarter)],
        batch_size=5000,
    )  # fmt: skip
    return person


def make_closed_accounts(count: int) -> None:
    """`count` accounts whose customer relationship ended two years ago, each with a
    basket and a search of its own (what the sweep deletes besides the account)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from oscar.core.loading import get_model

    from gdpr.models import CustomerRelationship

    Basket = get_model("basket", "Basket")
    UserSearch = get_model("analytics", "UserSearch")

    User = get_user_model()
    ended = timezone.now() - timedelta(days=730)
    step = 10_000
    for start in range(0, count, step):
        users = User.objects.bulk_create(
            [
                User(
                    email=f"closed-{n}@example.com", first_name="Carl", last_name=f"Closed {n}", password="!"
                )
                for n in range(start, min(start + step, count))
            ]
        )
        CustomerRelationship.objects.bulk_create(
            [CustomerRelationship(user=u, ended_at=ended, end_reason="account_closed") for u in users]
        )
        Basket.objects.bulk_create([Basket(owner=u) for u in users])
        UserSearch.objects.bulk_create([UserSearch(user=u, query="kurs") for u in users])


# --- Measurements ----------------------------------------------------------------------


def measure(function):
    """(seconds, peak MB): timed without tracing, then run again under tracemalloc."""
    started = time.perf_counter()
    function()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def bench_export(orders: int, other_rows: int):
    from gdpr.export import export_person

    empty_database()
    person = make_person_with_history(orders, other_rows)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "export.zip"
        figures = measure(lambda: export_person(person, path))
        with zipfile.ZipFile(path) as archive:
            contact = archive.read("contact.json").decode()
        exported = contact.count('"model": "order.BillingAddress"')
        assert exported == orders, f"the export holds {exported} of {orders} billing addresses"
        return figures


def bench_sweep(accounts: int):
    from gdpr.sweep import sweep

    empty_database()
    make_closed_accounts(accounts)
    started = time.perf_counter()
    tracemalloc.start()
    counts = sweep()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    seconds = time.perf_counter() - started
    done = counts.get("home.User: relationship_end+12m", 0)
    assert done == accounts, f"the sweep anonymised {done} of {accounts} accounts"
    return accounts / seconds, peak


def _figure(name, value, unit, target, met):
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, "met": bool(met)}


def run() -> list[dict]:
    setup_django()
    small_seconds, small_peak = bench_export(EXPORT_ORDERS // 10, EXPORT_OTHER_ROWS // 10)
    seconds, peak = bench_export(EXPORT_ORDERS, EXPORT_OTHER_ROWS)
    export_ratio = peak / small_peak
    small_rate, small_sweep_peak = bench_sweep(SWEEP_ACCOUNTS // 10)
    rate, sweep_peak = bench_sweep(SWEEP_ACCOUNTS)
    sweep_ratio = sweep_peak / small_sweep_peak
    empty_database()
    flat = TARGETS["flat_memory_ratio"]
    return [
        _figure(
            "privacy export, 1,000 orders + 10,000 rows",
            seconds,
            "s",
            f"≤ {TARGETS['export_seconds']:g} s",
            seconds <= TARGETS["export_seconds"],
        ),
        _figure("privacy export, peak memory", peak, "MB", "flat", export_ratio <= flat),
        _figure(
            "privacy export, memory at 10× the history",
            export_ratio,
            "×",
            f"≤ {flat:g}×",
            export_ratio <= flat,
        ),
        _figure(
            "privacy sweep, 100,000 accounts",
            rate,
            "accounts/s",
            f"≥ {TARGETS['sweep_accounts_per_second']:,.0f}",
            rate >= TARGETS["sweep_accounts_per_second"],
        ),
        _figure("privacy sweep, peak memory", sweep_peak, "MB", "flat", sweep_ratio <= flat),
        _figure(
            "privacy sweep, memory at 10× the accounts", sweep_ratio, "×", f"≤ {flat:g}×", sweep_ratio <= flat
        ),
    ]


def main() -> int:
    figures = run()
    if "--json" in sys.argv:  # for bench/run.py, which keeps Django out of its own process
        import json

        print(json.dumps(figures))
        return 0
    width = max(len(f["name"]) for f in figures)
    print(f"{'what':<{width}}  {'value':>12}  {'unit':<10}  {'target':<10}  met")
    for f in figures:
        print(
            f"{f['name']:<{width}}  {f['value']:>12,.3f}  {f['unit']:<10}  {f['target']:<10}  {'yes' if f['met'] else 'NO'}"
        )
    return 0 if all(f["met"] for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
