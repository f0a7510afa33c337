from django.core.management.base import BaseCommand

from gdpr.cookie_seed import declare_cookies


class Command(BaseCommand):
    help = "Declare the cookies the site's code sets, in Swedish and English, where they are missing."

    def handle(self, *args, **options):
        added = declare_cookies()
        self.stdout.write(f"{added} cookie declarations added.")
