"""The Primorsky relocation regulation as diagrams: what the regulation demands of their structure.

Reads the deployed specs (bpmn/ deployed into the test database) and the BPMN sources; the
statutory terms and clauses are those of shared/regulations/primorye-relocation.md, section 9.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree
from sqlalchemy import select

from engine.bpmn.serializer import specs_from_json
from engine.definitions.deploy import deploy
from engine.definitions.lint import bpmn_files, lint
from engine.forms.catalog import FormCatalog
from engine.instances.runtime import script_engine
from engine.persistence.models import ProcessDefinition
from engine.settings import ROOT

BPMN = Path(ROOT, "bpmn")
FILES = [
    BPMN / "primorye_relocation.bpmn",
    *sorted((BPMN / "primorye").glob("*.bpmn")),
    *sorted((BPMN / "shared").glob("*.bpmn")),
]
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
PROCESSES = {
    "primorye_relocation",
    "primorye_remote_intake",
    "primorye_acceptance",
    "primorye_matching",
    "primorye_employer_approval",
    "primorye_contract_referral",
    "primorye_deregistration",
    "primorye_financial_support",
    "primorye_payment",
    "primorye_fs_remedy",
    "complaint",
    "typo_correction",
}
LANES = {"specialist", "director", "payments_specialist", "document_clerk", "mfc_worker"}
OPERATIONS = {  # the worker's operations and the parameters each one takes
    "register.find_or_create_file": {"snils", "full_name", "birth_date"},
    "register.record": {"file_id", "procedure", "result"},
    "register.deregister": {"file_id", "effective_date", "reason"},
    "register.check_sender": {"email"},
    "treasury.send_payment": {
        "order_number",
        "order_date",
        "payer_account",
        "recipient_name",
        "recipient_account",
        "recipient_bic",
        "amount",
        "purpose",
        "kbk",
        "correlation_key",
    },
    "smev.request": {"kind", "params", "correlation_key"},
    "notify.send": {"template", "context", "contacts"},
    "mfc.confirm_receipt": {"package_id"},
    "orders.assign_number": {"series"},
    "documents.render": {"template", "context"},
    "cases.start": {"process_key", "business_key", "source_process", "source_business_key", "carry", "expect", "data"},
    "messages.send": {"name", "correlation_key", "payload"},
}
# (clause, term) of every statutory deadline of card section 9 that the regulation text sets
CARD_TERMS = {
    # employer approval (T09), guarantee letter (T10)
    *{("3.3.1.4", "10wd"), ("3.3.2.4", "10wd"), ("3.3.1.5", "10wd"), ("3.3.2.5", "10wd")},
    # invitation (T11, reading A5), contract draft (T12, reading A2), deregistration (T13)
    *{
        ("3.3.1.5", "3d"),
        ("3.3.2.5", "3d"),
        ("3.3.1.6", "1wd"),
        ("3.3.2.6", "1wd"),
        ("3.3.1.7", "1wd"),
        ("3.3.2.7", "1wd"),
    },
    # FS documents: V1 10 December only (T14, reading A6); V2, V4 30 days and 10 December (T15, T16)
    *{("2.6.2", "12-10"), ("2.6.4", "min(30d, 12-10)"), ("2.6.5", "min(30d, 12-10)")},
    # transfer: V1, V2 10 working days; V4 5 working days and the 2.6.5 hard limit (T17-T19, reading A3)
    *{("3.3.1.10", "10wd"), ("3.3.2.11", "10wd"), ("3.3.2.14", "5wd"), ("2.6.5", "10wd")},
    # registration, MFC transfer, visit booking (T04-T06)
    *{("2.11", "1wd"), ("2.2", "1wd"), ("2.16", "1wd")},
    # typo correction (T23, reading A13)
    *{("3.4", "0d"), ("3.4", "5wd"), ("3.4", "6wd")},
    # complaints (T24-T31)
    *{("5.4", "1wd"), ("5.6", "0d"), ("5.6", "15wd"), ("5.6", "5wd"), ("5.6", "1d"), ("5.8", "7d"), ("5.9", "3wd")},
}
DUE_TERM = re.compile(r'due\("([^"]+)"')


@pytest.fixture
def deployed_specs(db, forms, clock):
    with db.transaction() as session:
        deploy(session, BPMN, forms, "analyst")
        rows = session.scalars(select(ProcessDefinition).where(ProcessDefinition.process_key.in_(PROCESSES))).all()
        return {row.process_key: (row.properties, *specs_from_json(row.specs_json)) for row in rows}


@pytest.fixture(scope="module")
def called_specs():
    """The specs the case calls, as lint parses them for deploy (the decision tables included)."""
    diagrams, problems = lint(bpmn_files(BPMN), FormCatalog(Path(ROOT, "forms")))
    assert problems == []
    return diagrams.parser.get_subprocess_specs("primorye_relocation")


@pytest.fixture(scope="module")
def trees():
    return {path.name: etree.parse(str(path)) for path in FILES}


def _all(trees, xpath):
    return [(name, node) for name, tree in trees.items() for node in tree.xpath(xpath, namespaces=NS)]


def _props(node) -> dict[str, str]:
    found = node.xpath("./bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", namespaces=NS)
    return {p.get("name"): p.get("value") for p in found}


def _timers(trees):
    """(file, event element, body text) of every timer."""
    bodies = _all(trees, "//bpmn:timerEventDefinition/*[self::bpmn:timeDate or self::bpmn:timeDuration]")
    return [(name, body.getparent().getparent(), body.text or "") for name, body in bodies]


def test_every_process_of_the_regulation_is_deployed_on_the_primorsky_calendar(deployed_specs):
    assert set(deployed_specs) == PROCESSES
    assert {properties["calendar"] for properties, _, _ in deployed_specs.values()} == {"RU-PRI"}


def test_the_variant_gateway_sends_each_of_the_four_variants_down_exactly_one_path(deployed_specs):
    _, spec, _ = deployed_specs["primorye_relocation"]
    gateway = spec.task_specs["gw_variant"]
    engine = script_engine("RU-PRI")
    for variant in ("move", "reloc_within", "reloc_out", "reloc_into"):
        task = SimpleNamespace(data={"variant": variant})
        taken = [target for condition, target in gateway.cond_task_specs if engine.evaluate(task, condition.args[0])]
        assert len(taken) == 1, variant
    targets = {target for _, target in gateway.cond_task_specs}
    assert targets == {"gw_referral_merge", "find_file_v4"}  # V1-V3 to the referral, V4 straight to FS


def test_every_statutory_timer_names_the_clause_it_comes_from(trees):
    statutory = [(name, event) for name, event, body in _timers(trees) if "due(" in body]
    assert len(statutory) >= 25
    for name, event in statutory:
        assert re.fullmatch(r"\d+(\.\d+)*(, \d+(\.\d+)*)*", _props(event).get("clause", "")), (name, event.get("id"))


def test_every_deadline_of_the_card_is_a_timer_with_its_term_and_clause(trees):
    found = set()
    for _, event, body in _timers(trees):
        clauses = [c.strip() for c in _props(event).get("clause", "").split(",") if c.strip()]
        found |= {(clause, term) for clause in clauses for term in DUE_TERM.findall(body)}
    assert CARD_TERMS <= found, sorted(CARD_TERMS - found)


def test_employer_side_lapses_interrupt_and_other_lapses_escalate_without_stopping_the_step(trees):
    interrupting = {e.get("id") for _, e, body in _timers(trees) if e.get("cancelActivity", "true") == "true"}
    assert {"t_employer_approval", "t_guarantee_letter", "window_v1", "window_v2", "window_v4"} <= interrupting
    caught = {
        node.get("escalationRef")
        for _, node in _all(
            trees, "//bpmn:process[@id='primorye_relocation']/bpmn:boundaryEvent/bpmn:escalationEventDefinition"
        )
    }
    for name, event, body in _timers(trees):
        if "due(" not in body or event.get("id") in interrupting:
            continue
        target = _flow_target(trees[name], event)
        if target.tag == f"{{{NS['bpmn']}}}intermediateThrowEvent":  # raised to the case's director task
            [escalation] = target.xpath("./bpmn:escalationEventDefinition", namespaces=NS)
            assert escalation.get("escalationRef") in caught, (name, event.get("id"))
        else:  # shared processes run on their own: the escalation task is local
            assert target.tag == f"{{{NS['bpmn']}}}userTask", (name, event.get("id"))
            assert _props(target)["form"] == "shared/deadline_escalation"
            assert _lane_of(trees[name], target.get("id")) in {"director", "mfc_worker"}


def _flow_target(tree, node):
    [flow] = tree.xpath("//bpmn:sequenceFlow[@sourceRef=$id]", id=node.get("id"), namespaces=NS)
    [target] = tree.xpath("//*[@id=$id]", id=flow.get("targetRef"))
    return target


def _lane_of(tree, element_id):
    refs = tree.xpath("//bpmn:lane[bpmn:flowNodeRef=$id]", id=element_id, namespaces=NS)
    return refs[0].get("name") if refs else None


def test_every_user_task_sits_in_a_staff_lane_and_names_a_form(trees):
    for name, task in _all(trees, "//bpmn:userTask"):
        assert _lane_of(trees[name], task.get("id")) in LANES, (name, task.get("id"))
        assert _props(task).get("form", "").split("/")[0] in {"relocation", "shared"}, (name, task.get("id"))
    lanes = {lane.get("name") for _, lane in _all(trees, "//bpmn:lane")}
    assert lanes <= LANES and "applicant" not in lanes


def test_every_service_task_calls_a_worker_operation_with_its_parameters(trees):
    for name, operator in _all(trees, "//bpmn:serviceTask/bpmn:extensionElements/spiffworkflow:serviceTaskOperator"):
        operation = operator.get("id")
        params = {p.get("id") for p in operator.xpath(".//spiffworkflow:parameter", namespaces=NS)}
        assert operation in OPERATIONS, (name, operation)
        assert params == OPERATIONS[operation], (name, operator.getparent().getparent().get("id"))


def test_each_procedure_records_its_result_in_the_register(trees):
    record = "//spiffworkflow:serviceTaskOperator[@id='register.record']//spiffworkflow:parameter[@id='procedure']"
    procedures = " ".join(p.get("value") for _, p in _all(trees, record))
    # 3.3.x.1-3.3.x.7 (the prefix 3.3.1 / 3.3.2 follows the variant), 3.3.2.7-3.3.2.12, the orders, the transfer
    steps = ".1 service_decision|.2 informed|.3 register_extract|.4 options_selected|.5 employer_approval"
    steps += "|.5 guarantee_letter_received|.5 contract_invitation|.6 contract_concluded|.7 referral_issued"
    steps += "|.7 employment_recorded| fs_refusal_order| fs_grant_order| fs_transferred"
    for result in [
        *steps.split("|"),
        "3.3.2.7 benefit_suspended",
        "3.3.2.7 benefit_suspension_cancelled",
        "3.3.2.8 fs_not_provided",
        "3.3.2.12 potential_participant",
        "11.4 withdrawal",
    ]:
        assert result in procedures, result
    assert _all(trees, "//spiffworkflow:serviceTaskOperator[@id='register.deregister']")


def test_orders_are_numbered_by_the_ptk_and_signed_by_the_director(trees):
    tree = trees["financial_support.bpmn"]
    for number, sign in (("number_refusal_order", "sign_refusal_order"), ("number_grant_order", "sign_grant_order")):
        [operator] = tree.xpath("//*[@id=$id]//spiffworkflow:serviceTaskOperator", id=number, namespaces=NS)
        assert operator.get("id") == "orders.assign_number"
        render = _flow_target(tree, tree.xpath("//*[@id=$id]", id=number)[0])
        assert _flow_target(tree, render).get("id") == sign
        assert _lane_of(tree, sign) == "director"


def test_messages_from_outside_and_their_correlation(trees):
    names = {m.get("name") for _, m in _all(trees, "//bpmn:message")}
    assert names == {
        "citizen_withdrawal",
        "complaint_received",
        "typo_correction_requested",
        "smev_answer",
        "referral_marked",
        "fs_documents_received",
        "treasury_statement",
        "fs_remedy_completed",
    }
    [statement] = [n for _, n in _all(trees, "//*[@id='wait_statement']")]
    assert _props(statement)["correlationKey"] == "payment_correlation_key"
    [ipra] = [n for _, n in _all(trees, "//*[@id='ipra_response']")]
    assert _props(ipra)["correlationKey"] == '"ipra:" + str(file_id)'


def test_a_satisfied_complaint_against_an_fs_refusal_is_remedied_by_a_case_that_pays_within_5_6(trees):
    complaint, remedy = trees["complaint.bpmn"], trees["fs_remedy.bpmn"]
    [timer] = complaint.xpath("//bpmn:boundaryEvent[@id='t_remedy_fs']", namespaces=NS)
    assert timer.get("attachedToRef") == "fs_remedy" and timer.get("cancelActivity") == "false"
    assert _props(timer)["clause"] == "5.6"
    assert timer.xpath("string(.//bpmn:timeDate)", namespaces=NS) == 'due("5wd", start=complaint_decided_on)'
    [start] = complaint.xpath("//*[@id='start_fs_remedy']//spiffworkflow:serviceTaskOperator", namespaces=NS)
    params = {p.get("id"): p.get("value") for p in start.xpath(".//spiffworkflow:parameter", namespaces=NS)}
    assert start.get("id") == "cases.start" and params["process_key"] == '"primorye_fs_remedy"'
    assert params["expect"] == '{"fs_outcome": "refused"}' and params["business_key"] == "fs_remedy_key"
    [wait] = complaint.xpath("//bpmn:subProcess[@id='fs_remedy']/bpmn:receiveTask", namespaces=NS)
    assert _props(wait)["correlationKey"] == "fs_remedy_key"
    # the remedy case: a numbered order signed by the director, the register, the payment, the report back
    assert _flow_target(remedy, remedy.xpath("//*[@id='number_remedy_grant_order']")[0]).get("id") == (
        "render_remedy_grant_order"
    )
    assert _lane_of(remedy, "sign_remedy_grant_order") == "director"
    [pay] = remedy.xpath("//bpmn:callActivity", namespaces=NS)
    assert pay.get("calledElement") == "primorye_payment"
    [report] = remedy.xpath("//*[@id='report_fs_remedy']//spiffworkflow:serviceTaskOperator", namespaces=NS)
    sent = {p.get("id"): p.get("value") for p in report.xpath(".//spiffworkflow:parameter", namespaces=NS)}
    assert report.get("id") == "messages.send" and sent["correlation_key"] == "fs_remedy_key"
    assert _flow_target(remedy, report.getparent().getparent()).get("id") == "end_fs_remedy"
    assert not remedy.xpath("//bpmn:timerEventDefinition", namespaces=NS)  # the 5.6 term is the complaint's


def test_the_applicant_may_withdraw_at_any_point(trees):
    [start] = trees["primorye_relocation.bpmn"].xpath(
        "//bpmn:process[@id='primorye_relocation']/bpmn:subProcess[@triggeredByEvent='true']/bpmn:startEvent"
        "[bpmn:messageEventDefinition/@messageRef='msg_citizen_withdrawal']",
        namespaces=NS,
    )
    assert start.get("isInterrupting") == "true"


def _decide(called_specs, process, task_spec, data):
    rule = called_specs[process].task_specs[task_spec]
    task = SimpleNamespace(data=dict(data), workflow=SimpleNamespace(script_engine=script_engine("RU-PRI")))
    return rule.dmnEngine.result(task).get(rule.dmnEngine.decision_table.outputs[0].name, [])


FS_CLEAN = {
    "fs_documents_complete": True,
    "fs_documents_late": False,
    "fs_information_false": False,
    "fs_documents_illegible": False,
    "dismissal_reason": "term_expired",
    "employer_paid_travel": False,
    "employer_provided_housing": False,
    "work_not_started": False,
    "relocation_contract_exists": True,
}


@pytest.mark.parametrize(
    ("variant", "changes", "grounds"),
    [
        ("move", {}, []),
        ("move", {"fs_documents_complete": False}, ["RF-A"]),
        ("reloc_within", {"fs_documents_late": True}, ["RF-B"]),
        ("move", {"dismissal_reason": "own_wish"}, ["RF-D"]),  # S09 (a)
        ("move", {"dismissal_reason": "culpable"}, ["RF-E"]),
        ("move", {"dismissal_reason": "transferred_permanent"}, ["RF-ZH"]),  # S09 (c)
        ("move", {"employer_provided_housing": True}, ["RF-Z"]),  # S09 (b)
        ("reloc_into", {"employer_paid_travel": True}, ["RF-I"]),
        ("reloc_within", {"dismissal_reason": "own_wish", "employer_provided_housing": True}, []),  # д, з are for moves
        ("reloc_within", {"work_not_started": True, "fs_information_false": True}, ["RF-V", "RF-K"]),
        ("move", {"relocation_contract_exists": False}, ["RF-NC"]),
        ("reloc_into", {"relocation_contract_exists": False}, []),  # V4 holds the other region's contract
    ],
)
def test_financial_support_refusal_grounds_are_the_codes_of_2_8_3(called_specs, variant, changes, grounds):
    data = {**FS_CLEAN, **changes, "variant": variant, "fs_refusal_grounds": []}
    assert _decide(called_specs, "primorye_financial_support", "decide_fs_grounds", data) == grounds


@pytest.mark.parametrize(
    ("unemployed", "complete", "grounds"),
    [(True, True, []), (False, True, ["RS-1"]), (True, False, ["RS-2"]), (False, False, ["RS-1", "RS-2"])],
)
def test_service_refusal_grounds_are_the_codes_of_2_8_2(called_specs, unemployed, complete, grounds):
    data = {"recognised_unemployed": unemployed, "documents_complete": complete, "service_refusal_grounds": []}
    assert _decide(called_specs, "primorye_acceptance", "decide_service_refusal", data) == grounds
