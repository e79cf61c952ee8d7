"""The restricted environment in which diagram expressions and scripts run.

Diagrams are written by analysts and deployed at run time, so they must not reach the host:
no imports, no dunder access, no open/eval/exec, only whitelisted builtins and Reglament's
own functions (`due`, ...). Code is checked twice: a static AST check (used at deploy) and
RestrictedPython's compiler with guarded attribute, item and iteration access at run time.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from RestrictedPython import compile_restricted_eval, compile_restricted_exec, limited_builtins, safe_builtins
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safer_getattr,
)
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from engine.errors import ExpressionRejected

FORBIDDEN_NAMES = frozenset(
    {
        "open",
        "eval",
        "exec",
        "compile",
        "globals",
        "locals",
        "vars",
        "getattr",
        "setattr",
        "delattr",
        "__import__",
        "input",
        "breakpoint",
        "help",
        "memoryview",
        "type",
        "object",
        "super",
        "dir",
    }
)
_UNSAFE_BUILTINS = {"setattr", "delattr", "__build_class__", "_getattr_", "id", "hash"}

SAFE_BUILTINS: dict[str, Any] = {
    **{k: v for k, v in safe_builtins.items() if k not in _UNSAFE_BUILTINS},
    **limited_builtins,
    "dict": dict,
    "list": list,
    "set": set,
    "tuple": tuple,
    "sum": sum,
    "min": min,
    "max": max,
    "any": any,
    "all": all,
    "sorted": sorted,
    "enumerate": enumerate,
    "zip": zip,
    "map": map,
    "filter": filter,
    "reversed": reversed,
}
SAFE_TYPES: dict[str, Any] = {"Decimal": Decimal, "date": date, "datetime": datetime, "timedelta": timedelta}


def _inplace(op: str, x, y):
    ops = {
        "+=": lambda: x + y,
        "-=": lambda: x - y,
        "*=": lambda: x * y,
        "/=": lambda: x / y,
        "//=": lambda: x // y,
        "%=": lambda: x % y,
        "|=": lambda: x | y,
        "&=": lambda: x & y,
    }
    if op not in ops:
        raise ExpressionRejected(f"Операция {op} не поддерживается")
    return ops[op]()


GUARDS: dict[str, Any] = {
    "__builtins__": SAFE_BUILTINS,
    "_getattr_": safer_getattr,
    "_getitem_": default_guarded_getitem,
    "_getiter_": default_guarded_getiter,
    "_write_": full_write_guard,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_inplacevar_": _inplace,
}


def check_code(source: str, mode: str = "eval") -> None:
    """Reject code a diagram must not contain; raises ExpressionRejected naming the reason."""
    try:
        tree = ast.parse(source, mode=mode)
    except SyntaxError as exc:
        raise ExpressionRejected("Синтаксическая ошибка в выражении", source=source, line=exc.lineno) from exc
    for node in ast.walk(tree):
        reason = _forbidden(node)
        if reason:
            raise ExpressionRejected(
                f"Запрещено в выражении: {reason}", source=source, line=getattr(node, "lineno", None)
            )
    _compile(source, mode)


def _forbidden(node: ast.AST) -> str | None:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return "импорт модулей"
    if isinstance(node, ast.Name) and (node.id in FORBIDDEN_NAMES or node.id.startswith("_")):
        return f"имя {node.id}"
    if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
        return f"атрибут {node.attr}"
    if isinstance(node, ast.ClassDef | ast.AsyncFunctionDef | ast.Global | ast.Nonlocal | ast.Lambda):
        return type(node).__name__
    return None


@lru_cache(maxsize=4096)
def _compile(source: str, mode: str):
    compiler = compile_restricted_eval if mode == "eval" else compile_restricted_exec
    result = compiler(source)
    if result.errors:
        raise ExpressionRejected("Запрещено в выражении: " + "; ".join(result.errors), source=source)
    return result.code


@lru_cache(maxsize=4096)
def _checked(source: str, mode: str):
    check_code(source, mode)
    return _compile(source, mode)


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates in task data plus whitelisted functions; scripts write back into task data."""

    def __init__(self, functions: Mapping[str, Callable] | None = None):
        super().__init__({**SAFE_TYPES, **(functions or {})})

    def evaluate(self, expression, context, external_context=None):
        scope = {**GUARDS, **self.globals, **(external_context or {}), **context}
        return eval(_checked(expression.strip(), "eval"), scope)  # noqa: S307 - restricted bytecode

    def execute(self, script, context, external_context=None):
        external_context = external_context or {}
        shadowed = (set(self.globals) | set(external_context)) & set(context)
        if shadowed:
            raise ExpressionRejected("Данные задачи скрывают функции движка", fields=sorted(shadowed))
        scope = {**GUARDS, **self.globals, **external_context, **context}
        exec(_checked(script, "exec"), scope)  # noqa: S102 - restricted bytecode
        for key in list(context):
            if key not in scope:
                del context[key]
        hidden = set(GUARDS) | set(self.globals) | set(external_context)
        context.update({k: v for k, v in scope.items() if k not in hidden and not callable(v)})
        return True

    def call_service(self, context, **kwargs):
        raise ExpressionRejected("Сервисные задачи выполняются воркером, а не в выражениях")


class RegScriptEngine(PythonScriptEngine):
    """Script engine whose per-task functions (`due`) know the task they run for."""

    def __init__(self, environment: RestrictedEnvironment, task_functions: Callable | None = None):
        super().__init__(environment=environment)
        self.task_functions = task_functions

    def validate(self, expression):
        check_code(expression, "eval")

    def evaluate(self, task, expression, external_context=None):
        return super().evaluate(task, expression, self._with_task(task, external_context))

    def execute(self, task, script, external_context=None):
        return super().execute(task, script, self._with_task(task, external_context))

    def _with_task(self, task, external_context):
        if self.task_functions is None:
            return external_context
        return {**self.task_functions(task), **(external_context or {})}


def deep_copy_data(data: dict) -> dict:
    return copy.deepcopy(data)
