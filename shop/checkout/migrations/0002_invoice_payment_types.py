"""The payment source type and payment event type every order placed by invoice uses,
created once here: placing an order then only looks them up."""

from django.db import migrations


def create_invoice_payment_types(apps, schema_editor):
    apps.get_model("payment", "SourceType").objects.get_or_create(code="invoice", defaults={"name": "Invoice"})
    apps.get_model("order", "PaymentEventType").objects.get_or_create(
        name="Invoiced", defaults={"code": "invoiced"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("checkout", "0001_terms_acceptance"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
        ("payment", "0005_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_invoice_payment_types, migrations.RunPython.noop)]
