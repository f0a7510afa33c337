"""django-oscar 4.2's models (the forked order and partner apps keep Oscar's models).

Orders, their addresses and lines are accounting records: kept under the Swedish
Bookkeeping Act, detached from the account at once on erasure, and anonymised when the
period ends. Everything else about a customer goes when they are erased.
"""

from django.utils.translation import gettext_lazy as _

from gdpr.declarations.common import AFTER_RELATIONSHIP
from gdpr.erasure_actions import Anonymise, Blank, Delete, Null, Placeholder, Retain
from gdpr.registry import Category, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import AccountingRecords, MonthsAfterEvent

C = Category
BFL = _("Accounting records: Swedish Bookkeeping Act (bokföringslagen) 7 ch. 2 §")
ADDRESS = (
    "title",
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "line4",
    "state",
    "postcode",
    "search_text",
)
orders = {"purpose": Purpose.ORDERS, "basis": LawfulBasis.CONTRACT}


def _blank(*names, **more):
    return Anonymise(**{name: Blank() for name in names}, **more)


ORDER_RECORDS = AccountingRecords("date_placed")
declare(
    "order.Order",
    **orders,
    retention=ORDER_RECORDS,
    erasure=Retain(
        BFL,
        until=ORDER_RECORDS,
        then=_blank("guest_email", user=Null()),
        meanwhile=Anonymise(user=Null()),
    ),
    personal={"guest_email": C.CONTACT},
    references=("user",),
    not_personal=(
        "id", "number", "site", "basket", "billing_address", "currency", "total_incl_tax", "total_excl_tax",
        "shipping_incl_tax", "shipping_excl_tax", "shipping_tax_code", "shipping_address", "shipping_method",
        "shipping_code", "status", "date_placed", "analytics_tracked",
    ),
    person="user",
    email="guest_email",
)  # fmt: skip
for label, related, extra in (
    ("order.BillingAddress", "order", {}),
    ("order.ShippingAddress", "order", {"phone_number": C.CONTACT, "notes": C.FREE_TEXT}),
):
    records = AccountingRecords(f"{related}__date_placed")
    declare(
        label,
        **orders,
        retention=records,
        erasure=Retain(BFL, until=records, then=_blank(*ADDRESS, *extra)),
        personal={**dict.fromkeys(ADDRESS, C.CONTACT), **extra},
        not_personal=("id", "code", "country"),
        person=f"{related}__user",
        email=f"{related}__guest_email",
    )
