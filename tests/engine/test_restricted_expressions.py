"""Diagram code runs restricted: no imports, no open/eval/exec, no dunder access."""

from __future__ import annotations

import pytest

from engine.bpmn.scripting import RestrictedEnvironment, check_code
from engine.errors import ExpressionRejected

FORBIDDEN = [
    "__import__('os').system('id')",
    "import os",
    "from os import path",
    "open('/etc/passwd').read()",
    "eval('1+1')",
    "exec('x = 1')",
    "().__class__.__bases__[0].__subclasses__()",
    "decision.__class__",
    "getattr(decision, '__class__')",
    "[c for c in ().__class__.__mro__]",
]


@pytest.mark.parametrize("source", FORBIDDEN)
def test_restricted_check_rejects_forbidden_code(source):
    with pytest.raises(ExpressionRejected):
        check_code(source, "exec")


@pytest.mark.parametrize("source", FORBIDDEN)
def test_forbidden_code_fails_at_run_time_too(source):
    environment = RestrictedEnvironment()
    with pytest.raises(ExpressionRejected):
        environment.execute(source, {"decision": "grant"})


def test_ordinary_conditions_and_scripts_still_work():
    environment = RestrictedEnvironment({"double": lambda x: 2 * x})
    assert environment.evaluate("decision == 'grant' and double(n) == 4", {"decision": "grant", "n": 2})
    data = {"lines": [{"amount": 1}, {"amount": 2}]}
    environment.execute("total = 0\nfor line in lines:\n    total += line['amount']", data)
    assert data["total"] == 3


def test_a_script_cannot_overwrite_an_engine_function_through_task_data():
    environment = RestrictedEnvironment({"due": lambda term: term})
    with pytest.raises(ExpressionRejected):
        environment.execute("x = 1", {"due": "tomorrow"})
