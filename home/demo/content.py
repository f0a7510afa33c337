"""The demo site's words, in Swedish (the source language) and English."""

from pathlib import Path

DEMO_DIR = Path(__file__).parent

HOME = {
    "sv": {
        "title": "Lär dig i din egen takt",
        "slug": "hem",
        "intro": "Webbstreamade utbildningar för företag, med certifikat som vem som helst kan kontrollera.",
        "body": [
            "Cloocast säljer utbildningar som streamas från våra egna servrar. Ditt företag köper platser, "
            "betalar mot faktura och fördelar platserna bland medarbetarna.",
            "Dina personuppgifter lämnar aldrig våra servrar: inga externa spelare, typsnitt eller analysverktyg.",
        ],
        "call_to_action_text": "Så skyddar vi dina uppgifter",
    },
    "en": {
        "title": "Learn at your own pace",
        "slug": "home",
        "intro": "Web-streamed courses for companies, with certificates that anyone can check.",
        "body": [
            "Cloocast sells courses streamed from our own servers. Your company buys seats, "
            "pays by invoice and shares the seats among its staff.",
            "Your personal data never leaves our servers: no external players, fonts or analytics.",
        ],
        "call_to_action_text": "How we protect your data",
    },
}

POLICY_SLUGS = {"sv": "personuppgiftspolicy", "en": "personal-data-policy"}


def read_policy(language_code: str) -> tuple[str, list[tuple[str, str]]]:
    """The personal data policy as (title, [(kind, text), ...]), kind "heading" or "paragraph"."""
    lines = (DEMO_DIR / f"personal-data-policy.{language_code}.txt").read_text().splitlines()
    title = lines[0].removeprefix("# ")
    parts = []
    for line in lines[1:]:
        if line.startswith("## "):
            parts.append(("heading", line.removeprefix("## ")))
        elif line.strip():
            parts.append(("paragraph", line))
    return title, parts


NEWS = {
    "index": {
        "sv": ("Nyheter", "nyheter", "Nytt från Cloocast."),
        "en": ("News", "news", "News from Cloocast."),
    },
    "items": [
        (
            (
                "Nya kurser i arbetsmiljö",
                "nya-kurser-i-arbetsmiljo",
                "Trygg Arbetsplats AB säljer nu sina kurser hos oss.",
                "Fyra kurser om arbetsmiljö finns nu i katalogen, från ergonomi till olycksutredning.",
            ),
            (
                "New courses on workplace safety",
                "new-courses-on-workplace-safety",
                "Trygg Arbetsplats AB now sells its courses with us.",
                "Four courses on workplace safety are now in the catalogue, from ergonomics to accident investigation.",
            ),
        ),
        (
            (
                "Certifikat som går att kontrollera",
                "certifikat-som-gar-att-kontrollera",
                "Alla certifikat kan nu kontrolleras av vem som helst.",
                "Varje certifikat har en egen sida där arbetsgivare kan se att det är äkta.",
            ),
            (
                "Certificates anyone can check",
                "certificates-anyone-can-check",
                "Every certificate can now be checked by anyone.",
                "Each certificate has its own page where employers can see that it is genuine.",
            ),
        ),
        (
            (
                "Vi har uppdaterat vår personuppgiftspolicy",
                "uppdaterad-personuppgiftspolicy",
                "Policyn beskriver nu dina rättigheter tydligare.",
                "Läs den nya versionen; de tidigare versionerna finns kvar att läsa.",
            ),
            (
                "We have updated our personal data policy",
                "updated-personal-data-policy",
                "The policy now describes your rights more clearly.",
                "Read the new version; the earlier versions remain available.",
            ),
        ),
    ],
}

POLICIES = [
    {
        "slug": ("kopvillkor", "terms-of-purchase"),
        "title": ("Köpvillkor", "Terms of purchase"),
        "body": [
            ("heading", "Beställning och betalning", "Ordering and payment"),
            (
                "paragraph",
                "Du beställer för ditt företags räkning och betalar mot faktura med 30 dagars betalningsvillkor.",
                "You order on behalf of your company and pay by invoice within 30 days.",
            ),
            ("heading", "Tillgång till kurser", "Access to courses"),
            (
                "paragraph",
                "Köpta platser ger tillgång till kursen i tolv månader från beställningen.",
                "Seats bought give access to the course for twelve months from the order.",
            ),
        ],
    },
    {
        "slug": ("kakpolicy", "cookie-policy"),
        "title": ("Kakpolicy", "Cookie policy"),
        "body": [
            ("heading", "Vad kakor är", "What cookies are"),
            (
                "paragraph",
                "En kaka är en liten textfil som webbplatsen sparar i din webbläsare. Vi använder kakor som "
                "webbplatsen behöver för att fungera, och andra bara om du tillåter dem.",
                "A cookie is a small text file the site stores in your browser. We use the cookies the site "
                "needs to work, and others only if you allow them.",
            ),
            ("heading", "Inga kakor från tredje part", "No third-party cookies"),
            (
                "paragraph",
                "Vi använder inga kakor från tredje part och ingen extern statistiktjänst. Allt stannar på våra servrar.",
                "We use no third-party cookies and no external analytics service. Everything stays on our servers.",
            ),
            ("heading", "Ändra ditt val", "Changing your choice"),
            (
                "paragraph",
                "Du kan när som helst ändra eller dra tillbaka ditt samtycke under Kakinställningar längst ned "
                "på varje sida. Drar du tillbaka det tar vi bort kakorna. Här nedan står alla kakor vi använder.",
                "You can change or withdraw your consent at any time under Cookie settings at the bottom of "
                "every page. If you withdraw it, we delete the cookies. All the cookies we use are listed below.",
            ),
        ],
    },
]

# The personal data policy is published twice in the demo, so that its history shows.
POLICY_FIRST_VERSION = ("1.0", "2025-05-01")
POLICY_CURRENT_VERSION = ("2.0", "2026-11-01")
POLICY_CHANGE_SUMMARY = (
    "Avsnittet om dina rättigheter har fått en egen rubrik.",
    "The section on your rights now has a heading of its own.",
)
