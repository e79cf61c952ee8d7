"""Production calendars for admins: years and office hours (edits audited), due moments, the
years nobody has checked, and the deadlines a decree would move.

Any signed-in user reads calendars and due moments; edits, and the moves of other people's
cases' deadlines, need the role ``admin``.
"""

from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api import errors
from api.context import actor, current_user, services
from api.schemas import ErrorBodySchema
from engine.accounts import access
from engine.calendars import recompute
from engine.calendars.errors import CalendarDataInvalid, UnknownCalendar
from engine.calendars.store import (
    CalendarStore,
    fallback_document,
    jurisdiction_document,
    jurisdictions,
    year_document,
    year_record,
    year_records,
)
from engine.deadlines.due import PARTIES, compute_due
from engine.persistence.calendar_models import JurisdictionRecord

blp = Blueprint("calendars", __name__, url_prefix="/api/v1", description="Производственные календари и сроки")


@blp.errorhandler(CalendarDataInvalid)
def _invalid(err: CalendarDataInvalid):
    # why: contradictory calendar data is a validation failure of the submitted year (422), and
    # this blueprint is where such data is submitted
    return errors.error_body(err.code, err.message, err.details, 422)


@blp.errorhandler(UnknownCalendar)
def _unknown(err: UnknownCalendar):
    return errors.error_body(err.code, err.message, err.details, 404)


def _store() -> CalendarStore:
    """The app's calendar store: the services' one when they carry it, else one per app."""
    svc = services()
    store = getattr(svc, "calendars", None)
    if store is None:
        store = current_app.extensions.get("reglament.calendars")
        if store is None:
            store = current_app.extensions["reglament.calendars"] = CalendarStore(svc.db)
    return store


_ADMIN_READS = frozenset({"calendars.PendingMoves"})  # lists cases of every office


@blp.before_request
def _admins_only():
    # why: checked before the body is parsed, so a caller without the role learns nothing more
    if request.method not in ("GET", "HEAD") or request.endpoint in _ADMIN_READS:
        access.require_role(current_user(), "admin")


# -- schemas ---------------------------------------------------------------------------------


class DayEntrySchema(Schema):
    date = fields.Date(required=True)
    name = fields.String(metadata={"description": "holiday name"})
    basis = fields.String(metadata={"description": "the act or article that made the day special"})
    instead_of = fields.Date(metadata={"description": "a transferred day off: the day it replaces"})
    before = fields.Date(metadata={"description": "a shortened day: the holiday it precedes"})

    @validates_schema
    def _labelled(self, data, **kwargs):
        if not any(data.get(key) for key in ("name", "basis", "before")):
            raise ValidationError("Укажите name, basis или before: день должен объяснять, откуда он", "date")


def _day_list(description: str):
    return fields.List(fields.Nested(DayEntrySchema), required=True, metadata={"description": description})


class YearInputSchema(Schema):
    act = fields.String(required=True, validate=validate.Length(min=3))
    confirmed = fields.Boolean(required=True, metadata={"description": "checked against the official act"})
    basis = fields.String(load_default="")
    source = fields.String(load_default="")
    note = fields.String(load_default="")
    holidays = _day_list("non-working holidays")
    days_off = _day_list("weekdays made days off")
    working_weekends = _day_list("Saturdays and Sundays made working days")
    shortened_days = _day_list("pre-holiday days, one hour shorter")


class YearSchema(Schema):
    country = fields.String()
    year = fields.Integer()
    stored = fields.Boolean(metadata={"description": "false: not in the database, computed from `holidays`"})
    act = fields.String()
    confirmed = fields.Boolean()
    basis = fields.String()
    source = fields.String()
    note = fields.String()
    holidays = fields.List(fields.Dict())
    days_off = fields.List(fields.Dict())
    working_weekends = fields.List(fields.Dict())
    shortened_days = fields.List(fields.Dict())
    updated_at = fields.DateTime(allow_none=True)
    updated_by = fields.String(allow_none=True)


