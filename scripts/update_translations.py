"""Bring api/web/translations/en/LC_MESSAGES/messages.po up to date with the texts of the pages:
new messages are added with an empty translation (to fill in by hand), gone ones dropped.
tests/web/test_translations.py fails while a message has no English."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.web.i18n import TRANSLATIONS, page_messages  # noqa: E402


def main() -> int:
    target = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with target.open("rb") as source:
        known = read_po(source)
    catalog = Catalog(locale="en", project="Reglament", fuzzy=False)
    missing = []
    for message in page_messages():
        english = known.get(message).string if known.get(message) else ""
        catalog.add(message, english)
        if not english:
            missing.append(message)
    with target.open("wb") as out:
        write_po(out, catalog, omit_header=True, sort_output=True, width=120)
    for message in missing:
        print(f"no English yet: {message}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
