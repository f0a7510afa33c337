from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from home.seed import seed_demo
from shop.seed import COMPANY_NAME, ORGANISATION_NUMBER


class Command(BaseCommand):
    help = "Create the demo site (home page, policy, one account per role) in Swedish and English."

    def handle(self, *args, **options):
        # The demo's orders and seats mail invoices, seat notices and an invitation to
        # @example.com addresses; on the console they would bury the passwords below.
        # (A real worker, when REDIS_URL is set, sends them with its own settings.)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            created = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo content ready: /sv/ and /en/"))
        self.stdout.write(
            f"Demo company: {COMPANY_NAME} ({ORGANISATION_NUMBER}), administered by buyer@example.com,"
            " with two seat packs: /sv/shop/accounts/seats/"
        )
        if created:
            self.stdout.write("New accounts (the passwords are shown only this once):")
            for account in created:
                self.stdout.write(f"  {account.role:<34} {account.email:<24} {account.password}")
