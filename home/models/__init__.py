from .contact import ContactCase, ContactMessage
from .news import NewsIndexPage, NewsPage
from .newsletter import NewsDelivery, NewsSend, NewsSubscription
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
    "NewsDelivery",
    "NewsIndexPage",
    "NewsPage",
    "NewsSend",
    "NewsSubscription",
    "PolicyPage",
    "PolicyVersion",
    "StandardPage",
    "User",
]
