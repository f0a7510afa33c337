"""Demo content in Swedish and English, and one account per role.

Idempotent: what exists is left as it is (editors may have changed it), what is
missing is created. A new account's password is returned once, to be printed.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Locale, Page, Site

from gdpr.cookie_seed import declare_cookies
from home import roles
from home.demo import content
from home.models import CompanySettings, HomePage, NewsIndexPage, NewsPage, PolicyPage
from home.translation import translate_page

DEMO_ACCOUNTS = [
    # (e-mail, first name, last name, groups, is_staff, is_superuser, role)
    ("admin@example.com", "Ada", "Admin", [], True, True, "system administrator"),
    (
        "staff@example.com",
        "Sara",
        "Staff",
        [roles.STAFF, roles.DATA_PROTECTION],
        True,
        False,
        "staff / data-protection officer",
    ),
    ("editor@example.com", "Erik", "Editor", [roles.EDITORS, roles.NEWS_SENDERS], False, False, "editor"),
    ("seller@example.com", "Selma", "Seller", [roles.SELLERS], False, False, "seller"),
    ("buyer@example.com", "Bo", "Buyer", [], False, False, "buyer, administrator of Exempel AB"),
    ("learner@example.com", "Lina", "Learner", [], False, False, "learner, seats from Exempel AB"),
]


# The terms of purchase among the demo's policies (content.POLICIES), linked from checkout.
TERMS_SLUG = "kopvillkor"
COOKIES_SLUG = "kakpolicy"


@dataclass
class NewAccount:
    email: str
    password: str
    role: str


def seed_demo() -> list[NewAccount]:
    """The demo site, then its videos processed two at a time (learners are offered only
    a ready video; the worker would process them one by one)."""
    from certificates.seed import seed_certificates
    from config.celery import app
    from courses.seed import process_demo_videos

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # queued for a worker if one runs; processed below
    try:
        created = _seed_content()
    finally:
        app.conf.task_always_eager = eager
    process_demo_videos()
    seed_certificates("learner@example.com", "buyer@example.com", "staff@example.com")
    return created


@transaction.atomic
def _seed_content() -> list[NewAccount]:
    from courses.seed import seed_catalogue

    for code in ("sv", "en"):
        Locale.objects.get_or_create(language_code=code)
    home = ensure_home_page()
    policy = ensure_policy_page(home)
    ensure_other_policies(home)
    ensure_company_settings(home, policy)
    declare_cookies()
    created = ensure_accounts(roles.ensure_role_groups())
    seller = get_user_model().objects.get(email="seller@example.com")
    catalogue = seed_catalogue(home, seller_users=[seller])
    ensure_news(home)
    ensure_news_subscriber()
    ensure_featured_courses(home, catalogue)
    ensure_demo_company(home, catalogue)
    ensure_privacy_request()
    return created


def ensure_privacy_request() -> None:
    """One request in the data-protection officer's queue: the learner asks, from the
    privacy centre, that a record only staff may change be corrected."""
    from gdpr import cases
    from gdpr.models import PrivacyRequest

    learner = get_user_model().objects.get(email="learner@example.com")
    if not PrivacyRequest.objects.filter(user=learner).exists():
        cases.open_request(
            cases.Kind.RECTIFICATION,
            user=learner,
            language="sv",
            details="Mitt efternamn är felstavat på intyget från förra året.",
        )


def ensure_home_page() -> HomePage:
    sv = Locale.objects.get(language_code="sv")
    home = HomePage.objects.filter(locale=sv).first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's migrations leave a placeholder "Welcome" page as the site root.
    for placeholder in root.get_children().filter(content_type__model="page", slug="home"):
        placeholder.delete()
    texts = content.HOME["sv"]
    home = root.add_child(
        instance=HomePage(
            title=texts["title"],
            slug=texts["slug"],
            intro=texts["intro"],
            body="".join(f"<p>{escape(p)}</p>" for p in texts["body"]),
            locale=sv,
        )
    )
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    translate_page(home, "en", _home_texts())
    return home


def ensure_policy_page(home: HomePage) -> PolicyPage:
    policy = PolicyPage.objects.filter(locale=home.locale, slug=content.POLICY_SLUGS["sv"]).first()
    if policy:
        return policy
    title, parts = content.read_policy("sv")
    first_version, first_date = content.POLICY_FIRST_VERSION
    policy = home.add_child(
        instance=PolicyPage(
            title=title,
            slug=content.POLICY_SLUGS["sv"],
            version=first_version,
            effective_date=date.fromisoformat(first_date),
            body=_with_registry_table([_block(kind, text) for kind, text in parts]),
        )
    )
    policy.save_revision().publish()
    en_title, en_parts = content.read_policy("en")
    texts = {title: en_title, content.POLICY_SLUGS["sv"]: content.POLICY_SLUGS["en"]}
    texts.update({sv: en for (_, sv), (_, en) in zip(parts, en_parts, strict=True)})
    texts[REGISTRY_TABLE_HEADING[0]] = REGISTRY_TABLE_HEADING[1]
    translate_page(policy, "en", texts)

    # A second version, so that the policy's history has something to show.
    policy.version, current_date = content.POLICY_CURRENT_VERSION
    policy.effective_date = date.fromisoformat(current_date)
    policy.change_summary = content.POLICY_CHANGE_SUMMARY[0]
    policy.save_revision().publish()
    texts[content.POLICY_CHANGE_SUMMARY[0]] = content.POLICY_CHANGE_SUMMARY[1]
    translate_page(policy, "en", texts)

    # The home page's call to action points at the policy, in each language.
    home.call_to_action_text = content.HOME["sv"]["call_to_action_text"]
    home.call_to_action_page = policy
    home.save_revision().publish()
    translate_page(home, "en", _home_texts())
    return policy


def ensure_other_policies(home: HomePage) -> None:
    for spec in content.POLICIES:
        if PolicyPage.objects.filter(slug=spec["slug"][0], locale=home.locale).exists():
            continue
        version, effective = content.POLICY_FIRST_VERSION
        page = home.add_child(
            instance=PolicyPage(
                title=spec["title"][0],
                slug=spec["slug"][0],
                version=version,
                effective_date=date.fromisoformat(effective),
                body=[_block(kind, sv) for kind, sv, _en in spec["body"]],
            )
        )
        page.save_revision().publish()
        texts = {spec["title"][0]: spec["title"][1], spec["slug"][0]: spec["slug"][1]}
        texts.update({sv: en for _kind, sv, en in spec["body"]})
        translate_page(page, "en", texts)


def ensure_news(home: HomePage) -> None:
    if NewsIndexPage.objects.filter(locale=home.locale).exists():
        return
    (sv_title, sv_slug, sv_intro), (en_title, en_slug, en_intro) = (
        content.NEWS["index"]["sv"],
        content.NEWS["index"]["en"],
    )
    index = home.add_child(
        instance=NewsIndexPage(title=sv_title, slug=sv_slug, intro=sv_intro, show_in_menus=True)
    )
    index.save_revision().publish()
    translate_page(index, "en", {sv_title: en_title, sv_slug: en_slug, sv_intro: en_intro})
    for days_ago, (sv, en) in enumerate(content.NEWS["items"]):
        item = index.add_child(
            instance=NewsPage(
                title=sv[0],
                slug=sv[1],
                intro=sv[2],
                date=timezone.localdate() - timedelta(days=7 * days_ago),
                body=[_block("paragraph", sv[3])],
            )
        )
        item.save_revision().publish()
        translate_page(item, "en", {sv[0]: en[0], sv[1]: en[1], sv[2]: en[2], sv[3]: en[3]})


def ensure_news_subscriber() -> None:
    """The learner gets our news: confirmed, on their account, as if they had signed up
    while signed in and followed the mailed link."""
    from gdpr.cases import current_policy_version
    from gdpr.suppression import address_hash
    from home.models import NewsSubscription

    learner = get_user_model().objects.get(email="learner@example.com")
    NewsSubscription.objects.get_or_create(
        address_hash=address_hash(learner.email),
        defaults={
            "email": learner.email,
            "language": "sv",
            "status": NewsSubscription.Status.CONFIRMED,
            "user": learner,
            "confirmation_mailed_at": timezone.now(),
            "confirmed_at": timezone.now(),
            "policy_version": current_policy_version(),
        },
    )


def ensure_featured_courses(home: HomePage, catalogue) -> None:
    from courses.models import CoursePage

    if home.featured_courses.exists():
        return
    for course_page in (
        CoursePage.objects.descendant_of(catalogue).filter(locale=home.locale).order_by("path")[:3]
    ):
        home.featured_courses.create(course_page=course_page)
    home.save_revision().publish()
    translate_page(home, "en", _home_texts())


def ensure_demo_company(home: HomePage, catalogue) -> None:
    """Exempel AB, administered by the demo buyer: two seat packs, the learner on both."""
    from courses.models import CoursePage
    from shop.seed import seed_company

    User = get_user_model()
    people = {user.email: user for user in User.objects.filter(email__in=[a[0] for a in DEMO_ACCOUNTS])}
    pages = CoursePage.objects.descendant_of(catalogue).filter(locale=home.locale).order_by("path")[:2]
    seed_company(
        buyer=people["buyer@example.com"],
        learner=people["learner@example.com"],
        staff=people["staff@example.com"],
        courses=[page.course for page in pages],
        terms_page=PolicyPage.objects.filter(locale=home.locale, slug=TERMS_SLUG).first(),
    )


def ensure_company_settings(home: HomePage, policy: PolicyPage) -> None:
    company = CompanySettings.for_site(Site.objects.get(root_page=home))
    if not company.organisation_number:
        company.name = "Cloocast AB"
        company.organisation_number = "559251-4557"
        company.vat_number = "SE559251455701"
        company.address = "Drottninggatan 1\n111 51 Stockholm"
        company.bankgiro = "5050-1055"
        company.email = "info@cloocast.example"
        company.privacy_policy_page = policy
        company.save()
    if company.terms_page is None:
        # The checkout links the terms of purchase and records the version each buyer accepts.
        company.terms_page = PolicyPage.objects.filter(locale=home.locale, slug=TERMS_SLUG).first()
        company.save(update_fields=["terms_page"])
    if company.cookie_policy_page is None:
        company.cookie_policy_page = PolicyPage.objects.filter(locale=home.locale, slug=COOKIES_SLUG).first()
        company.save(update_fields=["cookie_policy_page"])
    if not company.data_protection_email:
        # The record of processing (GDPR art. 30) names whom to ask about personal data.
        company.data_protection_name = "Dataskyddsombud, Cloocast AB"
        company.data_protection_email = "dataskydd@cloocast.example"
        company.save(update_fields=["data_protection_name", "data_protection_email"])


def ensure_accounts(groups) -> list[NewAccount]:
    User = get_user_model()
    created = []
    for email, first, last, group_names, is_staff, is_superuser, role in DEMO_ACCOUNTS:
        if User.objects.filter(email=email).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(email=email, password=password, first_name=first, last_name=last)
        user.is_staff, user.is_superuser = is_staff, is_superuser
        user.save(update_fields=["is_staff", "is_superuser"])
        user.groups.set([groups[name] for name in group_names])
        created.append(NewAccount(email, password, role))
    return created


# The personal data policy's table of what is stored, generated from the privacy registry
# (gdpr.blocks.PrivacyRegistryBlock); its heading in Swedish and English.
REGISTRY_TABLE_HEADING = ("Det här sparar vi, varför och hur länge", "What we store, why and for how long")


def _with_registry_table(blocks: list) -> list:
    """The policy's blocks with the registry's table just before its last heading ("Your rights")."""
    last_heading = max(i for i, (kind, _value) in enumerate(blocks) if kind == "heading")
    table = ("privacy_registry", {"heading": REGISTRY_TABLE_HEADING[0]})
    return [*blocks[:last_heading], table, *blocks[last_heading:]]


def _block(kind: str, text: str):
    if kind == "heading":
        return ("heading", {"text": text, "level": "h2"})
    return ("paragraph", f"<p>{escape(text)}</p>")


def _home_texts() -> dict[str, str]:
    sv, en = content.HOME["sv"], content.HOME["en"]
    texts = {sv[key]: en[key] for key in ("title", "slug", "intro", "call_to_action_text")}
    texts.update(zip(sv["body"], en["body"], strict=True))
    return texts
