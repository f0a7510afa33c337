"""What happens to an order paid by invoice once Oscar has written it."""

from dataclasses import dataclass

from django.db import transaction

from home.models import CompanySettings
from shop.companies.membership import company_for_checkout

from .models import Invoice, OrderBilling
from .services import access_starts_on_payment, issue_invoice


@dataclass
class CompanyDetails:
    """The buyer's company, as given (and validated) at checkout."""

    company_name: str
    organisation_number: str  # normalised: NNNNNN-NNNN
    contact_name: str
    email: str
    language: str
    vat_number: str = ""
    phone: str = ""
    reference: str = ""


# No savepoint of its own: it is one step of placing the order, which fails or succeeds as
# a whole (checkout holds one savepoint for all of it: shop/checkout/views.py).
@transaction.atomic(savepoint=False)
def complete_invoice_order(order, details: CompanyDetails, seller: CompanySettings | None = None) -> Invoice:
    """Record who pays, issue the invoice and queue fulfilment, in the order's transaction.
    `seller`: the seller's settings, when the caller has read them already."""
    # The buyer's own company account: never one they are not in, never renamed; the
    # invoice keeps the name and number given now.
    company = company_for_checkout(order.user, details.organisation_number, details.company_name)
    billing = OrderBilling.objects.create(
        order=order,
        company=company,
        company_name=details.company_name,
        organisation_number=details.organisation_number,
        vat_number=details.vat_number,
        contact_name=details.contact_name,
        email=details.email,
        phone=details.phone,
        reference=details.reference,
        language=details.language,
    )
    invoice = issue_invoice(order, billing, seller)
    if not access_starts_on_payment():
        from .tasks import fulfil_order

        transaction.on_commit(lambda: fulfil_order.delay(order.pk))
    return invoice
