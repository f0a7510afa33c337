"""Who may watch a video. Public: a live course's trailer and live free-preview lessons;
otherwise the course's learners, its seller and the editors."""

from courses.models import CoursePage, Enrolment, LessonPage, LessonVideo


def enrolled_course_ids(user) -> set[int]:
    """The courses `user` may take now: an active enrolment of their own, from any source."""
    if not user.is_authenticated:
        return set()
    return set(Enrolment.objects.active().filter(user=user).values_list("course_id", flat=True))


def may_take(user, course) -> bool:
    """Whether `user` may follow the paid lessons of `course`."""
    if not user.is_authenticated:
        return False
    if user.has_perm("courses.manage_all_videos") or course.seller.has_member(user):
        return True
    return course.pk in enrolled_course_ids(user)


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
    if not user.is_authenticated:
        return False
    # Editors, and the video's own seller, preview material in the admin.
    if video.is_managed_by(user):
        return True
    lessons = LessonPage.objects.live().filter(video=video)
    course_ids = {lesson.course_page.course_id for lesson in lessons}
    return bool(course_ids & enrolled_course_ids(user))
