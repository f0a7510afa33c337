"""Who may watch a video. Public: a live course's trailer and live free-preview lessons."""

from courses.models import CoursePage, LessonPage, LessonVideo


def is_public_video(video: LessonVideo) -> bool:
    return (
        CoursePage.objects.live().public().filter(trailer=video).exists()
        or LessonPage.objects.live().public().filter(video=video, free_preview=True).exists()
    )


def can_watch(user, video: LessonVideo) -> bool:
    if is_public_video(video):
        return True
    # Editors, and the video's own seller, preview material in the admin.
    return user.is_authenticated and video.is_managed_by(user)
