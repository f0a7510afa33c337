from django.core.management.base import BaseCommand, CommandError

from home.models import HomePage


class Command(BaseCommand):
    help = "Fill the Swedish catalogue up to N benchmark courses (with products); run seed_demo first."

    def add_arguments(self, parser):
        parser.add_argument("--courses", type=int, default=1000)

    def handle(self, *args, courses, **options):
        from courses.seed import seed_bench_catalogue

        home = HomePage.objects.filter(locale__language_code="sv").first()
        if home is None:
            raise CommandError("No Swedish home page: run seed_demo first.")
        added = seed_bench_catalogue(home, courses)
        self.stdout.write(f"Benchmark catalogue: {added} courses added, {courses} in all.")
