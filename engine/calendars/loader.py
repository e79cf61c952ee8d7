"""Builds calendars from the JSON files in engine/calendars/data.

One file per country-year (`RU-2026.json`) holds the act, the confirmed flag and the special
days; `jurisdictions.json` lists the regional calendars (code, country, zone, office hours).
The database-backed store will build the same CalendarYear values from its rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, time
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine.calendars.calendar_year import CalendarYear
from engine.calendars.errors import CalendarDataInvalid
from engine.calendars.production_calendar import ProductionCalendar

DATA_DIR: Traversable = resources.files("engine.calendars") / "data"
FORMAT = 1
_YEAR_FILE = re.compile(r"(?P<country>[A-Z]{2})-(?P<year>\d{4})\.json")
_DAY_LISTS = ("holidays", "days_off", "working_weekends", "shortened_days")


def load_calendars(data_dir: Traversable = DATA_DIR) -> dict[str, ProductionCalendar]:
    """All jurisdictions by ISO 3166-2 code, each with its country's years."""
    years = load_country_years(data_dir)
    listing = _read_json(data_dir / "jurisdictions.json")
    calendars = {}
    for entry in listing["calendars"]:
        calendar = _calendar(entry, years.get(entry["country"], {}))
        calendars[calendar.code] = calendar
    return calendars


def load_country_years(data_dir: Traversable = DATA_DIR) -> dict[str, dict[int, CalendarYear]]:
    """Every country-year file, grouped by country."""
    by_country: dict[str, dict[int, CalendarYear]] = {}
    for item in sorted(data_dir.iterdir(), key=lambda i: i.name):
        match = _YEAR_FILE.fullmatch(item.name)
        if match:
            year = load_year(item)
            if (year.country, year.year) != (match["country"], int(match["year"])):
                raise CalendarDataInvalid(f"Файл {item.name} описывает {year.country} {year.year}", file=item.name)
            by_country.setdefault(year.country, {})[year.year] = year
    return by_country


def load_year(item: Traversable) -> CalendarYear:
    raw = _read_json(item)
    try:
        return _year(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise CalendarDataInvalid(f"Файл календаря {item.name} не читается: {exc!r}", file=item.name) from exc


def _year(raw: dict[str, Any]) -> CalendarYear:
    if raw["format"] != FORMAT:
        raise ValueError(f"unsupported format {raw['format']}")
    lists = {name: [_day_entry(entry) for entry in raw[name]] for name in _DAY_LISTS}
    return CalendarYear(
        country=raw["country"],
        year=int(raw["year"]),
        holidays=frozenset(day for day, _ in lists["holidays"]),
        days_off=frozenset(day for day, _ in lists["days_off"]),
        working_weekends=frozenset(day for day, _ in lists["working_weekends"]),
        shortened_days=frozenset(day for day, _ in lists["shortened_days"]),
        act=raw["act"],
        confirmed=bool(raw["confirmed"]),
        source=raw.get("source", ""),
        note=raw.get("note", ""),
        labels=_labels(lists.values()),
    )


def _day_entry(entry: dict[str, str]) -> tuple[date, str]:
    day = date.fromisoformat(entry["date"])
    if "name" in entry:
        return day, entry["name"]
    if "instead_of" in entry:
        return day, f"Выходной вместо {date.fromisoformat(entry['instead_of']):%d.%m.%Y} ({entry['basis']})"
    if "before" in entry:
        return day, f"Предпраздничный день перед {date.fromisoformat(entry['before']):%d.%m.%Y}: на час короче"
    return day, f"Рабочий день ({entry['basis']})"


def _labels(lists: Iterable[list[tuple[date, str]]]) -> dict[date, str]:
    labels: dict[date, str] = {}
    for entries in lists:
        for day, label in entries:
            # why: a working Saturday can also be shortened; keep both facts readable
            labels[day] = f"{labels[day]}; {label}" if day in labels else label
    return labels


def _calendar(entry: dict[str, str], years: dict[int, CalendarYear]) -> ProductionCalendar:
    try:
        zone = ZoneInfo(entry["zone"])
    except ZoneInfoNotFoundError as exc:
        raise CalendarDataInvalid(f"Неизвестный часовой пояс {entry['zone']}", code=entry["code"]) from exc
    return ProductionCalendar(
        code=entry["code"],
        zone=zone,
        office_open=time.fromisoformat(entry["office_open"]),
        office_close=time.fromisoformat(entry["office_close"]),
        years=MappingProxyType(years),
        country=entry["country"],
        name=entry.get("name", ""),
    )


def _read_json(item: Traversable) -> dict[str, Any]:
    try:
        return json.loads(item.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CalendarDataInvalid(f"Файл календаря {item.name} не читается: {exc}", file=item.name) from exc
