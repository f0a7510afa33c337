from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from courses.models import CourseIndexPage


class Command(BaseCommand):
    help = "Give a seller its own group, Oscar partner and part of the catalogue (safe to repeat)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the seller's name, e.g. 'Nordisk Kompetens AB'")
        parser.add_argument("--user", action="append", default=[], help="e-mail of a user who sells for it")
        parser.add_argument("--english-name", help="the seller page's title in English")

    def handle(self, *args, name, user, english_name, **options):
        from courses.sellers import onboard_seller

        catalogue = CourseIndexPage.objects.filter(locale__language_code="sv").first()
        if catalogue is None:
            raise CommandError("There is no Swedish course catalogue page yet.")
        users = list(get_user_model().objects.filter(email__in=user))
        missing = set(user) - {u.email for u in users}
        if missing:
            raise CommandError(f"No account for: {', '.join(sorted(missing))}")
        seller = onboard_seller(name, catalogue, users=users, translations={"en": english_name or name})
        self.stdout.write(
            f"Seller {seller.name}: group '{seller.group.name}', partner '{seller.partner.code}'."
        )
