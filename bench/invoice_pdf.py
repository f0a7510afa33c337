#!/usr/bin/env python
"""Time to render one invoice PDF, in-process, as the Celery worker does.

The invoice is built in memory (nothing is saved, no database is needed), with seller
and buyer as checkout records them: a typical order of two lines, and a long one of
eight lines at two VAT rates. `run()` returns the figures for `make bench`; run this
file to print them and write the PDFs to var/, or with --json to print them as JSON.
"""

import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150  # PERFORMANCE.md: invoice or certificate PDF, warm, in the worker
ROUNDS = 10


def _setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def sample_invoice(language: str = "sv", lines: int = 8):
    """An unsaved invoice whose lines and order are cached on it, so rendering runs no query."""
    from django.utils import timezone

    from oscar.core.loading import get_model

    from shop.invoicing.models import Invoice, InvoiceLine

    Order = get_model("order", "Order")
    issued = date(2026, 11, 25)
    invoice = Invoice(
        pk=1,  # never saved; a primary key lets the related manager read the cache below
        number=100234,
        ocr="10023473",
        issue_date=issued,
        due_date=issued + timedelta(days=30),
        currency="SEK",
        language=language,
        seller_name="Cloocast AB",
        seller_organisation_number="559251-4557",
        seller_vat_number="SE559251455701",
        seller_f_tax=True,
        seller_bankgiro="5050-1055",
        seller_address="Sveavägen 1\n111 57 Stockholm",
        seller_email="faktura@cloocast.se",
        buyer_name="Acme Aktiebolag",
        buyer_organisation_number="556036-0793",
        buyer_vat_number="SE556036079301",
        buyer_contact="Anna Andersson",
        buyer_email="anna@acme.example",
        buyer_address="Storgatan 1\n111 22 Stockholm",
        buyer_reference="PO-4711",
        total_excl_vat=Decimal("0"),
        total_vat=Decimal("0"),
        total_incl_vat=Decimal("0"),
    )
    invoice.order = Order(number="100234", date_placed=timezone.make_aware(datetime(2026, 11, 25, 10, 30)))
    invoice_lines = []
    for position in range(1, lines + 1):
        rate = Decimal("0.25") if position % 4 else Decimal("0.06")
        quantity = position
        unit = Decimal("1250.00") if position % 2 else Decimal("199.00")
        excl = unit * quantity
        vat = (excl * rate).quantize(Decimal("0.01"))
        invoice_lines.append(
            InvoiceLine(
                invoice=invoice,
                position=position,
                description=f"Kurs {position}: Dataskydd och informationssäkerhet i praktiken",
                quantity=quantity,
                unit_price_excl_vat=unit,
                vat_rate=rate,
                total_excl_vat=excl,
                vat=vat,
                total_incl_vat=excl + vat,
            )
        )
    invoice._prefetched_objects_cache = {"lines": invoice_lines}
    invoice.total_excl_vat = sum(line.total_excl_vat for line in invoice_lines)
    invoice.total_vat = sum(line.vat for line in invoice_lines)
    invoice.total_incl_vat = invoice.total_excl_vat + invoice.total_vat
    return invoice


def _warm_ms(render, invoice) -> float:
    timings = []
    for _ in range(ROUNDS):
        begin = time.perf_counter()
        render(invoice)
        timings.append((time.perf_counter() - begin) * 1000)
    return statistics.median(timings)


def run() -> list[dict]:
    _setup_django()
    typical, long = sample_invoice(lines=2), sample_invoice(lines=8)
    started = time.perf_counter()
    from shop.invoicing.pdf import render_invoice_pdf

    pdf = render_invoice_pdf(typical)  # first in the worker: imports WeasyPrint, loads fonts
    cold_ms = (time.perf_counter() - started) * 1000
    long_pdf = render_invoice_pdf(long)
    rows = [
        {"name": f"invoice PDF, {label}, warm (median of {ROUNDS})", "value": round(ms, 1), "unit": "ms"}
        | {"target": f"≤ {TARGET_MS} ms", "met": ms <= TARGET_MS}
        for label, ms in (
            ("2 lines", _warm_ms(render_invoice_pdf, typical)),
            ("8 lines", _warm_ms(render_invoice_pdf, long)),
        )
    ]
    informative = [
        ("invoice PDF, first in a worker (imports WeasyPrint)", round(cold_ms, 1), "ms"),
        ("invoice PDF size, 2 lines", round(len(pdf) / 1024, 1), "KiB"),
        ("invoice PDF size, 8 lines", round(len(long_pdf) / 1024, 1), "KiB"),
    ]
    return rows + [
        {"name": name, "value": value, "unit": unit, "target": None, "met": None}
        for name, value, unit in informative
    ]


if __name__ == "__main__":
    if "--json" in sys.argv:  # for bench/run.py, which keeps Django out of its own process
        import json

        print(json.dumps(run()))
        sys.exit()
    for row in run():
        verdict = "" if row["met"] is None else ("ok" if row["met"] else "MISSED")
        print(f"{row['name']:<52}{row['value']:>9} {row['unit']:<4} {row['target'] or ''} {verdict}")
    from shop.invoicing.pdf import render_invoice_pdf

    for language in ("sv", "en"):
        out = ROOT / "var" / f"bench-invoice-{language}.pdf"
        out.parent.mkdir(exist_ok=True)
        out.write_bytes(render_invoice_pdf(sample_invoice(language)))
        print(f"Written to {out.relative_to(ROOT)}")
