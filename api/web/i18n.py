"""Russian interface with English as an option (Flask-Babel).

Message ids are the Russian texts themselves; translations/en/LC_MESSAGES/messages.po holds the
English. The .po files are read directly at first use and compiled in memory, so a clean clone
needs no build step and there is no .mo file to forget to rebuild.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, request, session
from flask_babel import Babel, Domain, get_locale

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LANGUAGES = {"ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "ru"


@cache
def catalog(language: str) -> NullTranslations:
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as source:
        messages = read_po(source, locale=language)
    compiled = BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return Translations(compiled)


class PoDomain(Domain):
    def get_translations(self):
        return catalog(str(get_locale() or DEFAULT_LANGUAGE))


class ReglamentBabel(Babel):
    @property
    def domain_instance(self):
        return PoDomain()


def page_messages() -> list[str]:
    """Every message the pages and views ask to translate (templates and gettext calls), plus the
    texts that reach templates through variables: role and office titles, states, error pages."""
    from babel.messages.extract import extract_from_dir

    from api.web.case_panels import DEADLINE_STATES
    from api.web.errors import SHOWN_MESSAGES, TITLES
    from api.web.inbox_views import SORTS
    from api.web.timeline import SYSTEM_ACTORS
    from engine.accounts.roles import OFFICE_TITLES, ROLE_TITLES

    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    extracted = extract_from_dir(Path(__file__).parent, method_map)
    found = {message[0] if isinstance(message, tuple) else message for _, _, message, _, _ in extracted}
    for titles in (ROLE_TITLES, OFFICE_TITLES, DEADLINE_STATES, TITLES, SORTS, SYSTEM_ACTORS):
        found |= set(titles.values())
    return sorted(found | set(CASE_STATES.values()) | set(SHOWN_MESSAGES))


CASE_STATES = {"running": "в работе", "completed": "завершено", "cancelled": "отменено", "error": "ошибка"}


def selected_language() -> str:
    chosen = session.get("lang") if request else None
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    ReglamentBabel(app, locale_selector=selected_language)
