"""House rules for form and definition files, checked before a form is served or deployed.

A form must be valid JSON Schema 2020-12 whose refs resolve, every field needs a Russian
``title`` (the page shows it as the label), formats and our x-keywords must be ones the engine
knows (an unknown format is silently ignored by JSON Schema, so a typo would switch a check off).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from engine.forms.formats import KNOWN_FORMATS
from engine.forms.keywords import CUSTOM_KEYWORDS
from engine.forms.refs import resolver_for, unresolved_refs
from engine.forms.walk import applicable, first_annotation, iter_subschemas, pointer_token

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
AMOUNT_BOUND = re.compile(r"-?\d+(\.\d+)?")
PAIR_KEYWORDS = ("x-account-matches-bic", "x-correspondent-account-matches-bic")
REFINEMENTS = frozenset({"if", "then", "else", "not"})
META_VALIDATOR = Draft202012Validator(Draft202012Validator.META_SCHEMA)


@dataclass(frozen=True)
class FormProblem:
    file: str  # path under forms/, e.g. "relocation/intake.json"
    pointer: str  # JSON pointer into the schema, "" for the file as a whole
    message: str  # Russian, for the analyst who wrote the file

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer}: {self.message}" if self.pointer else f"{self.file}: {self.message}"


Found = tuple[str, str]  # (pointer, message)


def schema_problems(schema: Any) -> list[Found]:
    """Problems of a bundled schema: meta-schema first, then refs, then our rules."""
    if not isinstance(schema, dict):
        return [("", "Схема должна быть объектом JSON")]
    meta = [
        (_pointer(e.absolute_path), f"Не JSON Schema 2020-12: {e.message}") for e in META_VALIDATOR.iter_errors(schema)
    ]
    if schema.get("$schema", DIALECT) != DIALECT:
        meta.append(("/$schema", f"Поддерживается только {DIALECT}"))
    if meta:
        return meta
    refs = [("", f"Ссылка не находит определения: {ref}") for ref in unresolved_refs(schema)]
    if refs:
        return refs
    resolver = resolver_for(schema)
    found: list[Found] = []
    for pointer, sub, _ in iter_subschemas(schema, resolver):
        found += [(pointer, message) for message in _keyword_problems(sub)]
    # why: properties under if/then/else/not refine fields declared (and titled) elsewhere.
    for pointer, sub, sub_resolver in iter_subschemas(schema, resolver, skip=REFINEMENTS):
        found += _title_problems(pointer, sub, sub_resolver)
    return found


def _pointer(path: Any) -> str:
    return "".join(f"/{pointer_token(p)}" for p in path)


def _title_problems(pointer: str, schema: dict, resolver) -> Iterator[Found]:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    for name, sub in properties.items():
        try:
            title = first_annotation(applicable(sub, resolver), "title")
        except Unresolvable:
            continue  # reported by the ref check
        if not (isinstance(title, str) and CYRILLIC.search(title)):
            yield f"{pointer}/properties/{pointer_token(name)}", f"Поле {name}: нужен заголовок title по-русски"


def _keyword_problems(schema: dict) -> Iterator[str]:
    fmt = schema.get("format")
    if fmt is not None and fmt not in KNOWN_FORMATS:
        yield f"Неизвестный формат {fmt!r}; известны: {', '.join(sorted(KNOWN_FORMATS))}"
    if fmt == "decimal" and schema.get("type") != "string":
        yield 'Сумма (format: decimal) должна иметь "type": "string": деньги не передаются числом'
    for keyword in ("x-minimum", "x-maximum"):
        bound = schema.get(keyword)
        if bound is not None and not (isinstance(bound, str) and AMOUNT_BOUND.fullmatch(bound)):
            yield f'{keyword} пишется строкой-суммой, например "0.01"'
    for keyword in PAIR_KEYWORDS:
        if keyword in schema:
            yield from _pair_problems(keyword, schema)
    yield from _annotation_problems(schema)
    unknown = sorted(k for k in schema if k.startswith("x-") and k not in {*CUSTOM_KEYWORDS, *ANNOTATIONS})
    if unknown:
        yield f"Неизвестные ключевые слова: {', '.join(unknown)}"


ANNOTATIONS = frozenset({"x-messages", "x-enum-titles"})


def _pair_problems(keyword: str, schema: dict) -> Iterator[str]:
    pair = schema[keyword]
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(f, str) for f in pair)):
        yield f"{keyword}: ожидается пара имён полей [счёт, БИК]"
        return
    missing = [f for f in pair if f not in schema.get("properties", {})]
    if missing:
        yield f"{keyword}: нет полей {', '.join(missing)} в properties этого объекта"


def _annotation_problems(schema: dict) -> Iterator[str]:
    messages = schema.get("x-messages")
    if messages is not None and not (isinstance(messages, dict) and all(isinstance(v, str) for v in messages.values())):
        yield 'x-messages: ожидается {"ключевое слово": "текст сообщения"}'
    titles = schema.get("x-enum-titles")
    if titles is not None:
        enum = schema.get("enum")
        if not (isinstance(titles, list) and isinstance(enum, list) and len(titles) == len(enum)):
            yield "x-enum-titles: по одному русскому названию на каждое значение enum"


def form_document_problems(document: Any) -> list[Found]:
    """Problems of a form file's own shape: {"schema": {...}, "ui": {...}}, a title, field names."""
    if not isinstance(document, dict) or not isinstance(document.get("schema"), dict):
        return [("", 'Файл формы: ожидается {"schema": {...}, "ui": {...}}')]
    found: list[Found] = []
    if not isinstance(document.get("ui", {}), dict):
        found.append(("", "ui должен быть объектом"))
    extra = sorted(set(document) - {"schema", "ui"})
    if extra:
        found.append(("", f"Лишние ключи в файле формы: {', '.join(extra)}"))
    title = document["schema"].get("title")
    if not (isinstance(title, str) and CYRILLIC.search(title)):
        found.append(("/title", "У формы нужен заголовок title по-русски"))
    return found


def field_name_problems(names: list[str]) -> list[Found]:
    # why: task data keys become variables in gateway conditions and scripts.
    return [
        (f"/properties/{pointer_token(n)}", f"Имя поля {n!r}: только латиница, цифры и _, не с цифры")
        for n in names
        if not (n.isascii() and n.isidentifier())
    ]


def defs_problems(document: Any, uri: str) -> list[Found]:
    """Problems of a forms/_defs file: its $id, titled definitions, and the schema rules."""
    if not isinstance(document, dict):
        return [("", "Файл определений должен быть объектом JSON")]
    found: list[Found] = []
    if document.get("$id") != uri:
        found.append(("/$id", f'Ожидается "$id": "{uri}" (по имени файла)'))
    for name, sub in (document.get("$defs") or {}).items():
        if not (isinstance(sub, dict) and CYRILLIC.search(str(sub.get("title", "")))):
            found.append((f"/$defs/{pointer_token(name)}", f"Определение {name}: нужен заголовок title по-русски"))
    return found
