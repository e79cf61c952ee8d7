"""`reglament demo relocation`: the S01 move case from the application to the Treasury's statement,
against the sandbox, on a travelling clock; its timeline is what the command prints."""

from __future__ import annotations

from engine import clock as clock_module
from reglament.demo_cases import run_named_demo


def test_relocation_demo_prints_the_case_to_the_treasury_statement_with_every_deadline(settings, db, deployed, clock):
    # `reglament demo relocation` deploys bpmn/ first (reglament/demo.py), then runs this
    timeline = list(run_named_demo(settings, db, "relocation"))
    text = "\n".join(timeline)

    assert clock_module.current() is clock  # the demo's clock is gone, the caller's is back
    assert any("← казначейство: выписка из лицевого счёта" in line and "18 500,50 руб." in line for line in timeline)
    assert "Чт 09.07.2026" in next(line for line in timeline if "выписка из лицевого счёта" in line)
    for clause, due in [
        ("3.3.1.4, 3.3.2.4", "Вт 24.03.2026 18:00"),  # employer approval
        ("3.3.1.5, 3.3.2.5", "Чт 26.03.2026 18:00"),  # guarantee letter (and the invitation, Mon 23 Mar)
        ("3.3.1.6, 3.3.2.6", "Чт 19.03.2026 18:00"),  # contract draft
        ("3.3.1.7", "Пн 23.03.2026 18:00"),  # deregistration
        ("2.6.2, 3.3.1.8", "Чт 10.12.2026 23:59"),  # the applicant's documents
        ("3.3.1.10", "Пн 20.07.2026 18:00"),  # the transfer
    ]:
        assert any(f"п. {clause}" in line and due in line and "met" in line for line in timeline), clause
    assert "снятие с регистрационного учёта с 2026-03-31" in text
    assert "→ казначейство: заявка на кассовый расход № 501, 18 500,50 руб. — accepted" in text
    assert timeline[-1] == "Итог: дело completed; казначейство исполнило платежей: 1, на сумму 18 500,50 руб."
