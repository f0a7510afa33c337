from django.core.management.base import BaseCommand

from home.roles import ensure_role_groups


class Command(BaseCommand):
    help = "Create the role groups (editors, sellers, staff) with their permissions."

    def handle(self, *args, **options):
        groups = ensure_role_groups()
        self.stdout.write(f"Role groups ready: {', '.join(sorted(groups))}")
