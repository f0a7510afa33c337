"""A learner's progress: the player's reports, lessons done, a course completed once.

The player reports where the learner is and which stretches of the video they watched
since the last report. A report that cannot be true (a position past the end, more
watched than time has passed, another person's lesson) is refused and changes nothing.
A lesson is done when the learner has watched the share of its video that the course
asks for (`Course.watch_percentage`); a lesson without video by a button. A course is
complete when its required lessons are: the completion is stored once and announced
with `courses.signals.course_completed` after the transaction commits.

Each report locks only its own learner's row for that lesson, so learners never wait
for one another.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    ModulePage,
    SeatReport,
)
from courses.signals import course_completed

TOKEN_SALT = "courses.progress"
# A player page older than this must be reloaded before it may report again.
TOKEN_MAX_AGE = 24 * 60 * 60
# Browsers play at up to twice the speed; a little slack for clocks and network.
FASTEST_PLAYBACK = 2.0
SLACK_SECONDS = 5.0
MAX_RANGES = 100


class ProgressRefused(Exception):
    """A report that cannot be true, or is not this person's to make; `status` is the HTTP status."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Outcome:
    progress: LessonProgress
    lesson_done: bool
    course_completion: CourseCompletion | None


def report_token(user, lesson: LessonPage) -> str:
    """Signed into the player page: whose report it is, for which lesson, and since when."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(f"{user.pk}:{lesson.pk}")


def _check_token(token: str, user, lesson: LessonPage):
    """When the page was served; ProgressRefused when the token is not this person's for this lesson."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        value = signer.unsign(token, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ProgressRefused(
            _("This page is too old to save your progress. Please reload it."), 400
        ) from exc
    except signing.BadSignature as exc:
        raise ProgressRefused(_("This report does not come from your player."), 403) from exc
    if value != f"{user.pk}:{lesson.pk}":
        raise ProgressRefused(_("This report does not come from your player."), 403)
    timestamp = token.rsplit(signer.sep, 2)[1]  # checked by unsign() above
    return datetime.fromtimestamp(signing.b62_decode(timestamp), tz=UTC)


def parse_ranges(text: str, duration: float) -> list[tuple[float, float]]:
    """ "12.5-20,31-40.2" as [(12.5, 20.0), (31.0, 40.2)]; ProgressRefused when malformed
    or outside the video."""
    ranges = []
    for part in filter(None, (text or "").split(",")):
        try:
            start, end = (float(value) for value in part.split("-", 1))
        except ValueError as exc:
            raise ProgressRefused(_("The report could not be read.")) from exc
        if not (math.isfinite(start) and math.isfinite(end)) or start < 0 or end < start:
            raise ProgressRefused(_("The report could not be read."))
        if end > duration + 1:
            raise ProgressRefused(_("The report goes past the end of the video."))
        ranges.append((min(start, duration), min(end, duration)))
    if len(ranges) > MAX_RANGES:
        raise ProgressRefused(_("The report could not be read."))
    return ranges


def merge(intervals) -> list[list[float]]:
    merged: list[list[float]] = []
    for start, end in sorted((float(start), float(end)) for start, end in intervals):
        if merged and start <= merged[-1][1] + 0.5:  # a gap under half a second is no gap
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [[round(start, 2), round(end, 2)] for start, end in merged]


def _watched_enough(progress: LessonProgress, duration: float, course) -> bool:
    return duration > 0 and progress.watched_seconds >= duration * course.watch_percentage / 100 - 0.5


def _lock_progress(user, lesson: LessonPage, course, now) -> tuple[LessonProgress, bool]:
    """This learner's row for this lesson, created if need be, locked until commit; and
    whether this is the learner's first step in the lesson."""
    key = lesson.translation_key
    progress = LessonProgress.objects.select_for_update().filter(user=user, lesson_key=key).first()
    if progress is not None:
        return progress, False
    try:
        with transaction.atomic():  # a savepoint: a concurrent first report may win
            LessonProgress.objects.create(
                user=user, course=course, lesson_key=key, started_at=now, reported_at=now
            )
    except IntegrityError:
        pass
    return LessonProgress.objects.select_for_update().get(user=user, lesson_key=key), True


def _mark_started(user, course, now) -> None:
    """The learner began: their seat can no longer be taken back, and its company is told."""
    started = Enrolment.objects.active().filter(user=user, course=course, started_at__isnull=True)
    seat_ids = list(started.filter(seat__isnull=False).values_list("seat_id", flat=True))
    if started.update(started_at=now) and seat_ids:
        for seat_id in seat_ids:
            SeatReport.objects.get_or_create(seat_id=seat_id, defaults={"started_at": now})


