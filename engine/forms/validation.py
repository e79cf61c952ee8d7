"""Checking a submission against its form, and turning checked values into domain types."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from engine.errors import ValidationFailed
from engine.forms.form import Form, form_from_document
from engine.forms.formats import FormatProblem, parse_date, parse_decimal
from engine.forms.messages import FieldError
from engine.forms.refs import resolver_for
from engine.forms.walk import Located, expand, item_schemas, property_schemas

__all__ = ["FieldError", "coerce_submission", "form_from_document", "raise_if_invalid", "validate_submission"]


def validate_submission(form: Form, data: Any) -> list[FieldError]:
    """Every problem with data, in Russian, one per field and message."""
    found: dict[tuple[str, str], FieldError] = {}
    for error in form.validator.iter_errors(data):
        for field_error in form.translator.translate(error):
            # why: a float amount fails both "type" and "format: decimal" with the same advice.
            found.setdefault((field_error.field, field_error.message), field_error)
    return list(found.values())


def raise_if_invalid(form: Form, data: Any) -> None:
    errors = validate_submission(form, data)
    if errors:
        raise ValidationFailed(fields=[e.as_dict() for e in errors])


def coerce_submission(form: Form, data: dict) -> dict:
    """A copy of validated data with ``format: decimal`` as Decimal and ``format: date`` as date.

    Only values whose string has the format's shape are converted, so a value under an
    ``anyOf`` branch that does not declare the format stays a string.
    """
    return _coerce(data, expand([(form.schema, resolver_for(form.schema))]))


def _coerce(value: Any, located: list[Located]) -> Any:
    if isinstance(value, dict):
        return {k: _coerce(v, expand(property_schemas(located, k))) for k, v in value.items()}
    if isinstance(value, list):
        return [_coerce(v, expand(item_schemas(located, i))) for i, v in enumerate(value)]
    if isinstance(value, str):
        return _convert(value, [schema.get("format") for schema, _ in located])
    return value


def _convert(value: str, formats: Iterable[Any]) -> str | Decimal | date:
    parsers = {"decimal": parse_decimal, "date": parse_date}
    for name in formats:
        if name in parsers:
            try:
                return parsers[name](value)
            except FormatProblem:
                continue
    return value
