from django.core.management.base import BaseCommand

from courses.search_index import rebuild_search_documents


class Command(BaseCommand):
    help = (
        "Write the site search's document of every live course, lesson and news page anew and "
        "count their words again (`migrate` does it once for a site that had none; publishing "
        "keeps them up to date)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Search documents: {rebuild_search_documents()} written.")
