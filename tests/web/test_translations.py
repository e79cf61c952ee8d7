"""Russian by default, English on request; every text of the pages has its English."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from api.web.i18n import TRANSLATIONS, page_messages


def test_every_message_of_the_pages_has_an_english_translation():
    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source)
    untranslated = [m for m in page_messages() if not (catalog.get(m) and catalog.get(m).string)]
    assert untranslated == [], "run scripts/update_translations.py after adding English to scripts/translations_en.py"


def test_pages_speak_russian_until_english_is_chosen(client, staff):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="ru">' in page and "Вход для сотрудников" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/language", data={"lang": "en", "csrf_token": token, "next": "/login"})
    english = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in english and "Staff sign-in" in english
