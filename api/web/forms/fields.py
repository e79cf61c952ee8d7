"""A form schema as a tree of fields to render: one ``Field`` per input, fieldset or list.

``$ref`` (also into the embedded ``reglament:`` definitions) and ``allOf`` are followed with the
resolvers of engine/forms, so a field declared as ``{"$ref": "reglament:common#/$defs/snils",
"title": "СНИЛС супруга"}`` gets its format from the definition and its title from the form.
``if``/``then``/``anyOf`` only refine fields declared elsewhere and are left to validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from referencing.exceptions import Unresolvable

from engine.forms.refs import enter, resolver_for

LONG_TEXT = 500  # a string allowed to be longer than this gets a textarea


@dataclass
class Field:
    path: str  # dotted path from the form root, as FieldError names it ("family_members.0.full_name")
    kind: str  # object, array, choices, select, boolean, confirm, date, decimal, integer, number, file, textarea, text
    title: str
    description: str = ""
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, Russian title)
    input_type: str = "text"  # for kind text: text, email, tel
    value: Any = None
    children: list[Field] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    item: list | None = None  # arrays: where one item's schema is, for "add"
    resolver: Any = None
    ui: dict = field(default_factory=dict)
    json_type: str = "string"

    @property
    def html_id(self) -> str:
        return "f-" + self.path.replace(".", "-") if self.path else "f-form"

    @property
    def name(self) -> str:
        return self.path

    @property
    def is_group(self) -> bool:
        return self.kind in ("object", "array", "choices", "boolean")

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def build_form(schema: dict, ui: dict, values: dict | None) -> Field:
    """The root field (an object) with every nested field and its current value."""
    located = [(schema, resolver_for(schema))]
    return _field("", located, ui or {}, values if isinstance(values, dict) else {}, required=True)


Located = tuple[Any, Any]  # a subschema and the resolver its refs use


def merged(located: list[Located]) -> tuple[dict, Any]:
    """One schema combining the given schemas with what they $ref and allOf, nearest first.

    ``properties`` become {name: [(subschema, resolver), …]} and ``items`` a (subschema,
    resolver) pair, because a definition embedded from reglament:common resolves its own refs
    against that document. Also returns the resolver of the first schema.
    """
    result: dict = {}
    pending = list(located)
    own_resolver = located[0][1] if located else None
    while pending:
        current, resolver = pending.pop(0)
        if not isinstance(current, dict):
            continue
        resolver = enter(current, resolver)
        _combine(result, current, resolver)
        if isinstance(current.get("$ref"), str):
            try:
                found = resolver.lookup(current["$ref"])
            except Unresolvable:
                continue
            pending.append((found.contents, found.resolver))
        pending.extend((sub, resolver) for sub in current.get("allOf", []))
    return result, own_resolver


def _combine(result: dict, schema: dict, resolver) -> None:
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            props = result.setdefault("properties", {})
            for name, sub in value.items():
                props.setdefault(name, []).append((sub, resolver))
        elif key == "required" and isinstance(value, list):
            result["required"] = [*result.get("required", []), *value]
        elif key == "items" and isinstance(value, dict):
            result.setdefault("items", (value, resolver))
        elif key not in ("$ref", "allOf", "$defs", "$id", "$schema"):
            result.setdefault(key, value)


def item_field(array: Field, index: int) -> Field:
    """An empty field for item ``index`` of an array field (reading a submission, adding an item)."""
    return _field(_join(array.path, str(index)), array.item or [], array.ui.get("items", {}), None, required=True)


def _field(path: str, located: list[Located], ui: dict, value: Any, *, required: bool) -> Field:
    spec, resolver = merged(located)
    title = spec.get("title") or path.rsplit(".", 1)[-1]
    f = Field(path, _kind(spec, ui), title, spec.get("description", ""), required, resolver=resolver, ui=ui)
    f.value, f.json_type = value, _type_of(spec)
    if f.kind == "object":
        f.children = _children(path, spec, ui, value if isinstance(value, dict) else {})
    elif f.kind == "array":
        f.item = [spec["items"]] if "items" in spec else []
        items = value if isinstance(value, list) else []
        item_ui = ui.get("items", {})
        f.children = [_field(_join(path, str(i)), f.item, item_ui, v, required=True) for i, v in enumerate(items)]
    elif f.kind == "select":
        f.options = _options(spec)
    elif f.kind == "choices":
        f.options = _options(merged([spec["items"]])[0])
    elif f.kind == "text":
        f.input_type = {"email": "email", "phone_ru": "tel"}.get(spec.get("format"), "text")
    return f


def _children(path: str, spec: dict, ui: dict, values: dict) -> list[Field]:
    props: dict[str, list[Located]] = spec.get("properties", {})
    required = set(spec.get("required", []))
    order = [n for n in ui.get("ui:order", []) if n in props] + [n for n in props if n not in ui.get("ui:order", [])]
    return [
        _field(_join(path, name), props[name], ui.get(name, {}), values.get(name), required=name in required)
        for name in order
    ]


def _kind(spec: dict, ui: dict) -> str:
    widget = ui.get("ui:widget")
    if widget == "file" or "contentMediaType" in spec:
        return "file"
    kind = _type_of(spec)
    if kind == "boolean":
        return "confirm" if spec.get("const") is True else "boolean"
    if "enum" in spec:
        return "select"
    if kind == "array":
        items = merged([spec["items"]])[0] if "items" in spec else {}
        return "choices" if "enum" in items else "array"
    if kind == "string":
        return _string_kind(spec, widget)
    return kind if kind in ("object", "integer", "number") else "text"


def _string_kind(spec: dict, widget: str | None) -> str:
    fmt = spec.get("format")
    if fmt in ("date", "decimal"):
        return fmt
    if widget == "textarea" or spec.get("maxLength", 0) > LONG_TEXT:
        return "textarea"
    return "text"


def _type_of(spec: dict) -> str:
    kind = spec.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind is None:
        kind = "object" if "properties" in spec else "string"
    return kind


def _options(spec: dict) -> list[tuple[str, str]]:
    values = spec.get("enum", [])
    titles = spec.get("x-enum-titles") or [str(v) for v in values]
    return [(str(v), str(t)) for v, t in zip(values, titles, strict=False)]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def attach_errors(root: Field, errors: list[dict]) -> list[dict]:
    """Put each error on its field (or the nearest enclosing one); returns the summary entries."""
    by_path = {f.path: f for f in root.walk()}
    summary = []
    for error in errors:
        path = error.get("field", "")
        target = by_path.get(path) or _nearest(by_path, path) or root
        target.errors.append(error["message"])
        summary.append({"id": target.html_id, "title": _label(target, root), "message": error["message"]})
    return summary


def _nearest(by_path: dict[str, Field], path: str) -> Field | None:
    parts = path.split(".")
    while parts:
        parts.pop()
        found = by_path.get(".".join(parts))
        if found is not None and parts:
            return found
    return None


def _label(target: Field, root: Field) -> str:
    return target.title if target is not root else (root.title or "Форма")
