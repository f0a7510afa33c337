"""Every string of ours is translated into Swedish, and the catalogues are compiled.

Two catalogues: ours (locale/sv, kept by makemessages) and the hand-maintained Swedish
for Oscar's own strings that Oscar's catalogue lacks (locale/oscar/sv).
"""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGUES = [
    LOCALE / "sv" / "LC_MESSAGES" / "django.po",
    LOCALE / "oscar" / "sv" / "LC_MESSAGES" / "django.po",
]


@pytest.mark.parametrize("po", CATALOGUES, ids=["ours", "oscar"])
def test_swedish_catalogue_is_complete(po):
    catalogue = polib.pofile(str(po))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("po", CATALOGUES, ids=["ours", "oscar"])
def test_swedish_catalogue_is_compiled(po):
    mo = po.with_suffix(".mo")

    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime


def test_oscar_strings_come_out_in_swedish():
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("Change order status") == "Ändra beställningens status"
