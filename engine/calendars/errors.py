"""Errors of the calendar domain: bad calendar data and unknown jurisdictions."""

from __future__ import annotations

from engine.errors import NotFound, ReglamentError


class CalendarDataInvalid(ReglamentError):
    """A calendar year contradicts itself (e.g. a "working weekend" that is a Tuesday)."""

    code = "calendar-data-invalid"
    message = "Данные производственного календаря противоречивы"


class UnknownCalendar(NotFound):
    code = "calendar-not-found"
    message = "Производственный календарь не найден"
