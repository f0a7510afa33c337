from .catalogue import Course, Instructor, Seller, Subject
from .enrolment import DocumentProduct, DocumentPurchase, Enrollment, GrantSource, Seat
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
    "DocumentProduct",
    "DocumentPurchase",
    "Enrollment",
    "GrantSource",
    "Course",
    "CourseIndexPage",
    "CourseInstructor",
    "CoursePage",
    "Instructor",
    "LessonDocument",
    "LessonPage",
    "LessonVideo",
    "ModulePage",
    "Seat",
    "Seller",
    "SellerPage",
    "Subject",
]
