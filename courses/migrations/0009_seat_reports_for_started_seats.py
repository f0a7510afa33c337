# Seats started before seat reports existed: their companies are told when they started.
from django.db import migrations


def report_started_seats(apps, schema_editor):
    Enrolment = apps.get_model("courses", "Enrolment")
    SeatReport = apps.get_model("courses", "SeatReport")
    started = Enrolment.objects.filter(
        seat__isnull=False, started_at__isnull=False, seat__report__isnull=True
    )
    SeatReport.objects.bulk_create(
        [
            SeatReport(seat_id=seat_id, started_at=at)
            for seat_id, at in started.values_list("seat_id", "started_at")
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("courses", "0008_learning")]

    operations = [migrations.RunPython(report_started_seats, migrations.RunPython.noop)]
