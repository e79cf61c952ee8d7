"""Walking a bundled form schema: every subschema with its pointer, and the schemas that apply to a value.

Refs are followed with ``referencing`` resolvers, so a ref inside an embedded definitions file
(``#/$defs/passport`` inside reglament:common) resolves against that file, not the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from engine.forms.refs import enter

if TYPE_CHECKING:  # referencing does not export Resolver at the top level
    from referencing._core import Resolver

Located = tuple[dict, "Resolver"]  # a subschema and the resolver its refs use

# JSON Schema 2020-12 keywords whose values hold subschemas, by shape.
MAP_KEYWORDS = ("properties", "patternProperties", "$defs", "dependentSchemas")
LIST_KEYWORDS = ("allOf", "anyOf", "oneOf", "prefixItems")
SINGLE_KEYWORDS = (
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
)


def pointer_token(key: str | int) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def iter_subschemas(
    schema: Any, resolver: Resolver, pointer: str = "", skip: frozenset[str] = frozenset()
) -> Iterator[tuple[str, dict, Resolver]]:
    """Every object subschema of a document, depth first, with its JSON pointer and resolver.

    Keywords in ``skip`` are not entered (titles are not asked of ``if``/``then`` refinements).
    """
    if not isinstance(schema, dict):
        return
    resolver = enter(schema, resolver)
    yield pointer, schema, resolver
    for keyword in (k for k in MAP_KEYWORDS if k not in skip):
        members = schema.get(keyword)
        if isinstance(members, dict):
            for name, sub in members.items():
                yield from iter_subschemas(sub, resolver, f"{pointer}/{keyword}/{pointer_token(name)}", skip)
    for keyword in (k for k in LIST_KEYWORDS if k not in skip):
        members = schema.get(keyword)
        if isinstance(members, list):
            for index, sub in enumerate(members):
                yield from iter_subschemas(sub, resolver, f"{pointer}/{keyword}/{index}", skip)
    for keyword in (k for k in SINGLE_KEYWORDS if k not in skip):
        if keyword in schema:
            yield from iter_subschemas(schema[keyword], resolver, f"{pointer}/{keyword}", skip)


def applicable(schema: Any, resolver: Resolver) -> Iterator[Located]:
    """The schema and every subschema that constrains the same value: $ref, allOf, anyOf, oneOf, then, else.

    Branches are not evaluated (a value under ``anyOf`` sees every branch): callers use this for
    annotations (title, format), where a value's own shape settles which one fits.
    """
    seen: set[int] = set()
    pending: list[tuple[Any, Resolver]] = [(schema, resolver)]
    while pending:
        current, current_resolver = pending.pop(0)
        if not isinstance(current, dict) or id(current) in seen:
            continue
        seen.add(id(current))
        current_resolver = enter(current, current_resolver)
        yield current, current_resolver
        ref = current.get("$ref")
        if isinstance(ref, str):
            resolved = current_resolver.lookup(ref)
            pending.append((resolved.contents, resolved.resolver))
        for keyword in ("allOf", "anyOf", "oneOf"):
            pending.extend((sub, current_resolver) for sub in current.get(keyword, []))
        pending.extend((current[k], current_resolver) for k in ("then", "else") if k in current)


def expand(located: Iterable[Located]) -> list[Located]:
    """All schemas applicable to a value, given the schemas that reached it directly."""
    return [found for schema, resolver in located for found in applicable(schema, resolver)]


def property_schemas(located: Iterable[Located], key: str) -> list[Located]:
    """Schemas that reach the value of property ``key`` from the schemas of its object."""
    found: list[Located] = []
    for schema, resolver in located:
        matched = False
        if key in schema.get("properties", {}):
            found.append((schema["properties"][key], resolver))
            matched = True
        for pattern, sub in schema.get("patternProperties", {}).items():
            if re.search(pattern, key):
                found.append((sub, resolver))
                matched = True
        if not matched and isinstance(schema.get("additionalProperties"), dict):
            found.append((schema["additionalProperties"], resolver))
    return found


def item_schemas(located: Iterable[Located], index: int) -> list[Located]:
    """Schemas that reach item ``index`` of a list from the schemas of the list."""
    found: list[Located] = []
    for schema, resolver in located:
        prefix = schema.get("prefixItems", [])
        if index < len(prefix):
            found.append((prefix[index], resolver))
        elif isinstance(schema.get("items"), dict):
            found.append((schema["items"], resolver))
    return found


def first_annotation(located: Iterable[Located], keyword: str) -> Any:
    """The first value of an annotation (title, format) among the applicable schemas, or None."""
    for schema, _ in located:
        if keyword in schema:
            return schema[keyword]
    return None
