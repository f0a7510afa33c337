"""Personal data in `home`: the account itself. Pages, policies and the company's settings
are the company's content."""

from django.utils.translation import gettext_lazy as _

from gdpr.declarations.common import AFTER_RELATIONSHIP, Epoch
from gdpr.erasure_actions import Anonymise, Blank, Delete, ErasedEmail, Null, Placeholder, UnusablePassword
from gdpr.registry import Category, LawfulBasis, Purpose, declare, holds_nothing_personal

declare(
    "home.User",
    purpose=Purpose.ACCOUNT,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    # The account row stays, emptied, so that what must point at it (an admin log entry,
    # a retained order's history) keeps pointing at something that names nobody.
    erasure=Anonymise(
        email=ErasedEmail(),
        first_name=Blank(),
        last_name=Blank(),
        password=UnusablePassword(),
        last_login=Null(),
        date_joined=Epoch(),
        is_active=Placeholder(False),
        is_staff=Placeholder(False),
        is_superuser=Placeholder(False),
    ),
    personal={
        "email": Category.CONTACT,
        "first_name": Category.CONTACT,
        "last_name": Category.CONTACT,
        "password": Category.ONLINE_IDENTIFIER,
        "last_login": Category.ONLINE_IDENTIFIER,
        "date_joined": Category.ONLINE_IDENTIFIER,
    },
    not_personal=("id", "is_superuser", "is_staff", "is_active"),
    secrets=("password",),
    person="pk",
)
for label, other in (("home.User_groups", "group"), ("home.User_user_permissions", "permission")):
    declare(
        label,
        purpose=Purpose.ACCOUNT,
        basis=LawfulBasis.CONTRACT,
        retention=AFTER_RELATIONSHIP,
        erasure=Delete(),
        references=("user",),
        not_personal=("id", other),
        person="user",
    )

holds_nothing_personal(
    _("The site's pages and the policies' published versions: editorial content."),
    "home.HomePage",
    "home.HomeFeaturedCourse",
    "home.StandardPage",
    "home.PolicyPage",
    "home.PolicyVersion",
    "home.NewsIndexPage",
    "home.NewsPage",
)
holds_nothing_personal(
    _(
        "The company's own details (its e-mail address and telephone number are the company's), "
        "and how to reach its data-protection contact (GDPR art. 30(1)(a)): the work details of a "
        "role the company fills, not data about its customers."
    ),
    "home.CompanySettings",
    reviewed=("email", "phone", "address", "data_protection_email", "data_protection_phone"),
)
