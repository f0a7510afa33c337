"""The person a request is about, and how to find their rows in a declared model."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from gdpr.registry import Custom, Declaration, GenericRef


@dataclass
class Subject:
    """An account (`user_id`) and/or a guest's e-mail address. `names` are the strings that
    identify the person in free text, captured before anything is anonymised."""

    user_id: int | None = None
    email: str = ""
    names: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def for_user(cls, user) -> Subject:
        names = tuple(n for n in (user.get_full_name(), user.first_name, user.last_name) if len(n or "") > 2)
        return cls(user_id=user.pk, email=user.email, names=names)

    @classmethod
    def for_own_account(cls, user) -> Subject:
        """The account alone, for what a person does for themselves (the privacy centre,
        deleting their account): rows found by e-mail address are left out, since the
        address is whatever the profile says now, unconfirmed, and may be someone else's
        invoice address. Staff match addresses after checking who asks."""
        return cls(user_id=user.pk, names=cls.for_user(user).names)

    @classmethod
    def for_email(cls, email: str) -> Subject:
        return cls(email=email)

    def identifying_strings(self) -> list[str]:
        # The full name before its parts, so that "Bo Buyer" is replaced whole.
        return [s for s in (self.email, *self.names) if s]


def rows_for(declaration: Declaration, subject: Subject):
    """The rows of `declaration`'s model that are about `subject` (never all rows)."""
    model = declaration.get_model()
    queryset = model._default_manager.all()
    condition = Q(pk__in=[])
    for path in declaration.person_paths:
        if subject.user_id is None:
            continue
        if path == "pk":
            condition |= Q(pk=subject.user_id)
        elif isinstance(path, GenericRef):
            user_type = ContentType.objects.get_for_model(get_user_model())
            condition |= Q(**{path.ct_field: user_type, path.id_field: str(subject.user_id)})
        elif isinstance(path, Custom):
            condition |= Q(pk__in=list(path.find(subject, queryset)))
        else:
            condition |= Q(**{path: subject.user_id})
    if declaration.email and subject.email:
        condition |= Q(**{f"{declaration.email}__iexact": subject.email})
    return queryset.filter(condition)
