# One spelling across code, URLs and the database: enrolment.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_company_moved"),
        ("companies", "0003_later_buyers_apart"),
        ("invoicing", "0003_alter_orderbilling_company"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="enrollment", name="enrollment_once_per_order_line"),
        migrations.RemoveConstraint(model_name="enrollment", name="enrollment_for_a_learner_or_a_company"),
        migrations.RemoveConstraint(model_name="enrollment", name="enrollment_has_its_source"),
        migrations.RenameModel(old_name="Enrollment", new_name="Enrolment"),
    ]
