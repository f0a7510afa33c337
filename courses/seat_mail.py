"""The mail a person gets when a company gives them a seat and they have an account."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from shop.companies import mail

from .models import Seat
from .seats import course_titles


def tell_holders(seat_ids: list[int]) -> None:
    for seat_id in seat_ids:
        with transaction.atomic():
            seat = (
                Seat.objects.select_for_update(of=("self",))
                .select_related("pool__company", "pool__course", "holder", "assigned_by")
                .filter(pk=seat_id, notified_at__isnull=True, released_at__isnull=True)
                .first()
            )
            if seat is None or seat.holder is None:
                continue
            title = course_titles({seat.pool.course_id}, seat.language).get(seat.pool.course_id)
            with translation.override(seat.language):
                url = mail.absolute(reverse("account-courses"))
            mail.send(
                "seat_given",
                {
                    "seat": seat,
                    "person": seat.holder,
                    "company": seat.pool.company,
                    "giver": seat.assigned_by,
                    "course": title or str(seat.pool.course),
                    "url": url,
                },
                [seat.holder.email],
                seat.language,
            )
            seat.notified_at = timezone.now()
            seat.save(update_fields=["notified_at"])
