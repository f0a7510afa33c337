from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gdpr import manifest


class Command(BaseCommand):
    help = _("Write gdpr/manifest.json from the privacy registry (or, with --check, compare them).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help=_("Change nothing; fail when the manifest is out of date.")
        )

    def handle(self, *args, check=False, **options):
        if check:
            diff = manifest.differences()
            if diff:
                raise CommandError(_("The privacy manifest is out of date:\n%s") % "\n".join(diff))
            self.stdout.write(_("The privacy manifest matches the registry."))
            return
        changed = manifest.write()
        self.stdout.write(
            _("Wrote %(path)s.") % {"path": manifest.MANIFEST_PATH}
            if changed
            else _("%(path)s was already up to date.") % {"path": manifest.MANIFEST_PATH}
        )
