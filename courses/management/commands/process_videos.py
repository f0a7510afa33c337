from django.core.management.base import BaseCommand

from courses.video_processing import ProcessingFailed, process, queue_processing, videos_to_process


class Command(BaseCommand):
    help = (
        "Queue every video that is not ready (uploaded before processing existed, or failed) "
        "for the worker; with --sync, process them here, one after the other."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sync", action="store_true", help="process in this process, not the worker")

    def handle(self, *args, sync, **options):
        ready = failed = 0
        for video in videos_to_process().order_by("pk"):
            if not sync:
                queue_processing(video)  # no transaction here: queued at once
                self.stdout.write(f"Queued {video.pk}: {video.title}")
                continue
            try:
                process(video)
            except ProcessingFailed as exc:
                failed += 1
                self.stderr.write(f"Failed {video.pk}: {video.title}: {exc.reason}")
            else:
                ready += 1
                self.stdout.write(f"Ready {video.pk}: {video.title}")
        if sync:
            self.stdout.write(f"{ready} ready, {failed} failed.")
