"""Every string of ours is translated into Swedish, and the catalogue is compiled."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_swedish_catalogue_is_complete():
    catalogue = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_swedish_catalogue_is_compiled():
    po = LOCALE / "sv" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")

    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime
