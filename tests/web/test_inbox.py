"""The inbox in the browser: due marks in words and colour, counts, search, filters and claiming."""

from __future__ import annotations

from datetime import timedelta

import pytest
from inbox_cases import register_case
from playwright.sync_api import expect
from sqlalchemy import select
from workspace import screenshot, sign_in

from engine.instances import claims
from engine.persistence.models import TaskRecord

pytestmark = pytest.mark.browser
RELOCATION = "Содействие в переезде и переселении для трудоустройства (Приморский край)"


@pytest.fixture
def office_day(services, deployed, staff, clock):
    """A working day at the Vladivostok office: one review overdue, one due today, one later,
    a fresh application claimed by the specialist, and a case of Nakhodka nobody here sees."""
    clock.move_to(clock.now() - timedelta(days=7))
    register_case(services, "Иванова Мария Петровна", "112-233-445 95", "ЗАЯВ-2026-017")
    clock.move_to(clock.now() + timedelta(days=7))
    due_today = register_case(services, "Сидоров Алексей Игоревич", "123-456-789 64", "ЗАЯВ-2026-031")
    clock.move_to(due_today - timedelta(hours=3))
    register_case(services, "Ким Ольга Витальевна", "087-654-321 02", "ЗАЯВ-2026-044")
    fresh = register_case(services, None, None, "ЗАЯВ-2026-045")
    register_case(services, "Соколов Дмитрий Олегович", "112-233-445 95", "НАХ-2026-003", office="nakhodka")
    with services.db.transaction() as session:
        task_id = session.scalar(select(TaskRecord.id).filter_by(instance_id=fresh, state="ready"))
        claims.claim(session, task_id, "specialist")


def test_the_inbox_marks_overdue_and_due_today_in_words_and_counts_them(open_browser, office_day):
    page = open_browser()
    sign_in(page, "specialist")

    rows = page.locator("table.tasks tbody tr")
    expect(rows).to_have_count(4)  # Nakhodka's case is not here
    expect(page.locator(".tab-overdue .count")).to_have_text("1")
    expect(page.locator(".tab-today .count")).to_have_text("1")
    expect(page.locator(".tab-mine .count")).to_have_text("1")
    expect(rows.nth(0)).to_contain_text("Просрочено")  # sorted by due moment: the lapsed one first
    expect(rows.nth(0)).to_contain_text("Иванова Мария Петровна")
    expect(rows.nth(1)).to_contain_text("Срок сегодня")
    expect(rows.nth(1)).to_contain_text("п. 2.4")
    expect(rows.nth(3)).to_contain_text("без срока")
    screenshot(page, "inbox.png")

    page.get_by_label("Заявитель: ФИО или СНИЛС").fill("сидоров")
    page.get_by_role("button", name="Показать").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Сидоров Алексей Игоревич")
    page.get_by_label("Заявитель: ФИО или СНИЛС").fill("087-654")
    page.get_by_role("button", name="Показать").click()
    expect(rows.first).to_contain_text("Ким Ольга Витальевна")

    page.goto("/inbox?step=register_application")
    expect(rows).to_have_count(1)
    page.goto("/inbox")
    page.get_by_role("link", name="Просрочены").click()
    expect(rows).to_have_count(1)
    rows.first.get_by_role("button", name="Взять в работу").click()
    expect(page.locator(".notice-success")).to_contain_text("взята в работу")
    expect(page.locator(".tab-mine .count")).to_have_text("2")


def test_a_director_sees_no_specialist_tasks(open_browser, office_day):
    page = open_browser()
    sign_in(page, "director")
    expect(page.locator(".empty")).to_contain_text("Задач нет")


def test_a_claimed_task_goes_back_to_the_common_queue_and_the_inbox_filters_by_regulation(
    open_browser, office_day, services
):
    services.instances.start(
        "primorye_relocation", {"variant": "move", "channel": "in_person"}, "specialist", office="vladivostok"
    )
    page = open_browser()
    sign_in(page, "specialist")
    rows = page.locator("table.tasks tbody tr")
    expect(rows).to_have_count(5)

    page.get_by_label("Регламент").select_option(label=RELOCATION)
    page.get_by_role("button", name="Показать").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Принять заявление и документы, сличить данные")

    page.goto("/inbox")
    page.get_by_role("link", name="Мои").click()
    expect(rows).to_have_count(1)
    rows.first.locator("a", has_text="Зарегистрировать заявление").click()
    page.get_by_role("button", name="Вернуть в общую очередь").click()
    expect(page.locator(".notice-success")).to_contain_text("Задача возвращена в общую очередь")
    page.goto("/inbox")
    expect(page.locator(".tab-mine .count")).to_have_text("0")
    expect(page.locator(".tab-unclaimed .count")).to_have_text("5")


def test_the_inbox_is_usable_from_the_keyboard_and_in_english(open_browser, office_day):
    page = open_browser()
    sign_in(page, "specialist")
    page.keyboard.press("Tab")  # the first stop skips the menu
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Начать дело")).to_be_focused()  # the first control of the content
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Новое дело")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/inbox")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    expect(page.locator("table.tasks tbody tr").first).to_contain_text("Overdue")
