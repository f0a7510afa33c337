"""Mend the companies that whoever typed their organisation number could join.

Each company stays with its first buyer, under the name that buyer gave. Every later
buyer gets a company of their own (same number, the name they gave), which they
administer, and takes their own orders and seat pools there. Nobody is left in a company
they were never let into.
"""

from collections import defaultdict

from django.db import migrations


def later_buyers_apart(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    Membership = apps.get_model("companies", "Membership")
    OrderBilling = apps.get_model("invoicing", "OrderBilling")
    Enrollment = apps.get_model("courses", "Enrollment")
    for company in Company.objects.order_by("pk"):
        admin = Membership.objects.filter(company=company, role="admin").values_list("user_id", flat=True).first()
        billings = list(
            OrderBilling.objects.filter(company=company)
            .select_related("order")
            .order_by("order__date_placed", "pk")
        )
        first = next((b for b in billings if b.order.user_id == admin), None)
        if first is not None and company.name != first.company_name:
            company.name = first.company_name  # a later checkout renamed it for everyone
            company.save(update_fields=["name"])
        later = defaultdict(list)
        for billing in billings:
            if billing.order.user_id is not None and billing.order.user_id != admin:
                later[billing.order.user_id].append(billing)
        for user_id, own in later.items():
            moved = Company.objects.create(
                name=own[0].company_name,
                organisation_number=company.organisation_number,
                created_at=own[0].order.date_placed,
            )
            Membership.objects.create(company=moved, user_id=user_id, role="admin", joined_at=moved.created_at)
            OrderBilling.objects.filter(pk__in=[billing.pk for billing in own]).update(company=moved)
            Enrollment.objects.filter(company=company, order_line__order__user_id=user_id).update(company=moved)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0002_from_courses"),
        ("courses", "0005_seats"),
        ("invoicing", "0003_alter_orderbilling_company"),
    ]

    operations = [migrations.RunPython(later_buyers_apart, migrations.RunPython.noop)]