def report(user, lesson: LessonPage, *, position: str, watched: str, token: str) -> Outcome:
    """Store one report of the player for `user` in `lesson`; ProgressRefused when it cannot be true."""
    from courses.access import may_take

    course = lesson.course_page.course
    if not may_take(user, course):
        raise ProgressRefused(_("You are not taking this course."), 403)
    issued = _check_token(token, user, lesson)
    video = lesson.video
    if video is None or not video.is_ready:
        raise ProgressRefused(_("This lesson has no video to report on."))
    duration = video.duration_seconds
    try:
        position_seconds = float(position)
    except (TypeError, ValueError) as exc:
        raise ProgressRefused(_("The report could not be read.")) from exc
    if not math.isfinite(position_seconds) or position_seconds < 0:
        raise ProgressRefused(_("The report could not be read."))
    if position_seconds > duration + 1:
        raise ProgressRefused(_("The report goes past the end of the video."))
    ranges = parse_ranges(watched, duration)

    now = timezone.now()
    with transaction.atomic():
        progress, first = _lock_progress(user, lesson, course, now)
        since = max(issued, progress.reported_at) if progress.watched else issued
        allowed = (now - since).total_seconds() * FASTEST_PLAYBACK + SLACK_SECONDS
        if sum(end - start for start, end in ranges) > allowed:
            raise ProgressRefused(_("The report claims more watching than time has passed."))
        progress.watched = merge([*progress.watched, *ranges])
        progress.watched_seconds = round(sum(end - start for start, end in progress.watched), 2)
        progress.position_seconds = min(position_seconds, duration)
        if ranges:  # the time watched is measured from the last report that claimed some
            progress.reported_at = now
        newly_done = progress.completed_at is None and _watched_enough(progress, duration, course)
        if newly_done:
            progress.completed_at = now
        progress.save()
        if first:
            _mark_started(user, course, now)
        # Also when the lesson was done before: a lesson unpublished or a share lowered
        # since, or two lessons finished at once in two tabs, may have left the course
        # complete without its completion stored.
        completion = (
            _complete_course_if_done(user, course, now)
            if newly_done
            or (
                progress.completed_at is not None
                and not CourseCompletion.objects.filter(user=user, course=course).exists()
            )
            else None
        )
    return Outcome(progress, progress.completed_at is not None, completion)


def mark_done(user, lesson: LessonPage, at=None) -> Outcome:
    """Mark one lesson done for `user` (the button of a lesson without video; the demo's seed)."""
    course = lesson.course_page.course
    now = at or timezone.now()
    with transaction.atomic():
        progress, _first = _lock_progress(user, lesson, course, now)
        completion = None
        if progress.completed_at is None:
            progress.completed_at = now
            progress.reported_at = now
            video = lesson.video
            if video is not None and video.duration_seconds:
                progress.watched = [[0.0, round(video.duration_seconds, 2)]]
                progress.watched_seconds = round(video.duration_seconds, 2)
            progress.save()
            _mark_started(user, course, now)
            completion = _complete_course_if_done(user, course, now)
    return Outcome(progress, True, completion)


def required_lesson_keys(course) -> list:
    """The translation keys of the course's live lessons, from its source-language page
    (every translation has the same lessons)."""
    page = (
        CoursePage.objects.live().filter(course=course, locale__language_code=settings.LANGUAGE_CODE).first()
        or CoursePage.objects.live().filter(course=course).first()
    )
    if page is None:
        return []
    modules = live_module_paths([page])
    lessons = LessonPage.objects.live().descendant_of(page).values_list("path", "translation_key")
    return [key for path, key in lessons if path[: -LessonPage.steplen] in modules]


def live_module_paths(course_pages) -> set[str]:
    """The tree paths of the live modules of `course_pages`: a live lesson under a module
    unpublished since is not part of its course (one query)."""
    if not course_pages:
        return set()
    below = reduce(or_, (Q(path__startswith=page.path, depth=page.depth + 1) for page in course_pages))
    return set(ModulePage.objects.live().filter(below).values_list("path", flat=True))


def lessons_needed(course, total: int) -> int:
    """How many of a course's `total` lessons must be done to complete it."""
    if course.completion_rule == "percentage":
        return max(1, math.ceil(total * course.completion_percentage / 100))
    return total


def _complete_course_if_done(user, course, now) -> CourseCompletion | None:
    """Store the completion once, and announce it after commit, when enough lessons are done."""
    keys = required_lesson_keys(course)
    if not keys:
        return None
    done = LessonProgress.objects.filter(user=user, lesson_key__in=keys, completed_at__isnull=False).count()
    if done < lessons_needed(course, len(keys)):
        return None
    completion, created = CourseCompletion.objects.get_or_create(
        user=user, course=course, defaults={"completed_at": now}
    )
    if not created:
        return None
    seat_ids = list(
        Enrolment.objects.active()
        .filter(user=user, course=course, seat__isnull=False)
        .values_list("seat_id", flat=True)
    )
    for seat_id in seat_ids:
        SeatReport.objects.update_or_create(
            seat_id=seat_id,
            defaults={"completed_at": now},
            create_defaults={"started_at": now, "completed_at": now},
        )
    transaction.on_commit(lambda: course_completed.send(sender=CourseCompletion, completion=completion))
    return completion