class YearSummarySchema(Schema):
    year = fields.Integer()
    confirmed = fields.Boolean()
    act = fields.String()
    updated_at = fields.DateTime()
    updated_by = fields.String()


class CalendarSchema(Schema):
    code = fields.String()
    name = fields.String()
    country = fields.String()
    zone = fields.String()
    office_open = fields.String()
    office_close = fields.String()
    years = fields.List(fields.Nested(YearSummarySchema))


class OfficeHoursSchema(Schema):
    office_open = fields.Time(load_default=None, metadata={"example": "09:00"})
    office_close = fields.Time(load_default=None, metadata={"example": "18:00"})

    @validates_schema
    def _something(self, data, **kwargs):
        if data["office_open"] is None and data["office_close"] is None:
            raise ValidationError("Укажите office_open и/или office_close", "office_open")


class DueQuerySchema(Schema):
    start = fields.AwareDateTime(required=True, data_key="from", metadata={"example": "2026-12-25T10:00:00+10:00"})
    term = fields.String(required=True, metadata={"example": "10wd"})
    party = fields.String(load_default="office", validate=validate.OneOf(PARTIES))


class DueSchema(Schema):
    due = fields.DateTime()
    counted_from = fields.DateTime()
    term = fields.String()
    party = fields.String()
    calendar = fields.String()
    warnings = fields.List(fields.String())


class MovesQuerySchema(Schema):
    year = fields.Integer(validate=validate.Range(min=1900, max=2200))


class MoveSchema(Schema):
    deadline_id = fields.Integer()
    instance_id = fields.Integer()
    element_id = fields.String()
    clause = fields.String()
    term = fields.String()
    party = fields.String()
    calendar_code = fields.String()
    started_at = fields.DateTime()
    old_due = fields.DateTime()
    new_due = fields.DateTime()
    warnings = fields.List(fields.String())


class RecomputeSchema(Schema):
    deadline_ids = fields.List(fields.Integer(), load_default=None)
    all = fields.Boolean(load_default=False, metadata={"description": "every deadline the calendar would move"})
    year = fields.Integer(load_default=None, metadata={"description": "with `all`: only terms counting through it"})
    reason = fields.String(required=True, validate=validate.Length(min=3), metadata={"example": "Постановление …"})

    @validates_schema
    def _one_choice(self, data, **kwargs):
        if bool(data["deadline_ids"]) == bool(data["all"]):
            raise ValidationError("Укажите либо deadline_ids, либо all: true", "deadline_ids")


class SkippedSchema(Schema):
    deadline_id = fields.Integer()
    reason = fields.String()


class OutcomeSchema(Schema):
    moved = fields.List(fields.Nested(MoveSchema))
    skipped = fields.List(fields.Nested(SkippedSchema))


class YearWarningSchema(Schema):
    country = fields.String()
    year = fields.Integer()
    status = fields.String(metadata={"description": "unconfirmed, or missing (the `holidays` fallback is used)"})
    act = fields.String()
    calendars = fields.List(fields.String())
    pending_deadlines = fields.Integer()


# -- views -----------------------------------------------------------------------------------


@blp.route("/calendars")
class Calendars(MethodView):
    @blp.response(200, CalendarSchema(many=True))
    def get(self):
        """Every calendar: zone, office hours, and its country's stored years with the act."""
        with services().db.transaction() as session:
            _store().calendars(session)  # seeds an empty database
            years = year_records(session)
            return [_calendar_view(record, years) for record in jurisdictions(session)]


@blp.route("/calendars/warnings")
class Warnings(MethodView):
    @blp.response(200, YearWarningSchema(many=True))
    def get(self):
        """Years in use (this one, the next, those pending deadlines count through) that are
        unconfirmed or missing: deadlines computed with them carry a warning."""
        with services().db.transaction() as session:
            return recompute.year_warnings(session, _store())


