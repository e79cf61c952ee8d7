"""Staff in the browser on the demo regulation: a specialist registers an application and sees the
next step's term with its clause, the director acts on the lapsed term, and a colleague of
another office cannot open the case. Real headless Chromium, real pages. The relocation
regulation in the browser (intake to the director's signature of the grant order) is
tests/scenarios/test_primorye_relocation_in_the_browser.py.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from workspace import sign_in

from api.web.formatting import local_moment
from engine.persistence.models import TaskRecord
from worker.factory import build_worker

pytestmark = pytest.mark.browser

DEMO = "Демонстрационное заявление"
DIRECTOR_STEP = ("demo_application", "escalate_to_director", "Срок рассмотрения нарушен: принять меры")


def _open_tasks(db, instance_id: int) -> list[TaskRecord]:
    with db.transaction() as session:
        return list(session.scalars(select(TaskRecord).filter_by(instance_id=instance_id, state="ready")))


def _instance_id(page) -> int:
    return int(re.search(r"/cases/(\d+)", page.url).group(1))


def _start(page, regulation: str) -> None:
    page.get_by_role("link", name="Новое дело").click()
    page.get_by_role("link", name=regulation).click()


def test_the_next_task_shows_its_due_moment_and_clause_and_the_director_acts_when_it_lapses(
    open_browser, deployed, staff, db, clock, sandbox, settings
):
    specialist = open_browser()
    sign_in(specialist, "specialist")
    _start(specialist, DEMO)
    specialist.get_by_role("button", name="Начать дело").click()
    specialist.locator("#f-applicant_name").fill("Сидоров Алексей Игоревич")
    specialist.locator("#f-snils").fill("123-456-789 00")
    specialist.get_by_role("button", name="Выполнить задачу").click()
    expect(specialist.locator("#f-snils-error")).to_be_visible()
    specialist.locator("#f-snils").fill("123-456-789 64")
    specialist.get_by_role("button", name="Выполнить задачу").click()

    instance_id = _instance_id(specialist)
    [review] = _open_tasks(db, instance_id)
    open_tasks = specialist.locator("section", has=specialist.get_by_role("heading", name="Текущие задачи"))
    expect(open_tasks).to_contain_text("Рассмотреть заявление")
    expect(open_tasks).to_contain_text(local_moment(review.due_at, "RU-PRI"))
    expect(open_tasks).to_contain_text("п. 2.4")
    expect(specialist.locator(".deadlines")).to_contain_text("Идёт")

    clock.move_to(review.due_at + timedelta(minutes=1))
    sandbox.reset()
    build_worker(sandbox.settings(settings), db, worker_id="browser-test").run_until_idle()
    process_key, element_id, title = DIRECTOR_STEP
    assert element_id in {t.element_id for t in _open_tasks(db, instance_id)}

    director = open_browser()
    sign_in(director, "director")
    expect(director.locator(".tasks")).to_contain_text("Сидоров Алексей Игоревич")
    director.get_by_role("link", name=title).click()
    expect(director.locator(".deadlines")).to_contain_text("Нарушен")
    director.get_by_role("button", name="Выполнить задачу").click()
    expect(director.locator("#f-measures-error")).to_contain_text("Обязательное поле")
    director.locator("#f-measures").fill("Рассмотрение поручено специалисту Петровой А. С. на сегодня")
    director.get_by_role("button", name="Выполнить задачу").click()
    expect(director.locator(".notice-success")).to_contain_text(title)
    assert element_id not in {t.element_id for t in _open_tasks(db, instance_id)}
    expect(director.locator(".timeline")).to_contain_text("Орлов Виктор Николаевич")


def test_a_specialist_of_another_office_cannot_open_the_case_in_pages_or_api(open_browser, deployed, staff, db):
    owner = open_browser()
    sign_in(owner, "specialist")
    _start(owner, DEMO)
    owner.get_by_role("button", name="Начать дело").click()
    task_url = owner.url
    [task] = _open_tasks(db, _case_of(db, task_url))

    stranger = open_browser()
    sign_in(stranger, "nakhodka_specialist")
    expect(stranger.locator(".tasks")).to_have_count(0)  # nothing of Vladivostok in the inbox
    for url in (f"/cases/{task.instance_id}", f"/tasks/{task.id}"):
        response = stranger.goto(url)
        assert response.status == 403
        expect(stranger.get_by_role("heading", level=1)).to_have_text("Нет доступа")
        expect(stranger.locator("main")).to_contain_text("Дело другого центра занятости")
    for url in (f"/api/v1/instances/{task.instance_id}", f"/api/v1/tasks/{task.id}"):
        answer = stranger.request.get(url)
        assert answer.status == 403 and answer.json()["code"] == "forbidden"
    refused = stranger.request.post(f"/api/v1/tasks/{task.id}/complete", data={"data": {}})
    assert refused.status in (400, 403)  # no CSRF header from a session: refused before the rules even run


def _case_of(db, task_url: str) -> int:
    task_id = task_url.rstrip("/").rsplit("/", 1)[-1]
    with db.transaction() as session:
        return session.get(TaskRecord, task_id).instance_id
