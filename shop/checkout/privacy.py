"""Personal data in checkout: that the buyer accepted the terms of purchase with an order.

Part of the order's record (which terms the contract was made on): kept as long as the
order, under the Swedish Bookkeeping Act, then deleted.
"""

from django.utils.translation import gettext_lazy as _

from gdpr.erasure_actions import Delete, Retain
from gdpr.registry import Category, LawfulBasis, Purpose, declare
from gdpr.retention import AccountingRecords

BFL = _("Accounting records: Swedish Bookkeeping Act (bokföringslagen) 7 ch. 2 §")
ORDER_RECORDS = AccountingRecords("order__date_placed")

declare(
    "checkout.TermsAcceptance",
    purpose=Purpose.ORDERS,
    basis=LawfulBasis.CONTRACT,
    retention=ORDER_RECORDS,
    erasure=Retain(BFL, until=ORDER_RECORDS, then=Delete()),
    personal={"accepted_at": Category.ORDER},
    not_personal=("id", "order", "terms"),
    person="order__user",
    email="order__guest_email",
)