declare(
    "order.OrderNote",
    **orders,
    retention=AccountingRecords("order__date_placed"),
    erasure=Anonymise(message=Placeholder("[erased]"), user=Null()),
    personal={"message": C.FREE_TEXT},
    references=("user",),
    not_personal=("id", "order", "note_type", "date_created", "date_updated"),
    person="order__user",
    email="order__guest_email",
    note="`user` is the member of staff who wrote the note.",
)
declare(
    "order.LineAttribute",
    **orders,
    retention=AccountingRecords("line__order__date_placed"),
    # Deleted when the order's retention ends: its value is a JSON column that may not be
    # null, and an option's answer means nothing without the person.
    erasure=Retain(BFL, until=AccountingRecords("line__order__date_placed"), then=Delete()),
    personal={"value": C.FREE_TEXT},
    not_personal=("id", "line", "option", "type"),
    person="line__order__user",
    email="line__order__guest_email",
)
declare(
    "payment.Bankcard",
    **orders,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={
        "card_type": C.ORDER,
        "name": C.CONTACT,
        "number": C.ORDER,
        "expiry_date": C.ORDER,
        "partner_reference": C.ORDER,
    },
    references=("user",),
    not_personal=("id",),
    person="user",
    note="Unused: payment is by invoice only, no card is ever stored.",
)
declare(
    "voucher.VoucherApplication",
    **orders,
    retention=AccountingRecords("order__date_placed"),
    erasure=Anonymise(user=Null()),
    references=("user",),
    not_personal=("id", "voucher", "order", "date_created"),
    person="user",
)
declare(
    "basket.Basket",
    **orders,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    references=("owner",),
    not_personal=("id", "status", "date_created", "date_merged", "date_submitted"),
    person="owner",
)
declare(
    "basket.LineAttribute",
    **orders,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"value": C.FREE_TEXT},
    not_personal=("id", "line", "option"),
    person="line__basket__owner",
    priority=-1,  # before the basket, which would take it along uncounted
)
declare(
    "wishlists.WishList",
    **orders,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"name": C.FREE_TEXT, "key": C.ONLINE_IDENTIFIER, "visibility": C.CONSENT},
    references=("owner",),
    not_personal=("id", "date_created"),
    person="owner",
)
declare(
    "wishlists.WishListSharedEmail",
    **orders,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"email": C.CONTACT},
    not_personal=("id", "wishlist"),
    person="wishlist__owner",
    email="email",
    priority=-1,
)
declare(
    "reviews.ProductReview",
    purpose=Purpose.CONTENT,
    basis=LawfulBasis.CONSENT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={
        "title": C.FREE_TEXT,
        "body": C.FREE_TEXT,
        "name": C.CONTACT,
        "email": C.CONTACT,
        "homepage": C.CONTACT,
        "score": C.FREE_TEXT,
    },
    references=("user",),
    not_personal=("id", "product", "status", "code", "total_votes", "delta_votes", "date_created"),
    person="user",
    email="email",
)
declare(
    "reviews.Vote",
    purpose=Purpose.CONTENT,
    basis=LawfulBasis.CONSENT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"delta": C.FREE_TEXT},
    references=("user",),
    not_personal=("id", "review", "date_created"),
    person="user",
)
declare(
    "communication.Email",
    **orders,
    retention=MonthsAfterEvent("date_sent", 24, event=_("the e-mail was sent")),
    erasure=Delete(),
    personal={"email": C.CONTACT, "subject": C.FREE_TEXT, "body_text": C.FREE_TEXT, "body_html": C.FREE_TEXT},
    references=("user",),
    not_personal=("id", "date_sent"),
    person="user",
    email="email",
)
declare(
    "communication.Notification",
    purpose=Purpose.ACCOUNT,
    basis=LawfulBasis.CONTRACT,
    retention=MonthsAfterEvent("date_sent", 12, event=_("the notification was sent")),
    erasure=Delete(),
    personal={"subject": C.FREE_TEXT, "body": C.FREE_TEXT},
    references=("recipient", "sender"),
    not_personal=("id", "location", "date_sent", "date_read"),
    person="recipient",
)
declare(
    "customer.ProductAlert",
    purpose=Purpose.MARKETING,
    basis=LawfulBasis.CONSENT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"email": C.CONTACT, "key": C.ONLINE_IDENTIFIER, "status": C.CONSENT},
    references=("user",),
    not_personal=("id", "product", "date_created", "date_confirmed", "date_cancelled", "date_closed"),
    person="user",
    email="email",
)
statistics = {"purpose": Purpose.STATISTICS, "basis": LawfulBasis.LEGITIMATE_INTERESTS}
declare(
    "analytics.UserRecord",
    **statistics,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal=dict.fromkeys(
        (
            "num_product_views",
            "num_basket_additions",
            "num_orders",
            "num_order_lines",
            "num_order_items",
            "total_spent",
            "date_last_order",
        ),
        C.ORDER,
    ),
    references=("user",),
    not_personal=("id",),
    person="user",
)
declare(
    "analytics.UserProductView",
    **statistics,
    retention=MonthsAfterEvent("date_created", 12, event=_("the product was viewed")),
    erasure=Delete(),
    personal={"product": C.ONLINE_IDENTIFIER, "date_created": C.ONLINE_IDENTIFIER},
    references=("user",),
    not_personal=("id",),
    person="user",
)
declare(
    "analytics.UserSearch",
    **statistics,
    retention=MonthsAfterEvent("date_created", 12, event=_("the search")),
    erasure=Delete(),
    personal={"query": C.FREE_TEXT, "date_created": C.ONLINE_IDENTIFIER},
    references=("user",),
    not_personal=("id",),
    person="user",
)
declare(
    "address.UserAddress",
    purpose=Purpose.ORDERS,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={**dict.fromkeys(ADDRESS, C.CONTACT), "phone_number": C.CONTACT, "notes": C.FREE_TEXT, "hash": C.CONTACT},
    references=("user",),
    not_personal=(
        "id", "code", "country", "is_default_for_shipping", "is_default_for_billing",
        "num_orders_as_shipping_address", "num_orders_as_billing_address", "date_created",
    ),
    person="user",
)  # fmt: skip
declare(
    "partner.Partner_users",
    purpose=Purpose.CONTENT,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    references=("user",),
    not_personal=("id", "partner"),
    person="user",
)
declare(
    "partner.PartnerAddress",
    purpose=Purpose.CONTENT,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=_blank("title", "first_name", "last_name"),
    personal={"title": C.CONTACT, "first_name": C.CONTACT, "last_name": C.CONTACT},
    not_personal=(
        "id",
        "code",
        "line1",
        "line2",
        "line3",
        "line4",
        "state",
        "postcode",
        "country",
        "search_text",
        "partner",
    ),
    person="partner__users",
    note="A seller's business address; the contact person's name is personal.",
)
declare(
    "offer.RangeProductFileUpload",
    purpose=Purpose.CONTENT,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=AFTER_RELATIONSHIP,
    # Required by Oscar: keeps pointing at the account, which erasure anonymises.
    erasure=Anonymise(),
    references=("uploaded_by",),
    not_personal=(
        "id", "range", "filepath", "size", "date_uploaded", "upload_type", "status", "error_message",
        "date_processed", "num_new_skus", "num_unknown_skus", "num_duplicate_skus",
    ),
    person="uploaded_by",
)  # fmt: skip

