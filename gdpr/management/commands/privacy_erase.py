from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gdpr.erasure import erase_person, erase_subject
from gdpr.subjects import Subject


class Command(BaseCommand):
    help = _(
        "Erase everything about one person that no law or legal hold keeps, and say what was kept. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help=_("The person's e-mail address."))
        parser.add_argument("--yes", action="store_true", help=_("Do it: without --yes nothing is erased."))

    def handle(self, *args, email, yes=False, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if not yes:
            raise CommandError(
                _("Erasure cannot be undone. Run again with --yes to erase %(email)s.") % {"email": email}
            )
        result = erase_person(user) if user else erase_subject(Subject.for_email(email))
        if result.blocked_by:
            raise CommandError(_("Nothing was erased; legal holds apply: %s") % "; ".join(result.blocked_by))
        for label, count in sorted(result.removed.items()):
            self.stdout.write(_("removed     %(count)6d  %(model)s") % {"count": count, "model": label})
        for label, count in sorted(result.anonymised.items()):
            self.stdout.write(_("anonymised  %(count)6d  %(model)s") % {"count": count, "model": label})
        for item in result.retained:
            until = item.until.isoformat() if item.until else _("until the hold is released")
            self.stdout.write(
                _("retained    %(model)s %(id)s: %(reason)s, until %(until)s")
                % {"model": item.model, "id": item.pk, "reason": item.reason, "until": until}
            )
