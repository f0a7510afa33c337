"""Move Wagtail's documents from MEDIA_ROOT/documents/ to PRIVATE_MEDIA_ROOT/documents/.

Documents are stored in the private directory since lesson material must not be
reachable under MEDIA_URL (home.private.storage.MediaStorage); an installation made
before that keeps its older files here until this runs once. Safe to run again.
"""

import filecmp
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from home.private.storage import private_storage


class Command(BaseCommand):
    help = "Move Wagtail documents out of MEDIA_ROOT into the private storage (run once after upgrading)."

    def handle(self, *args, **options):
        source = Path(settings.MEDIA_ROOT) / "documents"
        target = Path(private_storage().location) / "documents"
        moved = conflicts = 0
        if source.is_dir():
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                destination = target / path.relative_to(source)
                if destination.exists():
                    if filecmp.cmp(path, destination, shallow=False):
                        path.unlink()  # already copied by an earlier, interrupted run
                        moved += 1
                    else:
                        conflicts += 1
                        self.stderr.write(f"Left in place, a different file has its name: {path}")
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, destination)
                moved += 1
        self.stdout.write(f"Documents moved to {target}: {moved}; left in place: {conflicts}.")
        if conflicts:
            raise SystemExit(1)
