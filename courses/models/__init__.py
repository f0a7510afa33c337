from .catalogue import Course, Instructor, Seller, Subject
from .enrolment import Company, DocumentProduct, DocumentPurchase, Enrollment, GrantSource
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
    "Company",
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
    "Seller",
    "SellerPage",
    "Subject",
]
