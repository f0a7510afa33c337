#!/usr/bin/env python
"""Time to render one invoice PDF, in-process, as the Celery worker does.

The invoice is built in memory (nothing is saved, no database is needed): eight lines
at two VAT rates, seller and buyer as checkout would record them. `run()` returns the
figures for `make bench`; run this file to print them and write the PDF to var/.
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


def sample_invoice(language: str = "sv"):
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
    lines = []
    for position in range(1, 9):
        rate = Decimal("0.25") if position % 4 else Decimal("0.06")
        quantity = position
        unit = Decimal("1250.00") if position % 2 else Decimal("199.00")
        excl = unit * quantity
        vat = (excl * rate).quantize(Decimal("0.01"))
        lines.append(
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
    invoice._prefetched_objects_cache = {"lines": lines}
    invoice.total_excl_vat = sum(line.total_excl_vat for line in lines)
    invoice.total_vat = sum(line.vat for line in lines)
    invoice.total_incl_vat = invoice.total_excl_vat + invoice.total_vat
    return invoice


def run() -> list[dict]:
    started = time.perf_counter()
    _setup_django()
    from shop.invoicing.pdf import render_invoice_pdf

    invoice = sample_invoice()
    pdf = render_invoice_pdf(invoice)  # first call: imports, fonts, template loading
    cold_ms = (time.perf_counter() - started) * 1000
    timings = []
    for _ in range(ROUNDS):
        begin = time.perf_counter()
        render_invoice_pdf(invoice)
        timings.append((time.perf_counter() - begin) * 1000)
    warm_ms = statistics.median(timings)
    return [
        {
            "name": "invoice PDF, warm (median of 10)",
            "value": round(warm_ms, 1),
            "unit": "ms",
            "target": f"≤ {TARGET_MS} ms",
            "met": warm_ms <= TARGET_MS,
        },
        {
            "name": "invoice PDF, first in process (incl. Django setup)",
            "value": round(cold_ms, 1),
            "unit": "ms",
            "target": None,
            "met": None,
        },
        {
            "name": "invoice PDF size (8 lines)",
            "value": round(len(pdf) / 1024, 1),
            "unit": "KiB",
            "target": None,
            "met": None,
        },
    ]


if __name__ == "__main__":
    for row in run():
        verdict = "" if row["met"] is None else ("ok" if row["met"] else "MISSED")
        print(f"{row['name']:<52}{row['value']:>9} {row['unit']:<4} {row['target'] or ''} {verdict}")
    from shop.invoicing.pdf import render_invoice_pdf

    for language in ("sv", "en"):
        out = ROOT / "var" / f"bench-invoice-{language}.pdf"
        out.parent.mkdir(exist_ok=True)
        out.write_bytes(render_invoice_pdf(sample_invoice(language)))
        print(f"Written to {out.relative_to(ROOT)}")
