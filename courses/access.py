"""Who may watch a video. Public: a live course's trailer and live free-preview lessons."""

from courses.models import CoursePage, LessonPage, LessonVideo


def is_public_video(video: LessonVideo) -> bool:
    if CoursePage.objects.live().public().filter(trailer=video).exists():
        return True
    previews = LessonPage.objects.live().public().filter(video=video, free_preview=True)
    # A preview is public only while its course is: unpublishing a course may leave its
    # lessons live.
    return any(lesson.course_page.live for lesson in previews)


def can_watch(user, video: LessonVideo) -> bool:
    if is_public_video(video):
        return True
    # Editors, and the video's own seller, preview material in the admin.
    return user.is_authenticated and video.is_managed_by(user)
