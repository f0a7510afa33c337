from .contact import ContactCase, ContactMessage
from .news import NewsIndexPage, NewsPage
from .pages import HomeFeaturedCourse, HomePage, PolicyPage, StandardPage
from .policies import PolicyVersion
from .settings import CompanySettings
from .users import User

__all__ = [
    "CompanySettings",
    "ContactCase",
    "ContactMessage",
    "HomeFeaturedCourse",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "PolicyPage",
    "PolicyVersion",
    "StandardPage",
    "User",
]
