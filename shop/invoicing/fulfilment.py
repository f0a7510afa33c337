"""Fulfilment: what an order grants, line by line, and taking it back.

Each line grants through a row keyed by the line (an enrolment or a document purchase),
so running fulfilment twice grants nothing twice. A line that cannot be fulfilled is
recorded as a `FulfilmentIssue` with the reason, for staff to see; it is never lost.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Course, DocumentProduct, DocumentPurchase, Enrolment, GrantSource
from courses.seats import give_seat_to_buyer, release_pools

from .models import FulfilmentIssue

logger = logging.getLogger(__name__)


class FulfilmentError(Exception):
    """A line that cannot be fulfilled, with a reason staff can act on."""


def fulfil_order(order) -> list[FulfilmentIssue]:
    """Grant what every line of `order` bought; returns the issues of lines that failed.

    Grants nothing for a cancelled order, nor, when access starts on payment, for an
    order not yet paid (a retry queued earlier may run after either).
    """
    from .services import CANCELLED_STATUS, PAID_STATUS, access_starts_on_payment

    order.refresh_from_db(fields=["status"])
    if order.status == CANCELLED_STATUS or (access_starts_on_payment() and order.status != PAID_STATUS):
        FulfilmentIssue.objects.filter(order_line__order=order).delete()
        return []
    issues = []
    for line in order.lines.select_related("product"):
        try:
            with transaction.atomic():
                grant_line(order, line)
                FulfilmentIssue.objects.filter(order_line=line).delete()
        except Exception as exc:  # noqa: BLE001  (any failure is recorded for staff, then retried)
            reason = str(exc) if isinstance(exc, FulfilmentError) else f"{type(exc).__name__}: {exc}"
            logger.warning("Order %s line %s not fulfilled: %s", order.number, line.pk, reason)
            issue, created = FulfilmentIssue.objects.get_or_create(
                order_line=line, defaults={"reason": reason}
            )
            if not created:
                issue.reason = reason
                issue.attempts += 1
                issue.save(update_fields=["reason", "attempts", "last_failed_at"])
            issues.append(issue)
    return issues


def grant_line(order, line) -> None:
    product = line.product
    if product is None:
        raise FulfilmentError(_("The product of this line no longer exists."))
    if order.user_id is None:
        raise FulfilmentError(_("The order has no account to give access to."))
    course = Course.objects.filter(product=product).first()
    if course is not None:
        # Every course is bought for a company: its seats go to the company's pool, and a
        # single seat goes straight to the buyer (who may give it to a colleague instead,
        # until they start).
        billing = getattr(order, "billing", None)
        if billing is None:
            raise FulfilmentError(_("A course needs the company's details, and the order has none."))
        pool, created = Enrolment.objects.get_or_create(
            order_line=line,
            defaults={
                "source": GrantSource.ORDER,
                "course": course,
                "seats": line.quantity,
                "company_id": billing.company_id,
            },
        )
        if created and line.quantity == 1:
            give_seat_to_buyer(pool, order.user, billing.language)
        return
    document = DocumentProduct.objects.filter(product=product).first()
    if document is not None:
        DocumentPurchase.objects.get_or_create(
            order_line=line,
            defaults={"source": GrantSource.ORDER, "document_product": document, "user_id": order.user_id},
        )
        return
    raise FulfilmentError(
        _("“%(product)s” is neither a course nor a document.") % {"product": product.get_title()}
    )


@transaction.atomic
def revoke_order(order, reason: str) -> int:
    """Take back what this order granted, and only that: other sources' grants stand.

    Its seat pools go, and with them the seats given from them and the access those gave.
    """
    # Locked: an administrator giving a seat of these pools now waits, then finds none.
    pool_ids = list(
        Enrolment.objects.select_for_update().filter(order_line__order=order).values_list("pk", flat=True)
    )
    pools = Enrolment.objects.filter(pk__in=pool_ids)
    release_pools(pools, reason)
    revoked = pools.revoke(reason)
    revoked += DocumentPurchase.objects.filter(order_line__order=order).revoke(reason)
    return revoked


def unfulfilled_lines(Line):
    """Lines of live orders that should have granted access and have not (for staff)."""
    from django.db.models import Exists, OuterRef, Q

    from .services import CANCELLED_STATUS, PAID_STATUS, access_starts_on_payment

    granted = Exists(Enrolment.objects.filter(order_line=OuterRef("pk"))) | Exists(
        DocumentPurchase.objects.filter(order_line=OuterRef("pk"))
    )
    lines = Line.objects.exclude(order__status=CANCELLED_STATUS).exclude(granted)
    if access_starts_on_payment():
        lines = lines.filter(Q(order__status=PAID_STATUS))
    return lines.select_related("order", "product", "fulfilment_issue").order_by("-order__date_placed")
