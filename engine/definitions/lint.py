"""Checks a set of diagrams before deploy; every problem names file, element id and line.

What is checked: XSD validity and parse errors, dangling call-activity references, that every
user task names a form that exists, that every expression passes the restricted environment,
that no form field shadows an engine function, and that every statutory timer (a `due(...)`
body) carries the clause it comes from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException

from engine.bpmn.functions import TASK_FUNCTION_NAMES
from engine.bpmn.parser import RegParser
from engine.bpmn.scripting import SAFE_BUILTINS, SAFE_TYPES, check_code
from engine.definitions import xml
from engine.errors import ExpressionRejected, NotFound, ReglamentError

ENGINE_NAMES = frozenset(TASK_FUNCTION_NAMES | set(SAFE_TYPES) | set(SAFE_BUILTINS))
TIMER_PATH = "//bpmn:timerEventDefinition/*[self::bpmn:timeDate or self::bpmn:timeDuration or self::bpmn:timeCycle]"


@dataclass(frozen=True)
class Problem:
    file: str
    element_id: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line or '?'}"
        return f"{where}: {self.element_id or '-'}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class DiagramSet:
    """Parsed diagrams ready to deploy: the parser plus the executable process ids."""

    parser: RegParser
    sources: dict[str, str]
    process_ids: list[str]
    process_properties: dict[str, dict[str, str]]


def bpmn_files(path: Path) -> list[Path]:
    path = Path(path)
    return sorted(path.rglob("*.bpmn")) if path.is_dir() else [path]


def lint(paths: list[Path], forms) -> tuple[DiagramSet | None, list[Problem]]:
    """Parse and check; returns the parsed set only when there are no problems."""
    parser, problems = RegParser(), []
    sources, process_ids, process_props = {}, [], {}
    for path in paths:
        name = path.name
        content = path.read_bytes()
        sources[name] = content.decode("utf-8")
        try:
            tree = xml.parse_xml(content)
        except Exception as exc:  # lxml reports the line in its message
            problems.append(Problem(name, None, getattr(exc, "lineno", None), f"XML не разобран: {exc}"))
            continue
        problems += _static_checks(name, tree, forms)
        try:
            parser.add_bpmn_xml(tree, filename=name)
        except ValidationException as exc:
            problems.append(_from_validation(exc, name, tree))
            continue
        for process in xml.processes(tree):
            if process.get("isExecutable", "true") == "true":
                process_ids.append(process.get("id"))
                process_props[process.get("id")] = {
                    **xml.properties(process),
                    "interrupting_event_subprocesses": xml.interrupting_event_subprocesses(process),
                }
    problems += _add_decision_tables(parser, paths)
    if not problems:
        problems += _structure_checks(parser, process_ids, sources)
    if problems:
        return None, problems
    return DiagramSet(parser, sources, process_ids, process_props), []


def _add_decision_tables(parser: RegParser, paths: list[Path]) -> list[Problem]:
    """DMN tables next to the diagrams (business-rule tasks name them by decision id)."""
    problems = []
    folders = {p.parent for p in paths}
    for dmn in sorted({d for folder in folders for d in folder.rglob("*.dmn")}):
        try:
            parser.add_dmn_file(str(dmn))
        except ValidationException as exc:
            problems.append(Problem(dmn.name, exc.id or None, exc.line_number or None, str(exc).split("\n")[0]))
    return problems


def _static_checks(name: str, tree, forms) -> list[Problem]:
    return [
        *_expression_problems(name, tree),
        *_form_problems(name, tree, forms),
        *_clause_problems(name, tree),
    ]


def _expression_problems(name, tree) -> list[Problem]:
    problems = []
    for expr in xml.expressions(tree):
        try:
            check_code(expr.source, expr.mode)
        except ExpressionRejected as exc:
            line = expr.line + (exc.details.get("line") or 1) - 1 if expr.line else None
            problems.append(Problem(name, expr.element_id, line, f"{exc.message}: {expr.source.strip()[:80]}"))
    return problems


def _form_problems(name, tree, forms) -> list[Problem]:
    problems = []
    for task in tree.xpath("//bpmn:userTask", namespaces=xml.NS):
        form_name = xml.properties(task).get("form")
        where = (name, task.get("id"), task.sourceline)
        if not form_name:
            problems.append(Problem(*where, "Пользовательская задача не указывает форму (свойство form)"))
            continue
        try:
            form = forms.get(form_name)
        except NotFound:
            problems.append(Problem(*where, f"Форма {form_name} не найдена в forms/"))
            continue
        except ReglamentError as exc:
            problems.append(Problem(*where, f"Форма {form_name}: {exc.message}"))
            continue
        shadowed = sorted(set(form.field_names()) & ENGINE_NAMES)
        if shadowed:
            problems.append(Problem(*where, f"Поля формы {form_name} скрывают функции движка: {shadowed}"))
    return problems


def _clause_problems(name, tree) -> list[Problem]:
    problems = []
    for body in tree.xpath(TIMER_PATH, namespaces=xml.NS):
        event = body.getparent().getparent()  # timeDate -> timerEventDefinition -> the event
        if "due(" in (body.text or "") and not xml.properties(event).get("clause"):
            problems.append(
                Problem(
                    name,
                    event.get("id"),
                    event.sourceline,
                    "Таймер статутного срока (due) без пункта регламента (свойство clause)",
                )
            )
    return problems


def _structure_checks(parser: RegParser, process_ids: list[str], sources: dict[str, str]) -> list[Problem]:
    problems = []
    for pid in process_ids:
        try:
            parser.get_spec(pid)
            parser.get_subprocess_specs(pid)
        except ValidationException as exc:
            problems.append(_from_validation(exc, exc.file_name or "?", None, sources))
    return problems


def _from_validation(exc: ValidationException, name: str, tree, sources=None) -> Problem:
    line = exc.line_number or None
    element_id = exc.id or None
    if line is None and element_id:
        line = _line_of(element_id, tree, (sources or {}).get(name))
    message = str(exc).split("\n")[0]
    return Problem(exc.file_name or name, element_id, line, message)


def _line_of(element_id: str, tree, source: str | None) -> int | None:
    if tree is None and source:
        tree = xml.parse_xml(source.encode("utf-8"))
    if tree is None:
        return None
    hits = tree.xpath("//*[@id=$id]", id=element_id)
    return hits[0].sourceline if hits else None
