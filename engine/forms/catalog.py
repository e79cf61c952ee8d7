"""The forms/ folder: forms by name, bundled with the shared definitions, checked before use.

A form is named by its path under forms/ without ``.json`` (``relocation/intake``). Folders whose
name starts with ``_`` (``_defs``) hold shared definitions, not forms. Forms are cached, and read
again when their file or any definitions file changes on disk, so a running server deploys what
the analysts saved last.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import DeployError, NotFound
from engine.forms.checks import (
    FormProblem,
    defs_problems,
    field_name_problems,
    form_document_problems,
    schema_problems,
)
from engine.forms.form import Form
from engine.forms.refs import DEFS_FOLDER, UnknownDefinition, bundle, defs_uri

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*(/[A-Za-z0-9][A-Za-z0-9_\-]*)*")
Stamp = tuple[Any, ...]

__all__ = ["FormCatalog", "FormProblem"]


@dataclass(frozen=True)
class Definitions:
    stamp: Stamp
    documents: dict[str, dict]  # URI (reglament:common) -> parsed file
    files: dict[str, str]  # URI -> file path under forms/, for problem reports
    problems: list[FormProblem]  # files that could not even be read


class FormCatalog:
    def __init__(self, forms_dir: Path) -> None:
        self.forms_dir = Path(forms_dir)
        # why no lock: a race between two threads only loads the same file twice.
        self._forms: dict[str, tuple[Stamp, Form]] = {}
        self._defs: Definitions | None = None

    def names(self) -> list[str]:
        """Every form name, sorted; definitions folders (_defs) excluded."""
        paths = self.forms_dir.rglob("*.json") if self.forms_dir.is_dir() else []
        names = (p.relative_to(self.forms_dir).with_suffix("").as_posix() for p in paths)
        return sorted(n for n in names if not any(part.startswith("_") for part in n.split("/")))

    def get(self, name: str) -> Form:
        """The bundled form; NotFound if there is none, DeployError listing its problems if broken."""
        path = self._path(name)
        try:
            stamp: Stamp = (_stamp(path), self._definitions().stamp)
        except FileNotFoundError:
            raise NotFound("Форма не найдена", form=name) from None
        cached = self._forms.get(name)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        form, problems = self._load(name, path)
        if problems or form is None:
            raise DeployError("; ".join(map(str, problems)), form=name, problems=[p.as_dict() for p in problems])
        self._forms[name] = (stamp, form)
        return form

    def check_all(self) -> list[FormProblem]:
        """Problems of every definitions file and every form, for lint and CI."""
        definitions = self._definitions()
        problems = list(definitions.problems)
        for uri, document in definitions.documents.items():
            problems += self._defs_file_problems(definitions.files[uri], uri, document)
        for name in self.names():
            problems += self._load(name, self._path(name))[1]
        return problems

    def _path(self, name: str) -> Path:
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise NotFound("Форма не найдена", form=name)
        return self.forms_dir / f"{name}.json"

    def _load(self, name: str, path: Path) -> tuple[Form | None, list[FormProblem]]:
        file = f"{name}.json"
        document, error = _read_json(path)
        if error:
            return None, [FormProblem(file, "", error)]
        found = form_document_problems(document)
        if found:
            return None, [FormProblem(file, p, m) for p, m in found]
        try:
            schema = bundle(document["schema"], self._definitions().documents)
        except UnknownDefinition as exc:
            return None, [FormProblem(file, "", f"Нет файла определений для ссылки {exc.args[0]} в forms/_defs")]
        found = schema_problems(schema)
        form = Form(name=name, schema=schema, ui=document.get("ui") or {})
        if not found:
            found = field_name_problems(form.field_names())
        return (None if found else form), [FormProblem(file, p, m) for p, m in found]

    def _defs_file_problems(self, file: str, uri: str, document: dict) -> list[FormProblem]:
        found = defs_problems(document, uri)
        try:
            found += schema_problems(bundle(document, self._definitions().documents))
        except UnknownDefinition as exc:
            found.append(("", f"Нет файла определений для ссылки {exc.args[0]}"))
        return [FormProblem(file, p, m) for p, m in found]

    def _definitions(self) -> Definitions:
        folder = self.forms_dir / DEFS_FOLDER
        paths = sorted(folder.rglob("*.json")) if folder.is_dir() else []
        stamp = tuple((p.as_posix(), *_stamp(p)) for p in paths)
        if self._defs is not None and self._defs.stamp == stamp:
            return self._defs
        documents, files, problems = {}, {}, []
        for path in paths:
            uri, file = defs_uri(path.relative_to(folder)), path.relative_to(self.forms_dir).as_posix()
            document, error = _read_json(path)
            if error:
                problems.append(FormProblem(file, "", error))
            elif not isinstance(document, dict):
                problems.append(FormProblem(file, "", "Файл определений должен быть объектом JSON"))
            else:
                documents[uri], files[uri] = document, file
        self._defs = Definitions(stamp, documents, files, problems)
        return self._defs


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


def _read_json(path: Path) -> tuple[Any, str | None]:
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except FileNotFoundError:
        raise
    except json.JSONDecodeError as exc:
        return None, f"Неверный JSON: {exc.msg}, строка {exc.lineno}, столбец {exc.colno}"
    except (UnicodeDecodeError, OSError) as exc:
        return None, f"Файл не читается: {exc}"
