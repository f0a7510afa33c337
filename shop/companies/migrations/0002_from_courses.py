"""Companies move from `courses` to their own app, keeping their ids; each keeps its first
buyer as its administrator (0003 then moves later buyers out to companies of their own)."""

from django.core.management.color import no_style
from django.db import migrations


def first_buyer(OrderBilling, old):
    user_id = (
        OrderBilling.objects.filter(company_id=old.pk, order__user__isnull=False)
        .order_by("order__date_placed", "pk")
        .values_list("order__user_id", flat=True)
        .first()
    )
    if user_id is None:
        contact = old.contacts.through.objects.filter(company_id=old.pk).order_by("pk").first()
        user_id = contact.user_id if contact else None
    return user_id


def copy_companies(apps, schema_editor):
    Old = apps.get_model("courses", "Company")
    Company = apps.get_model("companies", "Company")
    Membership = apps.get_model("companies", "Membership")
    OrderBilling = apps.get_model("invoicing", "OrderBilling")
    for old in Old.objects.order_by("pk"):
        company = Company.objects.create(
            pk=old.pk, name=old.name, organisation_number=old.organisation_number, created_at=old.created_at
        )
        user_id = first_buyer(OrderBilling, old)
        if user_id is not None:
            Membership.objects.create(company=company, user_id=user_id, role="admin", joined_at=old.created_at)
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Company]):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0001_initial"),
        ("courses", "0004_documents_alongside_courses"),
        ("invoicing", "0002_number_series"),
    ]

    operations = [migrations.RunPython(copy_companies, migrations.RunPython.noop)]
