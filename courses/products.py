"""The Oscar product behind each course: Oscar owns its price and availability."""

from decimal import Decimal

from django.db import transaction

from oscar.core.loading import get_model

from courses.models import Course

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

COURSE_PRODUCT_CLASS = "Course"
Category = get_model("catalogue", "Category")


def filed_under(name: str):
    """The top-level Oscar category `name`: every product needs one, or Oscar's product
    form in the dashboard refuses to save it."""
    return Category.objects.filter(depth=1, name=name).first() or Category.add_root(name=name)


def course_product_class():
    product_class, _ = ProductClass.objects.get_or_create(
        name=COURSE_PRODUCT_CLASS, defaults={"requires_shipping": False, "track_stock": False}
    )
    return product_class


@transaction.atomic
def ensure_course_product(course: Course, title: str, price: Decimal, product_class=None):
    """Create the course's product and its seller's stock record, or update the price."""
    if course.product_id is None:
        course.product = Product.objects.create(
            title=title,
            product_class=product_class or course_product_class(),
            structure=Product.STANDALONE,
            upc=course.code[:64],
        )
        course.product.categories.add(filed_under("Kurser"))
        course.save(update_fields=["product"])
    StockRecord.objects.update_or_create(
        product=course.product,
        partner=course.seller.partner,
        defaults={"partner_sku": course.code[:128], "price": price, "price_currency": "SEK"},
    )
    return course.product


DOCUMENT_PRODUCT_CLASS = "Document"


def document_product_class():
    product_class, _ = ProductClass.objects.get_or_create(
        name=DOCUMENT_PRODUCT_CLASS, defaults={"requires_shipping": False, "track_stock": False}
    )
    return product_class


@transaction.atomic
def ensure_document_product(seller, document, title: str, price: Decimal, sku: str, course=None):
    """Offer a Wagtail document for sale by `seller`; its file is served only to buyers."""
    from courses.models import DocumentProduct

    existing = (
        DocumentProduct.objects.filter(document=document, seller=seller).select_related("product").first()
    )
    if existing is None:
        product = Product.objects.create(
            title=title, product_class=document_product_class(), structure=Product.STANDALONE, upc=sku[:64]
        )
        product.categories.add(filed_under("Dokument"))
        existing = DocumentProduct.objects.create(
            product=product, document=document, seller=seller, course=course
        )
    StockRecord.objects.update_or_create(
        product=existing.product,
        partner=seller.partner,
        defaults={"partner_sku": sku[:128], "price": price, "price_currency": "SEK"},
    )
    return existing.product
