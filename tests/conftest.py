"""Shared fixtures: service requirements, personas and a minimal two-language site."""

import os

from django.db import connection, transaction

from wagtail.models import Collection, Locale, Page, Site

import pytest
import redis

from home import roles
from home.models import CompanySettings, HomePage
from home.translation import translate_page
from tests.factories.home import HomePageFactory, PolicyPageFactory, UserFactory

# CI sets REQUIRE_SERVICES=1: a test that needs PostgreSQL or Redis then fails
# instead of skipping, so a green CI run has exercised the real services.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def require(available: bool, reason: str) -> None:
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1: skipping is not allowed)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_createdb,
    django_db_modify_db_settings,
):  # fmt: skip
    """pytest-django's set-up, except for parallel runs on PostgreSQL with a fresh database
    (CI): the first test process migrates a template database once, and each process
    clones it in a second, instead of two processes migrating at once on two cores."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    keepdb = django_db_keepdb and not django_db_createdb
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    with django_db_blocker.unblock():
        if run and not keepdb and connections["default"].vendor == "postgresql":
            databases = [_clone_template_database(connections["default"], run)]
        else:
            databases = setup_databases(
                verbosity=request.config.option.verbose, interactive=False, keepdb=keepdb
            )
        _build_base_site()
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=request.config.option.verbose)


def _clone_template_database(connection, run: str):
    import fcntl
    import tempfile
    from pathlib import Path

    from django.conf import settings

    worker = os.environ["PYTEST_XDIST_WORKER"]
    old_name = connection.settings_dict["NAME"]
    clone = connection.settings_dict["TEST"]["NAME"]  # test_<name>_<worker>
    template = clone.removesuffix(f"_{worker}") + "_template"
    with open(Path(tempfile.gettempdir()) / f"{template}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other process waits while the first migrates
        lock.seek(0)
        if lock.read().strip() != run:
            connection.settings_dict["TEST"]["NAME"] = template
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            connection.close()
            lock.seek(0)
            lock.truncate()
            lock.write(run)
            lock.flush()
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{clone}"')
            cursor.execute(f'CREATE DATABASE "{clone}" TEMPLATE "{template}"')
    connection.close()
    connection.settings_dict["TEST"]["NAME"] = clone
    connection.settings_dict["NAME"] = settings.DATABASES[connection.alias]["NAME"] = clone
    return (connection, old_name, True)  # as setup_databases() gives it to teardown_databases()


@pytest.fixture
def postgres(db):
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "needs Redis: set REDIS_URL=redis://…")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require(False, f"needs Redis, and {url} does not answer: {exc}")
    return url


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's first language, whatever page the test before it
    asked for (a request leaves its language active in the thread). Not through the
    `settings` fixture: that would restore a test's settings after the cache's clean-up."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The database is rolled back after each test; the cache must not outlive it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def without_page_cache(settings):
    """Every page rendered, as for a visitor with a session: query budgets then measure
    the rendering, not the page cache (home/page_cache.py), which answers with none."""
    settings.PAGE_CACHE_TIMEOUT = 0  # nothing is kept


def queries_for(client, url, cold=False) -> int:
    """Queries for one request, after a first one has warmed the caches; `cold` empties
    them again, so that cached course cards or search hits cannot hide their queries."""
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


# --- Personas: one per role of PRODUCT.md -------------------------------------------


@pytest.fixture
def role_groups(db):
    return roles.ensure_role_groups()


@pytest.fixture
def buyer(db):
    return UserFactory(email="buyer@example.com")


@pytest.fixture
def learner(db):
    return UserFactory(email="learner@example.com")


@pytest.fixture
def editor(role_groups):
    user = UserFactory(email="editor@example.com")
    user.groups.add(role_groups[roles.EDITORS])
    return user


@pytest.fixture
def seller(role_groups):
    user = UserFactory(email="seller@example.com")
    user.groups.add(role_groups[roles.SELLERS])
    return user


@pytest.fixture
def staff(role_groups):
    user = UserFactory(email="staff@example.com", is_staff=True)
    user.groups.add(role_groups[roles.STAFF])
    return user


@pytest.fixture
def sysadmin(db):
    return UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)


# --- A two-language site ----------------------------------------------------------


@pytest.fixture
def locales(db):
    """Swedish and English. Built here, not taken from migrations: transactional tests
    (the browser's) flush the database, data migrations included."""
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("sv", "en")}


