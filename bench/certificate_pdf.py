#!/usr/bin/env python
"""Certificate PDFs rendered per second, warm, in-process as the Celery worker renders
them (the mail's attachment) and as the download view does.

The certificate is built in memory from a design snapshot with two signatories and
no images (no database is needed: the issuer's name is given). `run()` returns the
figures for `make bench`; run this file to print them and write the PDFs to var/, or
with --json to print them as JSON.
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150  # PERFORMANCE.md: invoice or certificate PDF, warm, in the worker
ROUNDS = 20


def _setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def sample_certificate(language: str = "sv"):
    from certificates.models import Certificate
    from courses.models import Course

    return Certificate(
        code="7K3M9Q2XH4TP8W6RB1DC",
        learner_name="Anna-Karin Åström Lindqvist",
        course=Course(code="gdpr-for-alla"),
        course_titles={"sv": "GDPR för alla medarbetare", "en": "GDPR for every employee"},
        course_version="2026-11-20/r412",
        company_name="Exempel AB",
        completed_on=date(2026, 11, 25),
        expires_on=date(2029, 11, 25),
        language=language,
        status_index=4711,
        design_snapshot={
            "primary_colour": "#1d3557",
            "accent_colour": "#b08d2b",
            "title": {"sv": "Kursintyg", "en": "Certificate"},
            "statement": {"sv": "", "en": ""},
            "footer": {"sv": "Cloocast AB · Drottninggatan 1 · Stockholm", "en": "Cloocast AB · Stockholm"},
            "signatories": [
                {"name": "Karin Lund", "title": {"sv": "VD", "en": "CEO"}, "signature": None},
                {"name": "Per Holm", "title": {"sv": "Kursansvarig", "en": "Course lead"}, "signature": None},
            ],
        },
    )


def _render(language: str = "sv") -> bytes:
    from certificates.rendering import render_pdf

    return render_pdf(sample_certificate(language), language)


def run() -> list[dict]:
    _setup_django()
    with mock.patch("certificates.rendering.issuer_name", return_value="Cloocast AB"):
        started = time.perf_counter()
        pdf = _render()  # first in the worker: imports WeasyPrint, loads fonts
        cold_ms = (time.perf_counter() - started) * 1000
        timings = []
        for _ in range(ROUNDS):
            begin = time.perf_counter()
            _render()
            timings.append((time.perf_counter() - begin) * 1000)
    warm_ms = statistics.median(timings)
    return [
        {
            "name": f"certificate PDF, warm (median of {ROUNDS})",
            "value": round(warm_ms, 1),
            "unit": "ms",
            "target": f"≤ {TARGET_MS} ms",
            "met": warm_ms <= TARGET_MS,
        },
        {
            "name": "certificate PDFs per second, warm, one worker",
            "value": round(1000 / warm_ms, 1),
            "unit": "/s",
        }
        | {"target": None, "met": None},
        {"name": "certificate PDF, first in a worker", "value": round(cold_ms, 1), "unit": "ms"}
        | {"target": None, "met": None},
        {"name": "certificate PDF size", "value": round(len(pdf) / 1024, 1), "unit": "KiB"}
        | {"target": None, "met": None},
    ]


if __name__ == "__main__":
    if "--json" in sys.argv:  # for bench/run.py, which keeps Django out of its own process
        import json

        print(json.dumps(run()))
        sys.exit()
    for row in run():
        verdict = "" if row["met"] is None else ("ok" if row["met"] else "MISSED")
        print(f"{row['name']:<52}{row['value']:>9} {row['unit']:<4} {row['target'] or ''} {verdict}")
    with mock.patch("certificates.rendering.issuer_name", return_value="Cloocast AB"):
        for language in ("sv", "en"):
            out = ROOT / "var" / f"bench-certificate-{language}.pdf"
            out.parent.mkdir(exist_ok=True)
            out.write_bytes(_render(language))
            print(f"Written to {out.relative_to(ROOT)}")
