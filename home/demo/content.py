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

POLICY_VERSION = "1.0"
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
