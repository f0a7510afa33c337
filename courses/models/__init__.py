from .catalogue import Course, Instructor, Seller, Subject
from .media import LessonVideo
from .pages import (
    CourseIndexPage,
    CourseInstructor,
    CoursePage,
    LessonDocument,
    LessonPage,
    ModulePage,
    SellerPage,
)

__all__ = [
    "Course",
    "CourseIndexPage",
    "CourseInstructor",
    "CoursePage",
    "Instructor",
    "LessonDocument",
    "LessonPage",
    "LessonVideo",
    "ModulePage",
    "Seller",
    "SellerPage",
    "Subject",
]
