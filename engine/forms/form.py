"""A form: the bundled JSON Schema of one user task, its UI schema and the validator built from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jsonschema import Draft202012Validator

from engine.forms.keywords import make_validator
from engine.forms.messages import Translator
from engine.forms.refs import resolver_for
from engine.forms.walk import applicable


@dataclass(frozen=True, eq=False)
class Form:
    """``schema`` is self-contained (shared definitions embedded), so it can be stored as is."""

    name: str
    schema: dict[str, Any]
    ui: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.schema.get("title") or self.name

    def field_names(self) -> list[str]:
        """Top-level field names, also those brought in by $ref or allOf at the root."""
        names: dict[str, None] = {}
        for schema, _ in applicable(self.schema, resolver_for(self.schema)):
            names.update(dict.fromkeys(schema.get("properties", {})))
        return list(names)

    # why: cached_property writes the instance __dict__ directly, so it works on a frozen dataclass;
    # building a validator walks the meta-schema and is worth doing once per form.
    @cached_property
    def validator(self) -> Draft202012Validator:
        return make_validator(self.schema)

    @cached_property
    def translator(self) -> Translator:
        return Translator(self.schema)

    def as_document(self) -> dict[str, Any]:
        """The stored shape, as in a forms/ file and a deployed version's snapshot."""
        return {"schema": self.schema, "ui": self.ui}


def form_from_document(name: str, document: dict[str, Any]) -> Form:
    """A form from a stored snapshot ``{"schema": …, "ui": …}`` of a deployed version."""
    return Form(name=name, schema=document["schema"], ui=document.get("ui") or {})