@pytest.fixture
def home_page(locales):
    """A Swedish home page as the default site's root, translated into English: the base
    site, committed once per test process (`_build_base_site`), each test's changes to it
    rolled back with the test."""
    return HomePage.objects.get(pk=BASE_SITE["home"])


# The base site is most tests' starting point. Built for each test, it cost a third of a
# second and 300 queries (a page, its translation, a site), some 900 times a run.
BASE_SITE = {}


@pytest.fixture
def empty_site(locales):
    """No site but the tree's root, for a test that builds its own (the demo's seed): the
    base site is deleted inside the test's transaction, and so comes back after it."""
    for page in Page.objects.filter(depth=2):
        page.delete()  # the home pages with what is below them, and their sites
    return Page.get_first_root_node()


def _build_base_site():
    """Commit the base site, or take the one a kept database (--reuse-db) already holds."""
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("sv", "en")}
    home = HomePage.objects.filter(depth=2, slug="start", locale=locales["sv"]).first()
    with transaction.atomic():
        if home is None:
            root = Page.get_first_root_node() or Page.add_root(
                instance=Page(title="Root", slug="root", locale=locales["sv"])
            )
            Collection.get_first_root_node() or Collection.add_root(name="Root")
            home = HomePageFactory(parent=root, slug="start", locale=locales["sv"])
        if not home.has_translation(locales["en"]):
            translate_page(
                home,
                "en",
                {"Välkommen": "Welcome", "start": "start-en", "Kurser för företag": "Courses for companies"},
            )
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
        )
    BASE_SITE.update(home=home.pk, stale=False)


def _is_transactional(item) -> bool:
    """Whether pytest-django runs `item` as a TransactionTestCase, which empties every
    table when it ends: the base site with them."""
    marker = item.get_closest_marker("django_db")
    fixtures = {
        "transactional_db",
        "live_server",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
    }
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))) or bool(
        fixtures & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """Rebuild the base site, outside any test's transaction, for a test that wants it
    after a transactional test emptied the database."""
    if BASE_SITE.get("stale") and "home_page" in getattr(item, "fixturenames", ()):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _build_base_site()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    yield
    if BASE_SITE and _is_transactional(item):
        BASE_SITE["stale"] = True


@pytest.fixture
def policy_page(home_page, django_capture_on_commit_callbacks):
    """A published personal data policy, in Swedish and English, linked from the footer."""
    policy = PolicyPageFactory(parent=home_page)
    with django_capture_on_commit_callbacks(execute=True):
        translate_page(
            policy,
            "en",
            {
                "Personuppgiftspolicy": "Personal data policy",
                policy.slug: f"{policy.slug}-en",
                "Varför vi behandlar uppgifter": "Why we process data",
                "Vi behandlar uppgifter för att leverera kurser.": "We process data to deliver courses.",
            },
        )
    company = CompanySettings.for_site(Site.objects.get(root_page=home_page))
    company.organisation_number = "559251-4557"
    company.privacy_policy_page = policy
    company.save()
    return policy


# --- The catalogue ------------------------------------------------------------------


@pytest.fixture
def catalogue(home_page):
    from tests.factories.courses import make_catalogue

    return make_catalogue(home_page)


@pytest.fixture
def seller_company(catalogue, seller):
    from tests.factories.courses import make_seller

    return make_seller(catalogue, "Säljare Ett", users=[seller])


@pytest.fixture
def other_seller_company(catalogue):
    from tests.factories.courses import make_seller

    return make_seller(catalogue, "Säljare Två", users=[UserFactory(email="other-seller@example.com")])


@pytest.fixture(scope="session")
def _demo_video_bytes():
    """ffmpeg runs once per test process: its output is the same every time."""
    import shutil

    require(shutil.which("ffmpeg") is not None, "needs ffmpeg (make test installs it)")
    from courses.demo_media import demo_video

    return demo_video("test", seconds=2).read()


@pytest.fixture
def demo_video_file(_demo_video_bytes):
    """A real two-second H.264 MP4, made by ffmpeg."""
    from django.core.files.base import ContentFile

    return ContentFile(_demo_video_bytes, name="test.mp4")


@pytest.fixture
def lesson_video(demo_video_file):
    from courses.models import LessonVideo

    video = LessonVideo(title="Testvideo")
    video.file.save("test.mp4", demo_video_file, save=False)
    video.save()
    return video
