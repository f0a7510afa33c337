"""The retention sweep: every declaration's rule applied in the database, in batches.

Rows whose time is over get the declaration's expiry action (delete or anonymise).
Legal holds on a person or a record exclude them. Each batch is its own transaction and
locks its rows with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so two sweeps at
once share the work instead of doing it twice; a second sweep finds nothing left to do.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from gdpr.erasure_actions import Anonymise, Delete
from gdpr.models import LegalHold
from gdpr.registry import Declaration, registry

BATCH = 2000


def _held(declaration: Declaration, today: date) -> Q:
    """Rows of `declaration` under a legal hold, on the record or on its person."""
    model = declaration.get_model()
    holds = LegalHold.objects.active(today)
    records = list(
        holds.filter(content_type=ContentType.objects.get_for_model(model)).values_list(
            "object_id", flat=True
        )
    )
    condition = Q(pk__in=[model._meta.pk.to_python(pk) for pk in records])
    people = list(holds.filter(user__isnull=False).values_list("user_id", flat=True))
    if people:
        for path in declaration.person_paths:
            if path == "pk":
                condition |= Q(pk__in=people)
            elif isinstance(path, str):
                condition |= Q(**{f"{path}__in": people})
    return condition


def sweep_declaration(declaration: Declaration, today: date, dry_run=False, batch=BATCH) -> int:
    """Apply `declaration`'s rule; return how many rows it removed or anonymised (or would)."""
    string_paths = [p for p in declaration.person_paths if isinstance(p, str)]
    dues = [declaration.retention.due(today, path) for path in (string_paths or [None])]
    dues = [d for d in dues if d is not None]
    if not dues:
        return 0
    due = Q()
    for condition in dues:
        due |= condition
    action = declaration.expiry_action()
    model = declaration.get_model()
    candidates = model._default_manager.filter(due).exclude(_held(declaration, today))
    done = action.done() if isinstance(action, Anonymise) else None
    if done is not None and done != Q():
        candidates = candidates.exclude(done)
    elif isinstance(action, Anonymise):
        return 0  # nothing to anonymise (the account's references stay as they are)
    if dry_run:
        return candidates.count()
    total = 0
    while True:
        with transaction.atomic():
            locked = candidates.order_by("pk")
            if connection.features.has_select_for_update_skip_locked:
                locked = locked.select_for_update(skip_locked=True, of=("self",))
            pks = list(locked.values_list("pk", flat=True)[:batch])
            if not pks:
                return total
            rows = model._default_manager.filter(pk__in=pks)
            total += action.apply(rows) if isinstance(action, (Anonymise, Delete)) else 0


# Sweeping one declaration can make another's rows due: a company is anonymised once its
# last membership has gone, later in the same pass. A pass that changed nothing ends it.
MAX_PASSES = 3


def sweep(today: date | None = None, dry_run=False, batch=BATCH) -> Counter:
    """Run every rule until nothing more is due; counts per declaration and rule
    ("order.Order: accounting_records(…)")."""
    today = today or timezone.localdate()
    counts = Counter()
    for _pass in range(1 if dry_run else MAX_PASSES):
        changed = False
        for declaration in registry.in_erase_order():
            count = sweep_declaration(declaration, today, dry_run=dry_run, batch=batch)
            if count:
                counts[f"{declaration.model}: {declaration.retention.code()}"] += count
                changed = True
        if not changed:
            break
    return counts
