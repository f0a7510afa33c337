from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gdpr.sweep import sweep


class Command(BaseCommand):
    help = _("Apply every retention rule of the privacy registry (delete or anonymise what is due).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Count what is due; change nothing."))
        parser.add_argument("--batch", type=int, default=2000, help=_("Rows per transaction (default 2000)."))

    def handle(self, *args, dry_run=False, batch=2000, **options):
        if batch < 1:
            self.stderr.write(_("--batch must be at least 1."))
            raise SystemExit(2)
        counts = sweep(dry_run=dry_run, batch=batch)
        verb = _("due") if dry_run else _("done")
        for rule, count in sorted(counts.items()):
            self.stdout.write(f"{count:>8}  {rule}")
        self.stdout.write(_("%(total)d rows %(verb)s.") % {"total": sum(counts.values()), "verb": verb})
