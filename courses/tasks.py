"""Learning's work after commit: telling people about the seats they were given."""

from celery import shared_task

from shop.companies.tasks import _retry


@shared_task(bind=True, max_retries=4, acks_late=True)
def tell_seat_holders(self, seat_ids: list[int]) -> None:
    """Mail each holder of a seat given to an existing account (once: `notified_at`)."""
    from .seat_mail import tell_holders

    try:
        tell_holders(seat_ids)
    except Exception as exc:
        _retry(self, exc)


VIDEO_RETRY_DELAYS = [60, 300, 1800]


@shared_task(bind=True, max_retries=len(VIDEO_RETRY_DELAYS), acks_late=True)
def process_video(self, video_id: int) -> None:
    """Make a video's MP4, HLS renditions and poster (a no-op once it is ready). The video
    itself records a failure, so only a failure that may pass is raised: to retry later."""
    from .models import LessonVideo
    from .video_processing import ProcessingFailed, process

    video = LessonVideo.objects.filter(pk=video_id).first()
    try:
        if video is not None:
            process(video)
    except ProcessingFailed as exc:
        if exc.retry and not self.request.is_eager and self.request.retries < len(VIDEO_RETRY_DELAYS):
            raise self.retry(exc=exc, countdown=VIDEO_RETRY_DELAYS[self.request.retries]) from exc


@shared_task(acks_late=True)
def send_evaluation_follow_ups() -> int:
    """Beat: the one follow-up mail to each learner who agreed to it, once its time has come."""
    from .evaluation import send_follow_ups

    return send_follow_ups()
