"""Export of one person: every declaration's rows, paged, streamed into a zip file on disk.

The zip holds one JSON file per category (machine-readable, for portability), the same as
CSV (one line per field, for a spreadsheet), the person's files, and a readable
`index.html`. Rows are read in chunks and written as they come, so a long history never
has to fit in memory.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from gdpr.registry import Category, registry
from gdpr.subjects import Subject, rows_for

CHUNK = 500


class ExportEncoder(DjangoJSONEncoder):
    """Dates, decimals and UUIDs as Django writes them; anything else (a phone number) as text."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _exportable():
    for declaration in sorted(registry.declarations.values(), key=lambda d: d.model):
        if declaration.exporter is None or not (declaration.person_paths or declaration.email):
            continue
        yield declaration


def _fields(declaration, category):
    """The personal fields of `category` that the person gets: never a secret."""
    return sorted(
        name
        for name, cat in declaration.personal.items()
        if cat == category and name not in declaration.secrets
    )


def export_rows(declaration, subject, names):
    """Default exporter: the named fields of each of the person's rows, in pages."""
    model = declaration.get_model()
    queryset = rows_for(declaration, subject).order_by("pk")
    if callable(declaration.exporter):
        yield from declaration.exporter(queryset, names)
        return
    file_fields = {f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)}
    columns = ["pk", *[_column(model, n) for n in names]]
    for values in queryset.values_list(*columns).iterator(chunk_size=CHUNK):
        row = dict(zip(["id", *names], values, strict=True))
        for name in file_fields & set(names):
            row[name] = {"file": row[name]} if row[name] else None
        yield row


def _column(model, name):
    field = model._meta.get_field(name)
    return field.attname if field.is_relation else name


def export_person(user, path: Path) -> Path:
    return export_subject(Subject.for_user(user), path)


def export_subject(subject: Subject, path: Path) -> Path:
    """Write `subject`'s data into the zip file at `path` and return it."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    files: list[tuple[str, str, str]] = []  # (model, field, stored name): a few per person
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for category in Category.values:
            with archive.open(f"{category}.json", "w") as raw:
                _write_category(raw, category, subject, counts, files)
            if counts.get(category):
                with archive.open(f"{category}.csv", "w") as raw:
                    _write_csv(raw, category, subject)
        for model_label, field_name, name in files:
            # Each field's own storage: invoices' PDFs are in the private one.
            storage = apps.get_model(model_label)._meta.get_field(field_name).storage
            if storage.exists(name):
                with storage.open(name, "rb") as source, archive.open(f"files/{name}", "w") as target:
                    for chunk in iter(lambda: source.read(1 << 16), b""):
                        target.write(chunk)
        with archive.open("index.html", "w") as raw:
            _write_index(raw, subject, counts)
    return path


def _write_category(raw, category, subject, counts, files):
    encoder = ExportEncoder(ensure_ascii=False)
    raw.write(
        b'{"category": %s, "generated": %s, "records": ['
        % (
            json.dumps(category).encode(),
            json.dumps(timezone.now().isoformat()).encode(),
        )
    )
    first = True
    for declaration in _exportable():
        names = _fields(declaration, category)
        if not names:
            continue
        count = 0
        for row in export_rows(declaration, subject, names):
            for field_name, value in row.items():
                if isinstance(value, dict) and set(value) == {"file"}:
                    files.append((declaration.model, field_name, value["file"]))
            record = {"model": declaration.model, "purpose": str(declaration.purpose), **row}
            raw.write((b"" if first else b",\n") + encoder.encode(record).encode())
            first = False
            count += 1
        if count:
            counts[category][declaration.model] = count
    raw.write(b"]}\n")


def _write_csv(raw, category, subject):
    """The same records as a spreadsheet opens them: one line per field (model, id, field, value)."""
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(["model", "id", "field", "value"])
    for declaration in _exportable():
        names = _fields(declaration, category)
        if not names:
            continue
        for row in export_rows(declaration, subject, names):
            for name in names:
                writer.writerow([declaration.model, row.get("id"), name, _readable(row.get(name))])
    text.flush()
    text.detach()


def _write_index(raw, subject, counts):
    """A readable page: every category, its records as tables, written row by row."""
    labels = dict(Category.choices)
    raw.write(
        render_to_string("gdpr/export/index_head.html", {"counts": dict(counts), "labels": labels}).encode()
    )
    for category in Category.values:
        if not counts.get(category):
            continue
        raw.write(f'<section id="{category}"><h2>{escape(labels[category])}</h2>'.encode())
        for declaration in _exportable():
            names = _fields(declaration, category)
            if not names or not counts[category].get(declaration.model):
                continue
            model = declaration.get_model()
            headers = "".join(f"<th>{escape(model._meta.get_field(n).verbose_name)}</th>" for n in names)
            raw.write(
                f"<h3>{escape(model._meta.verbose_name_plural)}</h3><p>{escape(declaration.purpose)}</p>"
                f"<table><thead><tr>{headers}</tr></thead><tbody>".encode()
            )
            for row in export_rows(declaration, subject, names):
                cells = "".join(f"<td>{escape(_readable(row[n]))}</td>" for n in names)
                raw.write(f"<tr>{cells}</tr>\n".encode())
            raw.write(b"</tbody></table>")
        raw.write(f'<p><a href="{category}.json">{category}.json</a></p></section>'.encode())
    raw.write(b"</main></body></html>\n")


def _readable(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, cls=ExportEncoder)
    return str(value)
