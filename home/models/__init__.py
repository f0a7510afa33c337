from .pages import HomePage, PolicyPage, StandardPage
from .settings import CompanySettings
from .users import User

__all__ = ["CompanySettings", "HomePage", "PolicyPage", "StandardPage", "User"]
