from django.core.management.base import BaseCommand

from home.seed import seed_demo


class Command(BaseCommand):
    help = "Create the demo site (home page, policy, one account per role) in Swedish and English."

    def handle(self, *args, **options):
        created = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo content ready: /sv/ and /en/"))
        if created:
            self.stdout.write("New accounts (the passwords are shown only this once):")
            for account in created:
                self.stdout.write(f"  {account.role:<32} {account.email:<24} {account.password}")
