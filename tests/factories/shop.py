"""Orders for tests: placed the way the checkout places them, without the browser."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.documents import get_document_model

from oscar.apps.shipping.methods import NoShippingRequired
from oscar.core import prices
from oscar.core.loading import get_class, get_model

from courses.products import ensure_document_product
from shop.checkout.views import sweden
from shop.invoicing.orders import CompanyDetails, complete_invoice_order

Basket = get_model("basket", "Basket")
BillingAddress = get_model("order", "BillingAddress")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
Applicator = get_class("offer.applicator", "Applicator")

ACME = CompanyDetails(
    company_name="Acme AB",
    organisation_number="556036-0793",
    vat_number="SE556036079301",
    contact_name="Anna Andersson",
    email="anna@acme.example",
    phone="08-123 456 78",
    reference="PO-4711",
    language="sv",
)


def make_document_product(seller, title="Checklista", price=Decimal("200"), sku="DOC-1"):
    Document = get_document_model()
    document = Document(title=title)
    document.file.save(f"{sku.lower()}.txt", ContentFile(b"Checklista: dataskydd i praktiken\n"), save=False)
    document.save()
    return ensure_document_product(seller, document, title, price, sku)


def basket_with(user, items, voucher=None) -> "Basket":
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in items:
        basket.add_product(product, quantity)
    if voucher is not None:
        basket.vouchers.add(voucher)
    Applicator().apply(basket, user)
    return basket


def make_voucher(code="RABATT10", percent=10):
    """A voucher giving `percent` % off everything."""
    from datetime import timedelta

    from django.utils import timezone

    Range = get_model("offer", "Range")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Voucher = get_model("voucher", "Voucher")
    everything = Range.objects.create(name=f"Allt {code}", includes_all_products=True)
    offer = ConditionalOffer.objects.create(
        name=f"Kampanj {code}",
        offer_type=ConditionalOffer.VOUCHER,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=percent),
    )
    now = timezone.now()
    voucher = Voucher.objects.create(
        name=code, code=code, start_datetime=now - timedelta(days=1), end_datetime=now + timedelta(days=30)
    )
    voucher.offers.add(offer)
    return voucher


@transaction.atomic
def place_order(user, items, details: CompanyDetails = ACME, status="Awaiting payment", voucher=None):
    """Place an order for `items` [(product, quantity)] paid by invoice; returns the order."""
    basket = basket_with(user, items, voucher)
    shipping_charge = prices.Price(currency=basket.currency, excl_tax=Decimal("0"), tax=Decimal("0"))
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    billing_address = BillingAddress.objects.create(
        first_name="Anna",
        last_name="Andersson",
        line1="Storgatan 1",
        line4="Stockholm",
        postcode="111 22",
        country=sweden(),
    )
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=NoShippingRequired(),
        shipping_charge=shipping_charge,
        user=user,
        billing_address=billing_address,
        status=status,
    )
    basket.submit()
    complete_invoice_order(order, details)
    return order
