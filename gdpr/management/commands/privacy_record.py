from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from gdpr import record
from home.models import CompanySettings


class Command(BaseCommand):
    help = _("Print the record of processing activities (GDPR art. 30) from the privacy registry.")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["markdown", "csv"], default="markdown")
        parser.add_argument("--language", default="en", help=_("Language of the record (sv or en)."))

    def handle(self, *args, format="markdown", language="en", **options):
        languages = [code for code, _name in settings.LANGUAGES]
        if language not in languages:
            raise CommandError(
                _("Unknown language %(language)s; use one of %(languages)s.")
                % {"language": language, "languages": ", ".join(languages)}
            )
        # The default site's company details; an unsaved default if none are stored yet.
        company = CompanySettings.objects.filter(site__is_default_site=True).first() or CompanySettings()
        with translation.override(language):
            the_record = record.build(company)
            self.stdout.write(
                record.as_csv(the_record) if format == "csv" else record.as_markdown(the_record), ending=""
            )
