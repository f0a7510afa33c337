"""Settings shared by every environment.

Safe for production by default: DEBUG is off and nothing insecure is assumed. `dev`
and `test` relax what they must; `production` adds what a public deployment needs.
Every value that differs between machines comes from the environment; with nothing
set, the project runs on one machine (SQLite, local-memory cache, console e-mail,
Celery tasks run inline).
"""

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from oscar.defaults import *  # noqa: F403  (OSCAR_* defaults, overridden below)

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

from shop.dashboard.navigation import without_unused
from shop.invoicing.dashboard.navigation import INVOICING_MENU

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only used when no SECRET_KEY is given, and refused by `production`.
INSECURE_DEV_SECRET_KEY = "django-insecure-only-for-a-local-machine-never-for-production"
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
INSTALLED_APPS = [
    # Our apps come first so that their templates and commands win.
    "home",
    "courses",
    "certificates",
    "gdpr",
    # haystack must precede wagtail.search: both ship `update_index`, first wins.
    "haystack",
    # Wagtail and its translation tooling (wagtail_localize.locales replaces wagtail.locales).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.postgres",  # search: text search and trigram lookups, GIN indexes
    # Oscar. The apps we change are forked into shop/ and keep Oscar's labels.
    "shop.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "shop.order.apps.OrderConfig",
    "shop.invoicing.apps.InvoicingConfig",
    "shop.companies.apps.CompaniesConfig",
    "shop.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "shop.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    "axes",
    "csp",  # django-csp: its system checks (the header comes from home/content_security.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so that it sees every page, error pages of the middleware below included.
    "home.content_security.ContentSecurityPolicyMiddleware",
    # Outside every middleware that sets cookies: it sees them all, and drops those the
    # visitor has not allowed (gdpr/cookies.py).
    "gdpr.cookies.CookieConsentMiddleware",
    # Whole public pages for visitors without a session, answered before the middleware
    # below run (home/page_cache.py); counts course page views.
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.basket_cookie.BasketMiddleware",
    # A 400 page for a NUL character in a query or form, which PostgreSQL would refuse.
    "home.bad_input.RejectNulCharactersMiddleware",
    # A signed-in person is asked to accept a new major version of a policy.
    "gdpr.acceptance.PolicyAcceptanceMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login that django-axes refused into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1  # django.contrib.sites, which Oscar needs; Wagtail has its own Site model.

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.core.context_processors.metadata",
                # Last: a placeholder CSRF token while a page renders for the page cache.
                "home.page_cache.csrf_placeholder",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Data: database, cache, files
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s embedded database: two transactions that read, then write, would
    # deadlock at once ("database is locked": seed_demo processes videos in two threads);
    # BEGIN IMMEDIATE makes the second wait for the first instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "home.redis_cache.RedisCache",  # one client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "learnshop",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages (home/page_cache.py): kept until an edit drops them, or this many
# seconds; nginx's micro-cache may keep the pages marked public this many.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=10 * 60)
PAGE_CACHE_SHARED_MAX_AGE = env.int("PAGE_CACHE_SHARED_MAX_AGE", default=10)

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Course material (videos, paid documents): no URL maps here; views check access first.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
PRIVATE_STORAGE = {
    "BACKEND": "home.private.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
# MEDIA_ROOT, except Wagtail's documents, which live in PRIVATE_MEDIA_ROOT (lesson material).
DEFAULT_STORAGE = {"BACKEND": "home.private.storage.MediaStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Behind nginx: the internal location that serves PRIVATE_MEDIA_ROOT (X-Accel-Redirect).
# Empty: the application streams files itself (development, tests).
PRIVATE_MEDIA_ACCEL_PREFIX = env.str("PRIVATE_MEDIA_ACCEL_PREFIX", default="")
# Seconds a signed URL to a private file works (home/private/signing.py): longer than a
# lesson, short enough that a copied link soon stops working.
PRIVATE_URL_TTL = env.int("PRIVATE_URL_TTL", default=4 * 3600)
# Wagtail's document view hands its files to nginx through the same prefix.
SENDFILE_BACKEND = "home.private.sendfile"
COURSE_VIDEO_MAX_UPLOAD_SIZE = env.int("COURSE_VIDEO_MAX_UPLOAD_SIZE", default=2 * 1024**3)
COURSES_PER_PAGE = 12
# Uploads above this stay on disk while they stream in, never whole in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000  # Wagtail's StreamField forms post many fields.

# ---------------------------------------------------------------------------
# Accounts: one user model for the shop, the learner pages and both admins
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "home.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every login while the account is locked out from that address.
    "home.login_throttling.LoginThrottlingBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "customer:login"
LOGIN_REDIRECT_URL = "account-courses"
# Login throttling (django-axes) on every login form: the shop's, the checkout's, Wagtail's,
# the dashboard's and Django's admin. Five wrong passwords for one account from one
# address lock that account from that address for 15 minutes (each further try restarts
# them); the owner, from anywhere else, still logs in, and a right password resets it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "home.login_throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "home.login_throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "home.login_throttling.locked_out"
# Only failures are stored (gdpr/declarations/axes.py), never each successful login.
AXES_DISABLE_ACCESS_LOG = True
# Log lines name only what locks an account (username and address, both masked below)
# and the path: not the browser's user agent.
AXES_VERBOSE = False
# Masked in the stored copy of a failed login's form and in axes' log lines (the shop's
# fields are prefixed).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "login-username", "login-password"]
# Behind this many reverse proxies that each append to X-Forwarded-For, the client's
# address is the one the outermost of them saw; with 0 it is the connection's (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# ---------------------------------------------------------------------------
# Languages: Swedish first, English second; every public URL carries its prefix
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# Ours first (makemessages writes there); then Swedish for Oscar's own strings, which
# Oscar's catalogue lacks and makemessages would drop from ours (hand-maintained).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "oscar"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_SECURE = False  # switched on in production

# ---------------------------------------------------------------------------
# E-mail: the company's own mail server; the console on a bare machine
# ---------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cloocast <noreply@cloocast.se>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("System administrator", addr) for addr in env.list("ADMIN_EMAILS", default=[])]

# ---------------------------------------------------------------------------
# Wagtail
# ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Cloocast"
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# Embeds would fetch from third parties (oEmbed providers); we never embed them.
WAGTAILEMBEDS_FINDERS = []
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin must not call out to wagtail.org
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Gravatar would send a hash of every editor's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.images.ImageForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # documents pass through the permission check
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "zip", "txt", "csv"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.documents.DocumentForm"
NEWS_PER_PAGE = 10
SEARCH_RESULTS_PER_PAGE = 10

# ---------------------------------------------------------------------------
# Oscar
# ---------------------------------------------------------------------------
OSCAR_SHOP_NAME = "Cloocast"
OSCAR_SHOP_TAGLINE = ""
OSCAR_DEFAULT_CURRENCY = "SEK"
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_HOMEPAGE = "/"
# A guest gives an e-mail address at checkout; placing the order creates the account
# and the confirmation mail carries a link to set its password.
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"


def gettext_noop(message: str) -> str:
    """Marks a string for makemessages. Django's own would read the settings being defined."""
    return message


# Statuses are stored in English; gettext_noop marks them for makemessages, and pages
# show them through the `order_status` filter (shop/order/templatetags/order_status.py).
OSCAR_ORDER_STATUS_PIPELINE = {
    gettext_noop("Pending"): ("Awaiting payment", "Paid", "Cancelled"),
    gettext_noop("Awaiting payment"): ("Paid", "Cancelled"),
    gettext_noop("Paid"): ("Cancelled",),
    gettext_noop("Cancelled"): (),
}
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
# The anonymous basket's cookie (shop/basket_cookie.py): never sent on cross-site requests
# but top-level links; Secure in production.
OSCAR_BASKET_COOKIE_SAMESITE = "Lax"
OSCAR_DASHBOARD_NAVIGATION = [*without_unused(OSCAR_DASHBOARD_NAVIGATION), INVOICING_MENU]  # noqa: F405
# Template parts of features the shop does not use; their routes are gone too
# (shop/customer/apps.py, shop/config.py, shop/dashboard/apps.py).
OSCAR_HIDDEN_FEATURES = ["reviews", "wishlists"]
# Nor stock alerts: Oscar would look for alerts to send on every save of a stock record.
OSCAR_EAGER_ALERTS = False
# Swedish VAT by product class (shop/partner/strategy.py); stock record prices exclude it.
SHOP_DEFAULT_VAT_RATE = "0.25"
SHOP_VAT_RATES = {"Course": "0.25", "Document": "0.25"}
# When a buyer gets the courses and documents of an order paid by invoice:
# "placement" (as soon as the order is placed) or "payment" (when the invoice is paid).
SHOP_ACCESS_STARTS = env.str("SHOP_ACCESS_STARTS", default="placement")
# Reminders stop after this many; staff follow up by hand from there.
SHOP_MAX_INVOICE_REMINDERS = 3
# How long the link in a company's invitation (to join it, or to take a seat) works.
COMPANY_INVITATION_DAYS = env.int("COMPANY_INVITATION_DAYS", default=14)
# A learner who agreed to it gets one follow-up mail about a course this many days after
# completing and evaluating it.
EVALUATION_FOLLOW_UP_DAYS = env.int("EVALUATION_FOLLOW_UP_DAYS", default=28)
# The key of the marketing suppression list's hashes (gdpr/suppression.py). Set it once and
# never change it: a new key makes every suppressed address unknown to the list again.
SUPPRESSION_LIST_KEY = env.str("SUPPRESSION_LIST_KEY", default=SECRET_KEY)
# A person who deletes their account can cancel from their mail for this many days; then
# the registry's erasure runs. The system administrators (ACCOUNT_DELETION_NOTICE_TO, by
# default ADMIN_EMAILS) get a notice of each: `check --deploy` insists on someone.
ACCOUNT_DELETION_COOLING_OFF_DAYS = env.int("ACCOUNT_DELETION_COOLING_OFF_DAYS", default=14)
ACCOUNT_DELETION_NOTICE_TO = env.list(
    "ACCOUNT_DELETION_NOTICE_TO", default=[address for _name, address in ADMINS]
)
# Certificates are signed with the platform's Ed25519 key (PEM, PKCS#8): the text of
# CERTIFICATE_SIGNING_KEY, or else the file CERTIFICATE_SIGNING_KEY_FILE, kept outside the
# repository and backed up (docs/certificates.md). `manage.py seed_demo` makes one for the demo.
CERTIFICATE_SIGNING_KEY = env.str("CERTIFICATE_SIGNING_KEY", default="")
CERTIFICATE_SIGNING_KEY_FILE = env.path(
    "CERTIFICATE_SIGNING_KEY_FILE", default=BASE_DIR / "var" / "certificate-signing-key.pem"
)
# Oscar's own catalogue pages run on haystack; the public catalogue is Wagtail's, so
# the simple engine is enough and nothing is indexed on save.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# ---------------------------------------------------------------------------
# Celery: a real broker when REDIS_URL or CELERY_BROKER_URL is set, inline otherwise
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory://")
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task lost with its worker is run again
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker logs through LOGGING above (its formatter included), not handlers of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    # Wagtail publishes and unpublishes pages scheduled by editors only when asked.
    "publish-scheduled-pages": {
        "task": "home.tasks.publish_scheduled_pages",
        "schedule": 60.0,
    },
    "clear-expired-sessions": {
        "task": "home.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60.0,
    },
    # The privacy registry's retention rules (gdpr/sweep.py); safe to overlap.
    "privacy-sweep": {
        "task": "gdpr.tasks.sweep_retention",
        "schedule": 24 * 60 * 60.0,
    },
    "send-invoice-reminders": {
        "task": "shop.invoicing.tasks.send_invoice_reminders",
        "schedule": 24 * 60 * 60.0,
    },
    "retry-fulfilment": {
        "task": "shop.invoicing.tasks.retry_fulfilment",
        "schedule": 15 * 60.0,
    },
    # Accounts whose cooling-off has passed are erased (gdpr/deletion.py); safe to overlap.
    "carry-out-account-deletions": {
        "task": "gdpr.tasks.carry_out_account_deletions",
        "schedule": 60 * 60.0,
    },
    # Course evaluations' follow-up mails (courses/evaluation.py); safe to overlap.
    "send-evaluation-follow-ups": {
        "task": "courses.tasks.send_evaluation_follow_ups",
        "schedule": 60 * 60.0,
    },
}
# The company's financial year ends on this (month, day): accounting records are kept
# until the end of the seventh calendar year after it (bokföringslagen 7 kap. 2 §).
GDPR_FINANCIAL_YEAR_END = tuple(env.list("GDPR_FINANCIAL_YEAR_END", cast=int, default=[12, 31]))

# ---------------------------------------------------------------------------
# Security defaults (tightened further in production)
# ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads the token from the cookie
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview uses an iframe
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp, home/content_security.py). Public pages: nothing
# from another origin, and no inline script or style (every script is a file in static/js/;
# a <script type="application/json"> or ld+json block is data, never run). No data: or
# blob: either: the player streams HLS natively, from a URL. Only Wagtail's preview may
# frame a page, and the middleware allows that for the preview alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin, Oscar's dashboard and Django's admin write inline scripts and styles,
# and show images being uploaded (Wagtail's, TinyMCE's) as blob: and data: URLs: a looser
# policy for their paths, still with no other origin. They frame their own pages (Wagtail's
# preview, TinyMCE), which default-src 'self' and frame-ancestors 'self' allow.
STAFF_CONTENT_SECURITY_POLICY = {
    "URL_PREFIXES": ("/admin/", "/dashboard/", "/django-admin/"),
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# One stream (stderr: journald or the process manager keeps it; docs/privacy.md "Logs").
# Lines name people by account, order or invoice number; the formatter blanks any e-mail
# address other code puts in a line or a traceback. Django logs paths, never query strings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "home.logs.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        # Django's error mail to ADMINS, without the request (query string, form data,
        # cookies, the signed-in person) that its default report lists.
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
            "reporter_class": "home.logs.ReportWithoutRequest",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's default handlers (its own mail_admins among them). INFO even with
        # LOG_LEVEL=DEBUG: django.template's DEBUG lines quote a template's whole context.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # Oscar's mailer logs each recipient's address at INFO ("Sending email to …").
        "oscar.apps.communication.utils": {"level": "WARNING"},
    },
}
