"""A submitted page form back into task data, and the buttons that are not «Выполнить».

Inputs are named by the field's dotted path (``family_members.0.full_name``); each list item
carries a hidden ``<path>.__item`` marker, so an item whose inputs are all empty (or all radio
buttons left unchosen) is still seen. Empty inputs are left out of the data, so a missing
required field is reported as «Обязательное поле» by the same validation the API uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from api.web.forms.fields import Field, item_field

ITEM_MARKER = "__item"
FILE_SUFFIX = "__file"
ACTION = re.compile(r"(save|complete|add|remove|clear)(?::([\w.]+))?")


@dataclass(frozen=True)
class Action:
    verb: str  # save, complete, add, remove, clear
    path: str = ""


def parse_action(value: str | None) -> Action:
    match = ACTION.fullmatch(value or "")
    if not match:
        return Action("save")
    return Action(match.group(1), match.group(2) or "")


def read(root: Field, form: MultiDict) -> dict:
    """The data the form holds, shaped by the schema (root is built from it)."""
    return _read(root, form, is_root=True) or {}


def _read(f: Field, form: MultiDict, is_root: bool = False) -> Any:
    if f.kind == "object":
        return _read_object(f, form, is_root)
    return READERS.get(f.kind, _read_text)(f, form)


def _read_object(f: Field, form: MultiDict, is_root: bool) -> dict | None:
    values = {}
    for child in f.children:
        value = _read(child, form)
        if value is not None:
            values[child.path.rsplit(".", 1)[-1]] = value
    # why: an optional block left empty is absent, not {} (its own required fields would fire)
    return values if values or is_root or f.required else None


def _read_array(f: Field, form: MultiDict) -> list | None:
    prefix = f"{f.path}."
    indices = sorted(
        {int(key[len(prefix) :].split(".")[0]) for key in form if key.startswith(prefix) and key.endswith(ITEM_MARKER)}
    )
    items = []
    for index in indices:
        template = item_field(f, index)
        value = _read(template, form)
        items.append(value if value is not None else {} if template.kind == "object" else "")
    return items if items or f.required else None


def _read_choices(f: Field, form: MultiDict) -> list | None:
    chosen = [v for v in form.getlist(f.path) if v]
    return chosen if chosen or f.required else None


def _read_boolean(f: Field, form: MultiDict) -> bool | None:
    return {"true": True, "false": False}.get(form.get(f.path, ""))


def _read_confirm(f: Field, form: MultiDict) -> bool | None:
    return True if form.get(f.path) == "true" else None


def _read_decimal(f: Field, form: MultiDict) -> str | None:
    # why: people type «1 234,50»; the schema checks the result like any API value
    raw = (form.get(f.path) or "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return raw or None


def _read_number(f: Field, form: MultiDict) -> Any:
    raw = (form.get(f.path) or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        return int(raw) if f.kind == "integer" else float(raw)
    except ValueError:
        return raw  # validation says what is wrong with it


def _read_file(f: Field, form: MultiDict) -> Any:
    raw = (form.get(f.path) or "").strip()
    if not raw:
        return None
    return int(raw) if f.json_type == "integer" and raw.isdigit() else raw


def _read_text(f: Field, form: MultiDict) -> str | None:
    raw = form.get(f.path)
    if raw is None:
        return None
    raw = raw.replace("\r\n", "\n").strip()
    return raw or None


READERS = {
    "array": _read_array,
    "choices": _read_choices,
    "boolean": _read_boolean,
    "confirm": _read_confirm,
    "decimal": _read_decimal,
    "integer": _read_number,
    "number": _read_number,
    "file": _read_file,
}


def apply_list_action(data: dict, action: Action, root: Field) -> dict:
    """Add an empty item to a list, remove one, or clear a file field; other actions change nothing."""
    if action.verb == "add":
        target = _field_at(root, action.path)
        if target is not None and target.kind == "array":
            items = _container(data, action.path, create=True)
            if isinstance(items, list):
                items.append({} if item_field(target, len(items)).kind == "object" else "")
    elif action.verb in ("remove", "clear"):
        parent_path, _, key = action.path.rpartition(".")
        parent = _container(data, parent_path, create=False) if parent_path else data
        if isinstance(parent, list) and key.isdigit() and int(key) < len(parent):
            parent.pop(int(key))
        elif isinstance(parent, dict):
            parent.pop(key, None)
    return data


def _field_at(root: Field, path: str) -> Field | None:
    return next((f for f in root.walk() if f.path == path), None)


def _container(data: Any, path: str, *, create: bool) -> Any:
    node = data
    parts = path.split(".")
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict):
            if part not in node and create:
                node[part] = [] if last else {}
            node = node.get(part)
        else:
            return None
    return node
