from django.db import migrations


def create_series(apps, schema_editor):
    # The rows exist before the first order, so concurrent first orders lock the same row.
    NumberSeries = apps.get_model("invoicing", "NumberSeries")
    for name in ("invoice", "credit-note"):
        NumberSeries.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0001_initial")]

    operations = [migrations.RunPython(create_series, migrations.RunPython.noop)]
