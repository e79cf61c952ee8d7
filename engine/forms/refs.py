"""Shared definitions (forms/_defs) and how a form refers to them.

A file ``forms/_defs/<path>.json`` is the resource ``reglament:<path>``: a form writes
``{"$ref": "reglament:common#/$defs/snils"}`` wherever it stands in forms/, so moving a form to a
subfolder never breaks its refs (relative ``../_defs/...`` paths would). The catalog *bundles* a
form: every definition file it needs is embedded under ``$defs`` with its ``$id`` (JSON Schema
2020-12 compound documents), so the schema stored with a deployed version is self-contained and
validates the same way years later, whatever happens to forms/_defs.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

if TYPE_CHECKING:  # referencing does not export Resolver at the top level
    from referencing._core import Resolver

SCHEME = "reglament:"
DEFS_FOLDER = "_defs"
# Keywords whose values are data, not schemas: a "$ref" key inside an enum value is not a ref.
DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples", "x-messages", "x-enum-titles"})

__all__ = ["SCHEME", "UnknownDefinition", "bundle", "defs_uri", "iter_refs", "resolver_for", "unresolved_refs"]


class UnknownDefinition(LookupError):
    """A form refers to a document that forms/_defs does not hold."""


def defs_uri(relative: Path) -> str:
    """URI of a definitions file from its path under forms/_defs: common.json → reglament:common."""
    return SCHEME + relative.with_suffix("").as_posix()


def iter_refs(node: Any) -> Iterator[str]:
    """Every $ref string in a schema document, in document order."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for key, value in node.items():
            if key not in DATA_KEYWORDS:
                yield from iter_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_refs(item)


def _document_uri(ref: str) -> str:
    return ref.partition("#")[0]


def bundle(schema: dict, documents: Mapping[str, dict]) -> dict:
    """A copy of schema with every reglament: document it needs, transitively, under $defs."""
    needed: dict[str, dict] = {}
    own = schema.get("$id")  # a definitions file may spell refs to itself in full
    pending = [schema]
    while pending:
        for ref in iter_refs(pending.pop()):
            uri = _document_uri(ref)
            if not uri.startswith(SCHEME) or uri in needed or uri == own:
                continue
            if uri not in documents:
                raise UnknownDefinition(uri)
            needed[uri] = documents[uri]
            pending.append(documents[uri])
    if not needed:
        return copy.deepcopy(schema)
    bundled = copy.deepcopy(schema)
    defs = bundled.setdefault("$defs", {})
    for uri, document in sorted(needed.items()):
        # why: an embedded "$schema" makes jsonschema switch to its stock validator class in that
        # subtree, dropping our keywords (x-minimum, x-account-matches-bic).
        embedded = {k: v for k, v in copy.deepcopy(document).items() if k != "$schema"}
        defs[uri] = {**embedded, "$id": uri}
    return bundled


def resolver_for(schema: dict | bool) -> Resolver:
    """A resolver rooted at a (bundled) form schema; it never fetches anything from outside."""
    resource = DRAFT202012.create_resource(schema)
    return Registry().with_resource("", resource).resolver(base_uri="")


def enter(schema: Any, resolver: Resolver) -> Resolver:
    """The resolver for refs inside schema: an embedded resource ($id) moves the base URI."""
    if isinstance(schema, dict) and isinstance(schema.get("$id"), str):
        return resolver.in_subresource(DRAFT202012.create_resource(schema))
    return resolver


def unresolved_refs(schema: dict) -> list[str]:
    """Refs in a bundled schema that lead nowhere, each as written."""
    problems: list[str] = []
    _collect_unresolved(schema, resolver_for(schema), problems)
    return problems


def _collect_unresolved(node: Any, resolver: Resolver, problems: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect_unresolved(item, resolver, problems)
        return
    if not isinstance(node, dict):
        return
    resolver = enter(node, resolver)
    ref = node.get("$ref")
    if isinstance(ref, str):
        try:
            resolver.lookup(ref)
        except Unresolvable:
            problems.append(ref)
    for key, value in node.items():
        if key not in DATA_KEYWORDS:
            _collect_unresolved(value, resolver, problems)
