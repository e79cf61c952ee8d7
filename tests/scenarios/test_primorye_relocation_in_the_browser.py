"""The relocation regulation in real headless Chromium, on the days of acceptance scenario S01.

A specialist of the Vladivostok CZN takes the application in the browser (and fixes the СНИЛС the
form refused), sees the employer-approval step with its statutory term and clause, and the
director signs the grant order in the browser. The stretches in between (matching, the employer,
the contract and referral, deregistration, the FS documents) are done over the REST API by the
scenario driver, as in tests/scenarios/test_primorye_relocation.py. A specialist of the Nakhodka
CZN cannot open the case, in the pages or in the API.
"""

from __future__ import annotations

import base64
import re

import payloads as p
import pytest
from office import Case, at, local
from playwright.sync_api import expect
from relocation import (
    choose_options,
    contract_and_referral,
    contract_drafted_and_invited,
    employer_approves,
    fs_documents_arrive,
    letter_arrives,
)
from workspace import screenshot, sign_in

from api.web.formatting import local_moment

pytestmark = pytest.mark.browser

KEY = "ПР-2026-0201"
RELOCATION = "Содействие в переезде и переселении для трудоустройства (Приморский край)"
EXPENSES = [
    p.expense("travel", "3500.50", "Билеты Владивосток — Находка"),
    p.expense("housing_rent", "15000.00", "Договор найма"),
]


def test_a_relocation_case_goes_from_the_intake_form_to_the_directors_signature_of_the_grant_order(
    open_browser, office, outside
):
    office.on(2026, 3, 10, 10)
    specialist = open_browser()
    sign_in(specialist, "specialist")
    case = _start_relocation(specialist, office)
    _accept_application_fixing_the_snils(specialist)
    office.work()

    choose_options(case, "2026-03-10")
    _the_specialist_sees_the_employer_approval_term(specialist, case)

    employer_approves(case, "2026-03-12")
    letter_arrives(case, "2026-03-18", "2026-04-01", "2026-06-30")
    contract_drafted_and_invited(case, "2026-03-18", "2026-03-20")
    contract_and_referral(case, "2026-03-20")
    case.do("deregister_after_referral", p.deregistration("2026-04-01"))
    fs_documents_arrive(case, "2026-07-06")
    case.do("check_fs_documents", p.fs_check("2026-07-06", "2026-04-01", EXPENSES))

    _the_director_signs_the_grant_order(open_browser(), case)
    assert case.walked("accept_application", "check_fs_documents", "sign_grant_order")
    assert case.ready() == ["acquaint_grant"]
    assert [t["data"]["signed_on"] for t in _completions(case, "sign_grant_order")] == ["2026-07-06"]
    case.do("acquaint_grant", p.acquaintance("2026-07-06", "in_person"))
    grant = outside.recorded("3.3.1.9 fs_grant_order")  # recorded once the citizen has signed for it
    assert grant["order_date"] == "2026-07-06" and grant["amount"] == "18500.50"
    assert local(case.documents()["grant_order"]["created_at"]).date().isoformat() == "2026-07-06"

    _a_specialist_of_another_office_is_kept_out(open_browser(), case)


def _completions(case: Case, element_id: str) -> list[dict]:
    return [
        {"actor": e["actor"], "data": e["data"]["submitted"]}
        for e in case.history()
        if e["action"] == "task.completed" and e["element_id"] == element_id
    ]


def _start_relocation(page, office) -> Case:
    page.get_by_role("link", name="Новое дело").click()
    page.get_by_role("link", name=RELOCATION).click()
    page.locator("#business_key").fill(KEY)
    page.locator("#f-channel").select_option("in_person")
    page.locator("#f-variant").select_option("move")
    page.get_by_role("button", name="Начать дело").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Принять заявление и документы, сличить данные")
    instance_id = int(re.search(r"/cases/(\d+)", page.locator(".case-summary a").get_attribute("href")).group(1))
    return Case(office, instance_id, KEY)


def _accept_application_fixing_the_snils(page) -> None:
    fill_application(page, snils="112-233-445 96")  # the control number does not add up
    page.get_by_role("button", name="Выполнить задачу").click()
    expect(page.locator("#error-summary")).to_contain_text("СНИЛС")
    expect(page.locator("#f-snils-error")).to_contain_text("Неверный СНИЛС")
    expect(page.locator("#f-applicant_name")).to_have_value("Иванова Мария Петровна")  # nothing typed is lost
    expect(page.locator("#diagram")).to_have_attribute("data-ready", "true")  # the current step highlighted
    screenshot(page, "task-form.png")

    page.locator("#f-snils").fill("112-233-445 95")
    page.get_by_role("button", name="Выполнить задачу").click()
    expect(page.locator(".notice-success")).to_contain_text("выполнена")
    expect(page.locator(".timeline")).to_contain_text("Выполнена задача «Принять заявление и документы")


