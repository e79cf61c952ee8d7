"""Our JSON Schema keywords (x-…) and the validator class that knows them.

- ``x-minimum`` / ``x-maximum``: bounds of a ``format: decimal`` amount, compared as Decimal
  (``minimum`` would need a JSON number, and numbers become floats).
- ``x-account-matches-bic: [account_field, bic_field]`` on an object: the account's control key
  must agree with the BIC; the error points at the account field.
- ``x-correspondent-account-matches-bic: [field, bic_field]``: the same for the bank's
  correspondent account (30101…).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry

from engine.forms.formats import (
    ACCOUNT_LAYOUT,
    BIC_LAYOUT,
    FORMAT_CHECKER,
    FormatProblem,
    account_matches_bic,
    correspondent_account_matches_bic,
    parse_decimal,
)


def _amount(instance: object) -> Decimal | None:
    try:
        return parse_decimal(instance)
    except FormatProblem:
        return None  # not an amount: ``format: decimal`` reports it, a bound has nothing to say


def x_minimum(validator, bound, instance, schema) -> Iterator[ValidationError]:
    amount = _amount(instance)
    if amount is not None and amount < Decimal(str(bound)):
        yield ValidationError(f"Сумма меньше {bound}")


def x_maximum(validator, bound, instance, schema) -> Iterator[ValidationError]:
    amount = _amount(instance)
    if amount is not None and amount > Decimal(str(bound)):
        yield ValidationError(f"Сумма больше {bound}")


def _account_check(matches: Callable[[str, str], bool], message: str):
    def keyword(validator, fields, instance, schema) -> Iterator[ValidationError]:
        if not validator.is_type(instance, "object"):
            return
        account_field, bic_field = fields
        account, bic = instance.get(account_field), instance.get(bic_field)
        # Malformed values already fail their own format; a key check on them would only add noise.
        if not (isinstance(account, str) and ACCOUNT_LAYOUT.fullmatch(account)):
            return
        if not (isinstance(bic, str) and BIC_LAYOUT.fullmatch(bic)):
            return
        if not matches(account, bic):
            yield ValidationError(message, path=[account_field])

    return keyword


CUSTOM_KEYWORDS = {
    "x-minimum": x_minimum,
    "x-maximum": x_maximum,
    "x-account-matches-bic": _account_check(account_matches_bic, "Счёт не соответствует БИК"),
    "x-correspondent-account-matches-bic": _account_check(
        correspondent_account_matches_bic, "Корреспондентский счёт не соответствует БИК"
    ),
}

FormValidator = validators.extend(Draft202012Validator, CUSTOM_KEYWORDS)


def make_validator(schema: dict) -> Draft202012Validator:
    """A validator for a bundled form schema: our formats asserted, no remote refs ever fetched."""
    return FormValidator(schema, format_checker=FORMAT_CHECKER, registry=Registry())
