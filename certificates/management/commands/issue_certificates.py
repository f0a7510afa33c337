"""Issue the certificates that completions earned but no task issued (a worker that was
down, a signing key that was missing), and finish those left unsigned or unmailed."""

from django.core.management.base import BaseCommand
from django.db.models import Q

from certificates.issuing import finish, issue
from certificates.models import Certificate
from courses.models import CourseCompletion


class Command(BaseCommand):
    help = "Issue, sign and mail the certificates that completed courses earned and still lack."

    def handle(self, *args, **options):
        pending = CourseCompletion.objects.filter(course__issues_certificate=True, certificates__isnull=True)
        issued = sum(issue(pk) is not None for pk in pending.values_list("pk", flat=True))
        unfinished = list(
            Certificate.objects.filter(revoked_at__isnull=True, user__isnull=False).filter(
                Q(credential__isnull=True) | Q(mailed_at__isnull=True)
            )
        )
        for certificate in unfinished:
            finish(certificate)
        waiting = pending.count()
        self.stdout.write(
            f"Issued {issued}, finished {len(unfinished)}; {waiting} wait for the learner's name."
        )