holds_nothing_personal(
    _("Order lines, prices, discounts, events and payments: amounts and products, kept for the "
      "accounts; the person is reached through the order, which is declared."),
    "order.Line", "order.LinePrice", "order.OrderStatusChange", "order.CommunicationEvent",
    "order.ShippingEvent", "order.ShippingEventQuantity", "order.ShippingEventType",
    "order.PaymentEvent", "order.PaymentEventType", "order.PaymentEventQuantity",
    "order.OrderDiscount", "order.OrderLineDiscount", "order.Surcharge",
    "payment.Source", "payment.Transaction", "payment.SourceType",

)  # fmt: skip
holds_nothing_personal(
    _("The catalogue: products, categories, attributes, options and stock."),
    "catalogue.ProductClass", "catalogue.ProductClass_options", "catalogue.Category",
    "catalogue.ProductCategory", "catalogue.Product_product_options", "catalogue.Product",
    "catalogue.ProductRecommendation", "catalogue.ProductAttribute",
    "catalogue.ProductAttributeValue_value_multi_option", "catalogue.ProductAttributeValue",
    "catalogue.AttributeOptionGroup", "catalogue.AttributeOption", "catalogue.Option",
    "catalogue.ProductImage", "catalogue.ProductCategoryHierarchy",
    "partner.Partner", "partner.StockRecord", "partner.StockAlert",
    "analytics.ProductRecord", "address.Country",
)  # fmt: skip
holds_nothing_personal(
    _("Baskets' lines and wish lists' lines: products and quantities; the person is reached "
      "through the basket or wish list, which is declared and deleted with them."),
    "basket.Line", "basket.Basket_vouchers", "wishlists.Line",
)  # fmt: skip
holds_nothing_personal(
    _("Offers, vouchers and shipping methods: the shop's rules, not people."),
    "offer.ConditionalOffer_combinations", "offer.ConditionalOffer", "offer.Benefit",
    "offer.Condition", "offer.Range_excluded_products", "offer.Range_classes",
    "offer.Range_included_categories", "offer.Range_excluded_categories", "offer.Range",
    "offer.RangeProduct", "voucher.VoucherSet", "voucher.Voucher_offers", "voucher.Voucher",
    "shipping.OrderAndItemCharges_countries", "shipping.OrderAndItemCharges",
    "shipping.WeightBased_countries", "shipping.WeightBased", "shipping.WeightBand",
    "communication.CommunicationEventType",
    reviewed=("max_user_applications", "email_subject_template", "email_body_template", "email_body_html_template"),
)  # fmt: skip