@blp.route("/calendars/<string:code>")
class OneCalendar(MethodView):
    @blp.response(200, CalendarSchema)
    @blp.alt_response(404, schema=ErrorBodySchema)
    def get(self, code):
        """One calendar with its country's stored years."""
        with services().db.transaction() as session:
            calendar = _store().get(code, session)
            record = session.get(JurisdictionRecord, calendar.code)
            return _calendar_view(record, year_records(session))

    @blp.arguments(OfficeHoursSchema)
    @blp.response(200, CalendarSchema)
    @blp.alt_response(422, schema=ErrorBodySchema)
    @blp.alt_response(403, schema=ErrorBodySchema)
    def patch(self, body, code):
        """Change office hours (office terms end at closing); audited with before and after."""
        with services().db.transaction() as session:
            record = _store().set_office_hours(session, code, actor(), **body)
            return _calendar_view(record, year_records(session))


@blp.route("/calendars/<string:code>/years/<int:year>")
class CalendarYears(MethodView):
    @blp.response(200, YearSchema)
    @blp.alt_response(404, schema=ErrorBodySchema)
    def get(self, code, year):
        """A year as stored, or (stored: false) the `holidays` fallback computations use."""
        with services().db.transaction() as session:
            country = _store().country_of(session, code)
            record = year_record(session, country, year)
            return _year_view(country, year, record)

    @blp.arguments(YearInputSchema)
    @blp.response(200, YearSchema)
    @blp.alt_response(422, schema=ErrorBodySchema)
    @blp.alt_response(403, schema=ErrorBodySchema)
    def put(self, body, code, year):
        """Replace a country's year (all its calendars share it). Pending deadlines do not move:
        see pending-moves and recompute. Audited with before and after."""
        with services().db.transaction() as session:
            record = _store().update_year(session, code, year, body, actor())
            return _year_view(record.country, year, record)


@blp.route("/calendars/<string:code>/due")
class Due(MethodView):
    @blp.arguments(DueQuerySchema, location="query")
    @blp.response(200, DueSchema)
    @blp.alt_response(400, schema=ErrorBodySchema)
    def get(self, query, code):
        """The due moment of a term started at `from`, with the warnings of unchecked years."""
        with services().db.transaction() as session:
            calendar = _store().get(code, session)
        result = compute_due(calendar, query["start"], query["term"], party=query["party"])
        return {**vars(result), "term": str(result.term)}


@blp.route("/calendars/<string:code>/pending-moves")
class PendingMoves(MethodView):
    @blp.arguments(MovesQuerySchema, location="query")
    @blp.response(200, MoveSchema(many=True))
    @blp.alt_response(403, schema=ErrorBodySchema)
    def get(self, query, code):
        """Pending deadlines the current calendar would move (nothing is changed)."""
        with services().db.transaction() as session:
            return recompute.preview(session, _store(), code, query.get("year"))


@blp.route("/calendars/<string:code>/recompute")
class Recompute(MethodView):
    @blp.arguments(RecomputeSchema)
    @blp.response(200, OutcomeSchema)
    @blp.alt_response(422, schema=ErrorBodySchema)
    @blp.alt_response(403, schema=ErrorBodySchema)
    def post(self, body, code):
        """Move the chosen pending deadlines (timers, jobs, task due dates); each move audited."""
        svc, store = services(), _store()
        with svc.db.transaction() as session:
            moves = recompute.preview(session, store, code, body["year"])
        wanted = set(body["deadline_ids"] or [])
        chosen = moves if body["all"] else [m for m in moves if m.deadline_id in wanted]
        outcome = recompute.apply(svc.instances, store, chosen, actor(), body["reason"])
        unknown = sorted(wanted - {m.deadline_id for m in chosen})
        outcome.skipped.extend(recompute.Skipped(i, "календарь не сдвигает этот срок") for i in unknown)
        return outcome


def _calendar_view(record, years) -> dict:
    view = jurisdiction_document(record)
    view["years"] = [y for y in years if y.country == record.country]
    return view


def _year_view(country: str, year: int, record) -> dict:
    if record is None:
        return {"country": country, "year": year, "stored": False, **fallback_document(country, year)}
    return {"country": country, "year": year, "stored": True, **year_document(record),
            "updated_at": record.updated_at, "updated_by": record.updated_by}  # fmt: skip
