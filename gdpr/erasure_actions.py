"""What erasure does to a model's rows: delete them, anonymise them field by field, or retain
them for a named legal reason until a date, then delete or anonymise them.

Anonymisation is irreversible: fields get fixed placeholders, or values derived from the
row's own id, never a hash of what was there. Every action is idempotent: run twice,
the second run changes no row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.dispatch import Signal

ERASED = "[erased]"
ERASED_EMAIL_DOMAIN = "erased.invalid"
# Sent with the model as sender once rows were anonymised: set-based updates send no
# post_save, and caches of what those rows showed must drop it (home/caching.py).
rows_anonymised = Signal()


# --- Field strategies --------------------------------------------------------------


class Strategy:
    """How one field is anonymised. `expression()` for a set-based update, or `apply()` per row."""

    per_row = False

    def expression(self):
        raise NotImplementedError

    def apply(self, row, name, subject):
        raise NotImplementedError

    def code(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class Placeholder(Strategy):
    value: object = ERASED

    def expression(self):
        return Value(self.value) if self.value is not None else None

    def code(self):
        return f"placeholder({self.value!r})"


def Blank():  # noqa: N802  (reads like the other strategies)
    return Placeholder("")


def Null():  # noqa: N802
    return Placeholder(None)


@dataclass(frozen=True)
class ErasedEmail(Strategy):
    """erased-<row id>@erased.invalid: unique (the login must stay unique), and says nothing."""

    def expression(self):
        return Concat(
            Value("erased-"),
            Cast("pk", CharField()),
            Value(f"@{ERASED_EMAIL_DOMAIN}"),
            output_field=CharField(),
        )

    def code(self):
        return "erased_email"


@dataclass(frozen=True)
class UnusablePassword(Strategy):
    def expression(self):
        return Value("!")

    def code(self):
        return "unusable_password"


@dataclass(frozen=True)
class RedactSubject(Strategy):
    """Per row: remove the person's name and e-mail address, their comments and the ids that
    point at them, from a text or JSON value (a page revision's content holds comments).

    Without a subject (the retention sweep), the person is the row's `person` account.
    """

    person: str = "user"
    per_row = True

    def apply(self, row, name, subject):
        if subject is None:
            from gdpr.subjects import Subject

            account = getattr(row, self.person, None)
            if account is None:
                return getattr(row, name)
            subject = Subject.for_user(account)
        return redact(getattr(row, name), subject)

    def code(self):
        return "redact_subject"


@dataclass(frozen=True)
class DeleteFile(Strategy):
    """Per row: delete the stored file and empty the field."""

    per_row = True

    def apply(self, row, name, subject):
        file = getattr(row, name)
        if file:
            file.storage.delete(file.name)
        return ""

    def code(self):
        return "delete_file"


# Keys in serialised content (revisions, log entries) that hold an account's id.
ACCOUNT_KEYS = ("user", "owner", "locked_by", "uploaded_by_user", "last_translated_by", "resolved_by")


def redact(value, subject):
    """The value with every string naming `subject` replaced, their comments emptied and the
    ids pointing at their account removed."""
    if isinstance(value, dict):
        if value.get("user") == subject.user_id and "text" in value:
            value = {**value, "text": ERASED}
        return {
            key: None if key in ACCOUNT_KEYS and item == subject.user_id else redact(item, subject)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item, subject) for item in value]
    if isinstance(value, str):
        for needle in subject.identifying_strings():
            if needle and needle.lower() in value.lower():
                value = _replace_ci(value, needle, ERASED)
        return value
    return value


def _replace_ci(text: str, needle: str, replacement: str) -> str:
    lowered, target, start, parts = text.lower(), needle.lower(), 0, []
    while (index := lowered.find(target, start)) != -1:
        parts.append(text[start:index])
        parts.append(replacement)
        start = index + len(needle)
    parts.append(text[start:])
    return "".join(parts)


# --- Actions -------------------------------------------------------------------------


@dataclass
class Outcome:
    removed: int = 0
    anonymised: int = 0
    retained: list = field(default_factory=list)  # [(pk, reason, until or None)]


class ErasureAction:
    def erase(self, queryset, subject, today: date, held: dict) -> Outcome:
        raise NotImplementedError

    def fields(self) -> set[str]:
        return set()

    def code(self) -> str:
        raise NotImplementedError


class Delete(ErasureAction):
    """Delete the rows; `files` names FileFields whose stored files go with them."""

    def __init__(self, files: tuple[str, ...] = ()):
        self.files = tuple(files)

    def erase(self, queryset, subject, today, held):
        outcome = Outcome()
        outcome.retained = _held(queryset, held)
        if held:
            queryset = queryset.exclude(pk__in=list(held))
        outcome.removed = self.apply(queryset, subject)
        return outcome

    def apply(self, queryset, subject=None) -> int:
        for name in self.files:
            for file in queryset.exclude(**{name: ""}).values_list(name, flat=True).iterator(chunk_size=500):
                if file:
                    queryset.model._meta.get_field(name).storage.delete(file)
        # Count this model's rows only: a delete also reports the cascades it caused.
        return queryset.delete()[1].get(queryset.model._meta.label, 0)

    def done(self):
        return None  # deleted rows are gone

    def fields(self):
        return set(self.files)

    def code(self):
        return f"delete(files={list(self.files)})" if self.files else "delete"


class Anonymise(ErasureAction):
    """`Anonymise(email=ErasedEmail(), first_name=Blank(), ...)`: each named field, its strategy."""

    def __init__(self, **strategies: Strategy):
        self.strategies = strategies

    def fields(self):
        return set(self.strategies)

    def erase(self, queryset, subject, today, held):
        outcome = Outcome()
        outcome.retained = _held(queryset, held)
        if held:
            queryset = queryset.exclude(pk__in=list(held))
        outcome.anonymised = self.apply(queryset, subject)
        return outcome

    def done(self):
        """A filter for rows already anonymised (so that a batch loop finishes)."""
        already = Q()
        for name, strategy in self.strategies.items():
            if not strategy.per_row:
                target = strategy.expression()
                already &= Q(**{f"{name}__isnull": True}) if target is None else Q(**{name: target})
            elif isinstance(strategy, DeleteFile):
                already &= Q(**{name: ""}) | Q(**{f"{name}__isnull": True})
        return already

    def apply(self, queryset, subject=None) -> int:
        """Anonymise the rows of `queryset` not yet anonymised; return how many changed."""
        changed = self._apply(queryset, subject)
        if changed:
            rows_anonymised.send(sender=queryset.model)
        return changed

    def _apply(self, queryset, subject) -> int:
        bulk = {name: s for name, s in self.strategies.items() if not s.per_row}
        per_row = {name: s for name, s in self.strategies.items() if s.per_row}
        if not per_row:
            return queryset.exclude(self._bulk_done(bulk)).update(**self._targets(bulk)) if bulk else 0
        # Per-row strategies first: they may need what the set-based part empties (the account).
        changed = set(queryset.exclude(self._bulk_done(bulk)).values_list("pk", flat=True)) if bulk else set()
        for row in queryset.only("pk", *per_row).iterator(chunk_size=500):
            updates = {name: s.apply(row, name, subject) for name, s in per_row.items()}
            if any(getattr(row, name) != value for name, value in updates.items()):
                # update(), not save(): no signals, no model logic, just the new values.
                queryset.model._default_manager.filter(pk=row.pk).update(**updates)
                changed.add(row.pk)
        if bulk:
            queryset.model._default_manager.filter(pk__in=list(changed)).update(**self._targets(bulk))
        return len(changed)

    @staticmethod
    def _targets(bulk):
        return {name: s.expression() if s.expression() is not None else None for name, s in bulk.items()}

    @staticmethod
    def _bulk_done(bulk):
        already = Q()
        for name, strategy in bulk.items():
            target = strategy.expression()
            already &= Q(**{f"{name}__isnull": True}) if target is None else Q(**{name: target})
        return already

    def code(self):
        return "anonymise(" + ", ".join(f"{k}={v.code()}" for k, v in sorted(self.strategies.items())) + ")"


class Retain(ErasureAction):
    """Kept for `reason` (a legal ground people can read) until `until` (a retention rule);
    then `then` (Delete or Anonymise) runs. `meanwhile` anonymises what the retained
    record does not need, at once (the link to the account, say)."""

    def __init__(self, reason, until, then: ErasureAction, meanwhile: Anonymise | None = None):
        self.reason, self.until, self.then, self.meanwhile = reason, until, then, meanwhile

    def fields(self):
        return self.then.fields() | (self.meanwhile.fields() if self.meanwhile else set())

    def erase(self, queryset, subject, today, held):
        # Held records first: a hold says why, whatever the rule would do.
        outcome = Outcome(retained=_held(queryset, held))
        free = queryset.exclude(pk__in=list(held)) if held else queryset
        due = self.until.due(today)
        kept = free.exclude(due)
        reason = str(self.reason)
        if hasattr(self.until, "keep_until_from"):
            # The date comes with the row, in one query however many rows are kept.
            for pk, value in kept.values_list("pk", self.until.field).iterator(chunk_size=2000):
                outcome.retained.append((pk, reason, self.until.keep_until_from(value)))
        else:
            for row in kept.iterator(chunk_size=500):
                outcome.retained.append((row.pk, reason, self.until.keep_until(row)))
        if self.meanwhile is not None:
            # Not counted as "anonymised": the record is reported as retained.
            self.meanwhile.apply(kept, subject)
        then = self.then.erase(free.filter(due), subject, today, {})
        outcome.removed, outcome.anonymised = then.removed, then.anonymised
        return outcome

    def code(self):
        meanwhile = f", meanwhile={self.meanwhile.code()}" if self.meanwhile else ""
        return f"retain({self.until.code()}, then={self.then.code()}{meanwhile})"


def _held(queryset, held):
    if not held:
        return []
    return [(pk, *held[pk]) for pk in queryset.filter(pk__in=list(held)).values_list("pk", flat=True)]
