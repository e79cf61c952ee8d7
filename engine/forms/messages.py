"""jsonschema errors turned into Russian field errors that staff can act on.

One ``FieldError`` names the field by a dotted path (``family.1.snils``), says what is wrong in
Russian and carries a stable code: the failed keyword (``required``, ``minLength``,
``x-account-matches-bic``), or ``format:<name>`` for a format, so a client can tell a СНИЛС
from a date. A schema may replace the text with ``"x-messages": {"<keyword>": "…"}`` on the
schema that holds the keyword, or on a schema that ``$ref``s it for the same field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from referencing.exceptions import Unresolvable

from engine.forms.formats import FormatProblem
from engine.forms.refs import enter, resolver_for
from engine.forms.walk import MAP_KEYWORDS, applicable, first_annotation

if TYPE_CHECKING:  # referencing does not export Resolver at the top level
    from referencing._core import Resolver


@dataclass(frozen=True)
class FieldError:
    field: str  # dotted path from the form root, "" for the form as a whole
    message: str
    code: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


TYPE_NAMES = {
    "string": "строка",
    "integer": "целое число",
    "number": "число",
    "boolean": "да или нет",
    "object": "набор полей",
    "array": "список",
    "null": "пустое значение",
}
DECIMAL_AS_STRING = 'Сумма передаётся строкой, например "1234.50"'
# After these keywords the schema path describes a child value, so x-messages found before do not apply.
CHILD_KEYWORDS = frozenset(
    {"properties", "patternProperties", "additionalProperties", "items", "prefixItems", "contains", "propertyNames"}
)
INDEXED_KEYWORDS = frozenset({*MAP_KEYWORDS, "allOf", "anyOf", "oneOf", "prefixItems"})


def counted(n: int, one: str, many: str) -> str:
    """A count after "не короче", "не менее", "не более", which take the genitive: 1 символа,
    2 символов, 5 символов, 21 символа, 11 символов."""
    return f"{n} {one if n % 10 == 1 and n % 100 != 11 else many}"


def _chars(n: int) -> str:
    return counted(n, "символа", "символов")


def _items(n: int) -> str:
    return counted(n, "записи", "записей")


def _fields(n: int) -> str:
    return counted(n, "поля", "полей")


def _type_message(error: ValidationError) -> str:
    if error.schema.get("format") == "decimal" and isinstance(error.instance, int | float):
        return DECIMAL_AS_STRING
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    return "Ожидается " + " или ".join(TYPE_NAMES.get(t, t) for t in expected)


def _format_message(error: ValidationError) -> str:
    if isinstance(error.cause, FormatProblem):
        return str(error.cause)
    return "Неверный формат"


MESSAGES: dict[str, Callable[[ValidationError], str]] = {
    "type": _type_message,
    "format": _format_message,
    "minLength": lambda e: f"Не короче {_chars(e.validator_value)}",
    "maxLength": lambda e: f"Не длиннее {_chars(e.validator_value)}",
    "pattern": lambda e: "Неверный формат",
    "enum": lambda e: "Выберите значение из списка",
    "const": lambda e: "Недопустимое значение",
    "minimum": lambda e: f"Не меньше {e.validator_value}",
    "maximum": lambda e: f"Не больше {e.validator_value}",
    "exclusiveMinimum": lambda e: f"Должно быть больше {e.validator_value}",
    "exclusiveMaximum": lambda e: f"Должно быть меньше {e.validator_value}",
    "multipleOf": lambda e: f"Должно быть кратно {e.validator_value}",
    "x-minimum": lambda e: f"Сумма не меньше {e.validator_value}",
    "x-maximum": lambda e: f"Сумма не больше {e.validator_value}",
    "minItems": lambda e: (
        f"Добавьте не менее {_items(e.validator_value)}" if e.validator_value > 1 else "Добавьте хотя бы одну запись"
    ),
    "maxItems": lambda e: f"Не более {_items(e.validator_value)}",
    "uniqueItems": lambda e: "Записи не должны повторяться",
    "contains": lambda e: "В списке нет подходящей записи",
    "minContains": lambda e: "В списке не хватает подходящих записей",
    "maxContains": lambda e: "В списке слишком много таких записей",
    "minProperties": lambda e: f"Заполните не менее {_fields(e.validator_value)}",
    "maxProperties": lambda e: f"Заполните не более {_fields(e.validator_value)}",
    "not": lambda e: "Недопустимое значение",
    "oneOf": lambda e: "Значение подходит сразу под несколько вариантов, уточните",
    "anyOf": lambda e: "Значение не подходит ни под один из вариантов",
    "unevaluatedProperties": lambda e: "Есть поля, не предусмотренные формой",
    "unevaluatedItems": lambda e: "В списке лишние записи",
    "x-account-matches-bic": lambda e: "Счёт не соответствует БИК: не сходится контрольный ключ",
    "x-correspondent-account-matches-bic": lambda e: (
        "Корреспондентский счёт не соответствует БИК: не сходится контрольный ключ"
    ),
}


def field_path(path: Any) -> str:
    return ".".join(str(part) for part in path)


def _child(error: ValidationError, name: str) -> str:
    return field_path([*error.absolute_path, name])


def _code(error: ValidationError) -> str:
    if error.validator == "format":
        return f"format:{error.validator_value}"
    return str(error.validator) if error.validator is not None else "false"


class Translator:
    """Translates the errors of one form; holds the resolver that x-messages lookups need."""

    def __init__(self, schema: dict) -> None:
        self.schema = schema
        self.resolver = resolver_for(schema)

    def translate(self, error: ValidationError) -> Iterator[FieldError]:
        handler = {
            "required": self._required,
            "dependentRequired": self._dependent_required,
            "additionalProperties": self._additional,
            "anyOf": self._branches,
            "oneOf": self._branches,
        }.get(error.validator)
        if handler is not None:
            yield from handler(error)
            return
        message = self._override(error) or MESSAGES.get(error.validator, lambda e: "Неверное значение")(error)
        if error.validator is None:  # the false schema: nothing is allowed here
            message = "Поле не предусмотрено формой"
        yield FieldError(field_path(error.absolute_path), message, _code(error))

    def _required(self, error: ValidationError) -> Iterator[FieldError]:
        # why: jsonschema reports a missing field on its parent; staff need it on the field itself.
        properties = error.schema.get("properties", {})
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                child = properties.get(name, {})
                own = child.get("x-messages", {}).get("required") if isinstance(child, dict) else None
                yield FieldError(_child(error, name), own or self._override(error) or "Обязательное поле", "required")

    def _dependent_required(self, error: ValidationError) -> Iterator[FieldError]:
        for trigger, needed in error.validator_value.items():
            if trigger not in error.instance:
                continue
            title = self._title(error, trigger)
            for name in needed:
                if name not in error.instance:
                    message = f"Обязательное поле, когда заполнено поле «{title}»"
                    yield FieldError(_child(error, name), message, "dependentRequired")

    def _additional(self, error: ValidationError) -> Iterator[FieldError]:
        known = error.schema.get("properties", {})
        patterns = error.schema.get("patternProperties", {})
        for name in error.instance:
            if name not in known and not any(re.search(p, name) for p in patterns):
                yield FieldError(_child(error, name), "Поле не предусмотрено формой", "additionalProperties")

    def _branches(self, error: ValidationError) -> Iterator[FieldError]:
        override = self._override(error)
        if override:
            yield FieldError(field_path(error.absolute_path), override, str(error.validator))
            return
        alternatives = _required_alternatives(error)
        if alternatives is not None:
            titles = ", ".join(self._title(error, name) for name in alternatives)
            yield FieldError(field_path(error.absolute_path), f"Заполните хотя бы одно из полей: {titles}", "anyOf")
            return
        closest = best_match(error.context) if error.context else None
        if closest is None:
            yield FieldError(field_path(error.absolute_path), MESSAGES[error.validator](error), str(error.validator))
            return
        yield from self.translate(closest)

    def _override(self, error: ValidationError) -> str | None:
        """The x-messages text for the failed keyword on the schemas that hold it for this field."""
        for schema in reversed(self._holders(error)):
            messages = schema.get("x-messages")
            if isinstance(messages, dict) and isinstance(messages.get(error.validator), str):
                return messages[error.validator]
        return None

    def _title(self, error: ValidationError, name: str) -> str:
        """The Russian label of a child field of the erring object, found through its $ref."""
        child = error.schema.get("properties", {}).get(name) if isinstance(error.schema, dict) else None
        try:
            title = first_annotation(applicable(child, self._located(error)[1]), "title")
        except Unresolvable:
            title = None
        return title if isinstance(title, str) else name

    def _holders(self, error: ValidationError) -> list[dict]:
        return self._located(error)[0]

    def _located(self, error: ValidationError) -> tuple[list[dict], Resolver]:
        # Walk the schema path to the failed keyword; jsonschema leaves "$ref" out of that path, so
        # a step missing from a schema is looked for behind its $ref. Keep the schemas that describe
        # the erring value itself (a parent object's x-messages are not the field's).
        *steps, keyword = list(error.absolute_schema_path) or [None]
        node, resolver, holders = self.schema, self.resolver, [self.schema]
        try:
            while steps:
                key = steps.pop(0)
                node, resolver = _behind_refs(node, resolver, key, holders)
                node = node[key]
                if key in INDEXED_KEYWORDS and steps:
                    node = node[steps.pop(0)]
                if key in CHILD_KEYWORDS:
                    holders = []
                resolver = enter(node, resolver)
                holders.append(node)
            _, resolver = _behind_refs(node, resolver, keyword, holders)
        except (KeyError, IndexError, TypeError, Unresolvable):
            pass  # why: a message override is a nicety; never fail validation over it
        return holders, resolver


def _behind_refs(node: Any, resolver: Resolver, key: Any, holders: list[dict]) -> tuple[Any, Resolver]:
    """Follow $ref from node until a schema holds key; each schema passed is a holder too."""
    while isinstance(node, dict) and key not in node and isinstance(node.get("$ref"), str):
        resolved = resolver.lookup(node["$ref"])
        node, resolver = resolved.contents, resolved.resolver
        if isinstance(node, dict):
            holders.append(node)
    return node, resolver


def _required_alternatives(error: ValidationError) -> list[str] | None:
    """Field names when anyOf only says "fill at least one of these" (contacts: phone, e-mail, post)."""
    if error.validator != "anyOf":
        return None
    branches = error.validator_value
    if not all(isinstance(b, dict) and set(b) == {"required"} and len(b["required"]) == 1 for b in branches):
        return None
    return [b["required"][0] for b in branches]
