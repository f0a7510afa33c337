"""The demo's company: Exempel AB, administered by the demo buyer, with two seat packs
bought through the checkout's own order path and seats given to the demo's people.

Idempotent: once the buyer has ordered for the demo company, nothing here runs again,
so seats an administrator gives or takes back in the running demo stay as they are.
The learner has finished the first course and is halfway through the second.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from oscar.apps.shipping.methods import NoShippingRequired
from oscar.core import prices
from oscar.core.loading import get_class, get_model

from courses.models import CoursePage, Enrolment, LessonPage
from courses.progress import mark_done
from courses.seats import assign_seats

from .checkout.terms import current_terms_version, record_acceptance
from .checkout.views import AWAITING_PAYMENT, INVOICE, sweden
from .invoicing.fulfilment import fulfil_order
from .invoicing.orders import CompanyDetails, complete_invoice_order
from .invoicing.services import access_starts_on_payment, mark_paid

Basket = get_model("basket", "Basket")
BillingAddress = get_model("order", "BillingAddress")
OrderBilling = get_model("invoicing", "OrderBilling")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
Applicator = get_class("offer.applicator", "Applicator")

COMPANY_NAME = "Exempel AB"
ORGANISATION_NUMBER = "556677-8899"  # a valid check digit (stdnum.se.orgnr); invented
# Someone without an account yet: their seat waits on an invitation (its link is in
# the mail alone; "Send the invitation again" on the seat page prints a fresh one).
INVITED_COLLEAGUE = "kollega@example.com"


@dataclass
class SeatPack:
    reference: str
    seats: int
    given_to: list[str]  # "buyer", "learner" or an e-mail address
    paid: bool  # the other is left awaiting payment, as most invoices are


# Two packs: both with free seats left; the learner holds a seat of each.
SEAT_PACKS = [
    SeatPack("Demo 1", 5, ["buyer", "learner", INVITED_COLLEAGUE], paid=True),
    SeatPack("Demo 2", 3, ["learner"], paid=False),
]


def seed_company(buyer, learner, staff, courses, terms_page=None) -> bool:
    """Exempel AB's seat packs for `courses` (two); returns whether anything was made."""
    if OrderBilling.objects.filter(order__user=buyer, organisation_number=ORGANISATION_NUMBER).exists():
        return False
    details = CompanyDetails(
        company_name=COMPANY_NAME,
        organisation_number=ORGANISATION_NUMBER,
        vat_number=f"SE{ORGANISATION_NUMBER.replace('-', '')}01",
        contact_name=buyer.get_full_name() or buyer.email,
        email="faktura@exempel.example",
        reference="",
        language="sv",
    )
    people = {"buyer": buyer.email, "learner": learner.email}
    with translation.override("sv"):
        for pack, course in zip(SEAT_PACKS, courses, strict=True):
            order = place_invoice_order(
                buyer, [(course.product, pack.seats)], details, pack.reference, terms_page
            )
            if pack.paid or access_starts_on_payment():
                mark_paid(order.invoice, staff)
            # Fulfilment is queued for after the commit; the pool is needed now, and
            # fulfilment grants once per line, so the queued run finds nothing to do.
            fulfil_order(order)
            pool = Enrolment.objects.get(order_line__order=order)
            assign_seats(pool, [people.get(who, who) for who in pack.given_to], buyer)
    seed_progress(learner, finished=courses[0], half_done=courses[1])
    # The buyer finished the first course too: their certificate is the one staff revoke.
    seed_progress(buyer, finished=courses[0], half_done=None)
    return True


def seed_progress(learner, finished, half_done) -> None:
    """The learner finished one course (a completion, reported to the company that gave
    the seat) and has done the first half of the other's lessons. Done now, after the
    seats were given: a start before the seat existed would read oddly in the reports."""
    for course, share in [(finished, 1), (half_done, 0.5)]:
        if course is None:
            continue
        lessons = course_lessons(course)
        for lesson in lessons[: round(len(lessons) * share)]:
            mark_done(learner, lesson)


def course_lessons(course) -> list[LessonPage]:
    page = CoursePage.objects.get(course=course, locale__language_code="sv")
    return list(LessonPage.objects.live().descendant_of(page).order_by("path"))


def place_invoice_order(user, items, details: CompanyDetails, reference: str, terms_page=None):
    """An order paid by invoice, placed as the checkout places it (shop.checkout.views):
    Oscar's order, the invoice payment source, billing details, invoice and the terms."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in items:
        basket.add_product(product, quantity)
    Applicator().apply(basket, user)
    shipping_charge = prices.Price(currency=basket.currency, excl_tax=Decimal("0"), tax=Decimal("0"))
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    first_name, _, last_name = details.contact_name.partition(" ")
    billing_address = BillingAddress.objects.create(
        first_name=first_name,
        last_name=last_name,
        line1="Exempelgatan 1",
        line4="Göteborg",
        postcode="411 01",
        country=sweden(),
    )
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=NoShippingRequired(),
        shipping_charge=shipping_charge,
        user=user,
        billing_address=billing_address,
        status=AWAITING_PAYMENT,
    )
    source_type, _ = SourceType.objects.get_or_create(code=INVOICE, defaults={"name": "Invoice"})
    Source.objects.create(
        order=order,
        source_type=source_type,
        currency=total.currency,
        amount_allocated=total.incl_tax,
        reference=order.number,
    )
    basket.submit()
    details = CompanyDetails(**{**details.__dict__, "reference": reference})
    complete_invoice_order(order, details)
    record_acceptance(order, current_terms_version(terms_page))
    return order