def fill_application(page, snils: str) -> None:
    """The application of the relocation intake (App. 1), in person, variant V1 (move)."""
    page.locator("#f-applicant_name").fill("Иванова Мария Петровна")
    page.locator("#f-snils").fill(snils)
    page.locator("#f-birth_date").fill("1985-04-12")
    page.locator("#f-variant").select_option("move")
    page.locator("#f-application_basis").select_option("application")
    page.locator("#f-citizenship").select_option("ru")
    page.locator("#f-identity_document-kind").select_option("passport_ru")
    page.locator("#f-identity_document-number").fill("0505 123456")
    page.locator("#f-identity_document-issued_by").fill("УМВД России по Приморскому краю")
    page.locator("#f-identity_document-issued_on").fill("2010-05-01")
    for answer in ("application_presented-yes", "identity_document_presented-yes", "recognised_unemployed-yes"):
        page.locator(f"#f-{answer}").check()
    for answer in ("is_disabled-no", "ipra_presented-no"):
        page.locator(f"#f-{answer}").check()
    page.locator("#f-contacts-email").fill(p.EMAIL)
    page.locator("#f-preferred_notification").select_option("email")


def _the_specialist_sees_the_employer_approval_term(page, case: Case) -> None:
    """3.3.1.4: the employer answers within 10 working days of the options chosen on Tue 10 Mar."""
    due = case.due_of("record_employer_decision")
    assert due == at(2026, 3, 24, 18)
    page.goto(f"/cases/{case.id}")
    open_tasks = page.locator(".open-tasks")
    expect(open_tasks).to_contain_text("Согласовать кандидатуру с работодателем")
    expect(open_tasks).to_contain_text(local_moment(due, "RU-PRI"))
    expect(open_tasks).to_contain_text("п. 3.3.1.4")
    expect(page.locator(".deadlines")).to_contain_text("Идёт")

    page.goto("/inbox")
    row = page.locator("tr", has_text=KEY)
    expect(row).to_contain_text("Согласовать кандидатуру с работодателем")
    expect(row).to_contain_text(local_moment(due, "RU-PRI"))


def _the_director_signs_the_grant_order(page, case: Case) -> None:
    sign_in(page, "director")
    page.locator("tr", has_text=KEY).get_by_role(
        "link", name="Подписать приказ об оказании финансовой поддержки"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Подписать приказ об оказании финансовой поддержки")
    page.get_by_role("button", name="Выполнить задачу").click()  # unsigned: the form says what is missing
    expect(page.locator("#f-signed_on-error")).to_contain_text("Обязательное поле")
    page.locator("#f-signature_confirmed").check()
    page.locator("#f-signatory_role").select_option("director")
    page.locator("#f-signed_on").fill("2026-07-06")
    page.get_by_role("button", name="Выполнить задачу").click()
    expect(page.locator(".notice-success")).to_contain_text("Подписать приказ об оказании финансовой поддержки")

    page.goto(f"/cases/{case.id}")
    expect(page.locator(".timeline")).to_contain_text("Выполнена задача «Подписать приказ")
    order = page.locator(".documents a", has_text="Приказ")
    expect(order).to_be_visible()
    pdf = page.request.get(order.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")


def _a_specialist_of_another_office_is_kept_out(page, case: Case) -> None:
    sign_in(page, "nakhodka_specialist")
    expect(page.locator("tr", has_text=KEY)).to_have_count(0)  # nothing of Vladivostok in the inbox
    [task] = case.open_tasks()
    for url in (f"/cases/{case.id}", f"/tasks/{task['id']}"):
        response = page.goto(url)
        assert response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("Нет доступа")
        expect(page.locator("main")).to_contain_text("Дело другого центра занятости")
    # the API, as an outside client signs in (HTTP Basic): the same rules as the pages
    basic = {"Authorization": "Basic " + base64.b64encode(b"nakhodka_specialist:nakhodka_specialist").decode()}
    for url in (f"/api/v1/instances/{case.id}", f"/api/v1/tasks/{task['id']}"):
        answer = page.request.get(url, headers=basic)
        assert answer.status == 403 and answer.json()["code"] == "forbidden"
    refused = page.request.post(f"/api/v1/tasks/{task['id']}/complete", headers=basic, data={"data": {}})
    assert refused.status == 403 and refused.json()["code"] == "forbidden"
    assert case.ready() == [task["element_id"]]  # nothing changed
