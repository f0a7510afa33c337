from .catalogue import Course, Instructor, Seller, Subject
from .enrolment import DocumentProduct, DocumentPurchase, Enrolment, GrantSource, Seat
from .learning import (
    CourseCompletion,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    FollowUpConsent,
    LessonCaption,
    LessonProgress,
    SeatReport,
)
from .media import LessonVideo, VideoStatus
from .pages import (
    CourseIndexPage,
    CourseInstructor,
    CoursePage,
    LessonDocument,
    LessonPage,
    ModulePage,
    SellerPage,
)
from .search import SearchDocument, SearchWord

__all__ = [
    "CourseCompletion",
    "EvaluationAnswer",
    "EvaluationQuestion",
    "EvaluationResponse",
    "FollowUpConsent",
    "LessonCaption",
    "LessonProgress",
    "VideoStatus",
    "DocumentProduct",
    "DocumentPurchase",
    "Enrolment",
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
    "SearchDocument",
    "SearchWord",
    "Seat",
    "SeatReport",
    "Seller",
    "SellerPage",
    "Subject",
]
