from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gdpr.export import export_person, export_subject
from gdpr.subjects import Subject


class Command(BaseCommand):
    help = _(
        "Write everything stored about one person (an account, or a guest's e-mail address) to a zip file."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help=_("The person's e-mail address."))
        parser.add_argument("output", type=Path, help=_("The zip file to write."))

    def handle(self, *args, email, output, **options):
        if output.exists():
            raise CommandError(_("%(path)s already exists; choose another file.") % {"path": output})
        if not output.parent.is_dir():
            raise CommandError(_("The folder %(path)s does not exist.") % {"path": output.parent})
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            self.stdout.write(_("No account has that address; exporting what guests' records hold for it."))
            export_subject(Subject.for_email(email), output)
        else:
            export_person(user, output)
        self.stdout.write(_("Wrote %(path)s.") % {"path": output})
