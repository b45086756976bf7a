"""Dutch is written in the source; English must be complete, or English users meet Dutch halfway through a page."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def entries():
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if block.startswith("#~") or 'msgid ""\nmsgstr ""\n"Project' in block:
            continue
        if "msgid" in block:
            yield block


def test_every_string_has_an_english_translation_and_none_is_fuzzy():
    untranslated = []
    for block in entries():
        assert "#, fuzzy" not in block, block
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        if not msgstrs or any(not (first + rest.replace('"', "").strip()) for first, rest in msgstrs):
            untranslated.append(block.splitlines()[-2:])
    assert not untranslated, untranslated


def test_compiled_catalogue_holds_every_entry_of_the_po_file():
    import gettext

    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    for block in entries():
        msgid = re.search(r'^msgid "(.*)"$', block, re.M).group(1)
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        if msgid:  # multi-line msgids start with an empty first line; single-line ones suffice here
            msgid = msgid.replace('\\"', '"')
            key = f"{context.group(1)}\x04{msgid}" if context else msgid  # gettext keys contexts this way
            assert key in compiled or (key, 0) in compiled, f"not compiled: {msgid!r} (run make messages)"
    with translation.override("en"):
        assert translation.gettext("Mijn groepen") == "My groups"
