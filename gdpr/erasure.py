"""Erasure of one person: every declaration's action, in a safe order, each step in its own
transaction so that an interrupted run can simply be run again (every step is idempotent).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from gdpr.models import ErasureRun, LegalHold
from gdpr.registry import registry
from gdpr.subjects import Subject, rows_for


@dataclass
class Retained:
    model: str
    pk: object
    reason: str
    until: date | None


@dataclass
class ErasureResult:
    """What erasure did: counts removed and anonymised per model, and every record kept with
    its reason and end date. `blocked_by` lists the legal holds that stopped it altogether."""

    removed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    anonymised: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    retained: list[Retained] = field(default_factory=list)
    blocked_by: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(self.removed.values()) + sum(self.anonymised.values())

    def retained_keys(self) -> set[tuple[str, str]]:
        return {(r.model, str(r.pk)) for r in self.retained}

    def as_dict(self) -> dict:
        return {
            "removed": dict(self.removed),
            "anonymised": dict(self.anonymised),
            "retained": [
                {
                    "model": r.model,
                    "id": str(r.pk),
                    "reason": r.reason,
                    "until": r.until.isoformat() if r.until else None,
                }
                for r in self.retained
            ],
            "blocked_by": self.blocked_by,
        }


def held_records(model, today: date) -> dict:
    """{pk: (reason, until)} of the records of `model` under an active legal hold."""
    content_type = ContentType.objects.get_for_model(model)
    holds = LegalHold.objects.active(today).filter(content_type=content_type)
    pk_type = model._meta.pk.to_python
    return {pk_type(h.object_id): (h.describe(), h.until) for h in holds}


def erase_person(user, today: date | None = None) -> ErasureResult:
    """Erase everything about `user` that no rule or hold keeps. Safe to run again."""
    return erase_subject(Subject.for_user(user), today=today)


def erase_subject(subject: Subject, today: date | None = None) -> ErasureResult:
    today = today or timezone.localdate()
    result = ErasureResult()
    run = ErasureRun.objects.create(user_id=subject.user_id or 0)
    if subject.user_id is not None:
        holds = LegalHold.objects.active(today).filter(user_id=subject.user_id)
        result.blocked_by = [h.describe() for h in holds]
        if result.blocked_by:
            run.status, run.finished_at = ErasureRun.Status.BLOCKED, timezone.now()
            run.steps = {"blocked_by": [h.pk for h in holds]}
            run.save()
            return result
    for declaration in registry.in_erase_order():
        if not declaration.person_paths and not declaration.email:
            continue  # found by people, not by account: `manual` says who handles it
        model = declaration.get_model()
        with transaction.atomic():
            queryset = rows_for(declaration, subject)
            outcome = declaration.erasure.erase(queryset, subject, today, held_records(model, today))
        label = declaration.model
        if outcome.removed:
            result.removed[label] += outcome.removed
        if outcome.anonymised:
            result.anonymised[label] += outcome.anonymised
        result.retained.extend(Retained(label, pk, reason, until) for pk, reason, until in outcome.retained)
        run.steps[label] = {
            "removed": outcome.removed,
            "anonymised": outcome.anonymised,
            "retained": len(outcome.retained),
        }
        run.save(update_fields=["steps"])
    run.status = ErasureRun.Status.PARTIAL if result.retained else ErasureRun.Status.COMPLETE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return result
