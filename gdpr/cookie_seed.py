"""The cookies and browser-storage keys this site's code sets, declared in Swedish and
English. `manage.py declare_cookies` (run at every deploy, and by `seed_demo`) adds what
is missing and never overwrites what editors wrote; the cookie scanner
(tests/e2e/test_cookie_consent.py) fails when the code sets something not declared."""

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale

from gdpr.cookies import CONSENT_COOKIE

# Set by the statistics (gdpr/statistics.py) and the player (static/js/player-preferences.js).
STATISTICS_COOKIE = "cc_stats"
PLAYER_PREFERENCES_KEY = "cloocast:player"

# (key, (sv name, en name), (sv description, en description), cookies), each cookie as
# (name, storage, (sv purpose, en purpose), (sv lifetime, en lifetime)).
CATEGORIES = [
    (
        "necessary",
        ("Nödvändiga", "Necessary"),
        (
            "Behövs för att webbplatsen ska fungera: för att logga in, handla, skydda formulär mot förfalskning "
            "och minnas ditt val om kakor. De kan inte väljas bort.",
            "Needed for the site to work: to sign in, to buy, to protect forms against forgery and to "
            "remember your cookie choice. They cannot be turned off.",
        ),
        [
            (
                settings.SESSION_COOKIE_NAME,
                "cookie",
                (
                    "Håller dig inloggad och minns din varukorg.",
                    "Keeps you signed in and remembers your basket.",
                ),
                ("2 veckor", "2 weeks"),
            ),
            (
                settings.CSRF_COOKIE_NAME,
                "cookie",
                ("Skyddar formulär mot förfalskade anrop.", "Protects forms against forged requests."),
                ("1 år", "1 year"),
            ),
            (
                "oscar_open_basket",
                "cookie",
                (
                    "Minns varukorgen för den som inte är inloggad.",
                    "Remembers the basket of a visitor who is not signed in.",
                ),
                ("7 dagar", "7 days"),
            ),
            (
                "messages",
                "cookie",
                (
                    "Visar ett meddelande på nästa sida, till exempel att något sparats.",
                    "Shows a message on the next page, such as that something was saved.",
                ),
                ("Tills meddelandet visats", "Until the message is shown"),
            ),
            (
                CONSENT_COOKIE,
                "cookie",
                (
                    "Minns vilka kakor du tillåter, och ditt samtyckes-id.",
                    "Remembers which cookies you allow, and your consent id.",
                ),
                ("12 månader", "12 months"),
            ),
            (
                "wagtail:sprite*",
                "local",
                (
                    "Administrationens ikoner och deras version, för personal som loggar in i den.",
                    "The admin's icons and their version, for staff who sign in to it.",
                ),
                ("Tills webbläsarens lagring töms", "Until the browser's storage is cleared"),
            ),
        ],
    ),
    (
        "preferences",
        ("Inställningar", "Preferences"),
        (
            "Minns dina val i kursspelaren, som uppspelningshastighet och ljudvolym, till nästa gång.",
            "Remembers your choices in the course player, such as playback speed and volume, for next time.",
        ),
        [
            (
                PLAYER_PREFERENCES_KEY,
                "local",
                ("Kursspelarens hastighet och volym.", "The course player's speed and volume."),
                ("Tills du drar tillbaka samtycket", "Until you withdraw your consent"),
            ),
        ],
    ),
    (
        "statistics",
        ("Statistik", "Statistics"),
        (
            "Räknar besök på kurssidorna och sökningar utan träff, sammanställt per dag och aldrig per person. "
            "Statistiken stannar hos oss.",
            "Counts visits to the course pages and searches that found nothing, added up per day and never "
            "per person. The statistics stay with us.",
        ),
        [
            (
                STATISTICS_COOKIE,
                "cookie",
                (
                    "Räknar en kurssida en gång per dag i din webbläsare, även om du laddar om den.",
                    "Counts a course page once a day in your browser, even if you reload it.",
                ),
                ("Till midnatt", "Until midnight"),
            ),
        ],
    ),
    (
        "marketing",
        ("Marknadsföring", "Marketing"),
        (
            "Vi använder inga kakor för marknadsföring och visar ingen annons från någon annan.",
            "We use no cookies for marketing and show no one else's advertising.",
        ),
        [],
    ),
]


@transaction.atomic
def declare_cookies() -> int:
    """Create the categories and cookies that are missing; return how many were added."""
    from gdpr.models import CookieCategory, CookieDeclaration

    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("sv", "en")}
    added = 0
    for key, names, descriptions, cookies in CATEGORIES:
        source = CookieCategory.objects.filter(key=key, locale=locales["sv"]).first()
        if source is None:
            source = CookieCategory.objects.create(
                key=key, locale=locales["sv"], name=names[0], description=descriptions[0]
            )
            added += 1
        translation = CookieCategory.objects.filter(key=key, locale=locales["en"]).first()
        if translation is None:
            translation = CookieCategory.objects.create(
                key=key,
                locale=locales["en"],
                translation_key=source.translation_key,
                name=names[1],
                description=descriptions[1],
            )
        for name, storage, purposes, lifetimes in cookies:
            if source.cookies.filter(name=name, storage=storage).exists():
                continue
            cookie = CookieDeclaration.objects.create(
                category=source,
                locale=locales["sv"],
                name=name,
                storage=storage,
                purpose=purposes[0],
                lifetime=lifetimes[0],
            )
            added += 1
            if not translation.cookies.filter(name=name, storage=storage).exists():
                CookieDeclaration.objects.create(
                    category=translation,
                    locale=locales["en"],
                    translation_key=cookie.translation_key,
                    name=name,
                    storage=storage,
                    purpose=purposes[1],
                    lifetime=lifetimes[1],
                )
    return added
