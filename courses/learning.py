"""What a learner sees of their courses: My learning, the syllabus, the player's neighbours.

Everything here reads; progress is written only by `courses.progress` (POST requests).
Queries stay flat: the courses' lessons come from the cache (courses.catalogue.outlines(),
two queries for all those not cached), then one for the learner's progress in them and one
for their completions.
"""

from dataclasses import dataclass, field

from wagtail.models import Locale

from courses.catalogue import outlines
from courses.models import CourseCompletion, CoursePage, Enrolment, LessonPage, LessonProgress
from courses.progress import lessons_needed


@dataclass
class LessonState:
    lesson: LessonPage
    done: bool = False
    position: float = 0.0
    reported_at: object = None

    @property
    def started(self) -> bool:
        return self.reported_at is not None


@dataclass
class CourseState:
    page: CoursePage
    lessons: list[LessonState] = field(default_factory=list)
    completed_at: object = None
    granted_at: object = None

    @property
    def done_count(self) -> int:
        return sum(state.done for state in self.lessons)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def percent(self) -> int:
        if self.completed_at:
            return 100
        needed = lessons_needed(self.page.course, self.total) if self.total else 0
        return min(99, round(100 * self.done_count / needed)) if needed else 0

    @property
    def started(self) -> bool:
        return any(state.started for state in self.lessons)

    def state_of(self, lesson) -> LessonState | None:
        return next((state for state in self.lessons if state.lesson.pk == lesson.pk), None)

    @property
    def next_lesson(self) -> LessonState | None:
        """Where "continue" leads: the lesson last watched if unfinished, else the next one not done."""
        if not self.lessons:
            return None
        touched = [state for state in self.lessons if state.started]
        if touched:
            last = max(touched, key=lambda state: state.reported_at)
            if not last.done:
                return last
            after = self.lessons[self.lessons.index(last) + 1 :]
            return next((s for s in after if not s.done), None) or next(
                (s for s in self.lessons if not s.done), self.lessons[0]
            )
        return self.lessons[0]


def course_states(user, pages: list[CoursePage]) -> list[CourseState]:
    """Each course page with its live lessons in order and `user`'s progress in them."""
    if not pages:
        return []
    states = {page.pk: CourseState(page) for page in pages}
    by_key = {}
    for page_id, modules in outlines(pages).items():
        for module in modules:
            for lesson in module.lessons:
                state = LessonState(lesson)
                states[page_id].lessons.append(state)
                by_key[lesson.translation_key] = state
    course_ids = [page.course_id for page in pages]
    for key, position, completed_at, reported_at in LessonProgress.objects.filter(
        user=user, course_id__in=course_ids
    ).values_list("lesson_key", "position_seconds", "completed_at", "reported_at"):
        if key in by_key:
            state = by_key[key]
            state.done, state.position, state.reported_at = completed_at is not None, position, reported_at
    completed = dict(
        CourseCompletion.objects.filter(user=user, course_id__in=course_ids).values_list(
            "course_id", "completed_at"
        )
    )
    for state in states.values():
        state.completed_at = completed.get(state.page.course_id)
    return list(states.values())


def pages_in_language(course_ids) -> dict:
    """The live page of each course in the reader's language, falling back to any other."""
    pages = {}
    active = Locale.get_active()
    for page in (
        CoursePage.objects.live().filter(course_id__in=course_ids).select_related("course", "cover_image")
    ):
        if page.course_id not in pages or page.locale_id == active.pk:
            pages[page.course_id] = page
    return pages


def my_learning(user) -> tuple[list[CourseState], list[CourseState]]:
    """The courses `user` may take (bought or from a seat): under way, and finished."""
    granted = {}
    for course_id, granted_at in (
        Enrolment.objects.active()
        .filter(user=user)
        .order_by("granted_at")
        .values_list("course_id", "granted_at")
    ):
        granted.setdefault(course_id, granted_at)
    pages = pages_in_language(granted)
    states = course_states(user, list(pages.values()))
    for state in states:
        state.granted_at = granted[state.page.course_id]
    ongoing = sorted(
        (s for s in states if not s.completed_at),
        key=lambda s: max((ls.reported_at for ls in s.lessons if ls.reported_at), default=s.granted_at),
        reverse=True,
    )
    finished = sorted((s for s in states if s.completed_at), key=lambda s: s.completed_at, reverse=True)
    return ongoing, finished


@dataclass
class Neighbours:
    previous: LessonPage | None
    next: LessonPage | None
    position: int
    total: int


def neighbours(lesson: LessonPage, course_page: CoursePage) -> Neighbours:
    """The lessons before and after `lesson` in its course, across its live modules."""
    lessons = [item for module in outlines([course_page])[course_page.pk] for item in module.lessons]
    index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), None)
    if index is None:
        return Neighbours(None, None, 0, len(lessons))
    return Neighbours(
        lessons[index - 1] if index > 0 else None,
        lessons[index + 1] if index + 1 < len(lessons) else None,
        index + 1,
        len(lessons),
    )
