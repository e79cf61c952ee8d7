from __future__ import annotations

from datetime import date

import pytest

from worker.adapters.errors import AdapterRequestInvalid, PermanentAdapterError, TransientAdapterError
from worker.adapters.register import Person, ProcedureResult, RegisterAdapter

IVANOVA = Person(
    snils="112-233-445 95",
    last_name="Иванова",
    first_name="Мария",
    middle_name="Петровна",
    birth_date=date(1988, 5, 14),
    email="Ivanova@example.ru",
)


@pytest.fixture
def register(sandbox_settings):
    adapter = RegisterAdapter.from_settings(sandbox_settings)
    yield adapter
    adapter.close()


def test_first_visit_opens_a_personal_file_and_the_next_finds_it(register):
    opened = register.find_or_create_file(IVANOVA, idempotency_key="case-1:open-file")
    found = register.find_or_create_file(IVANOVA, idempotency_key="case-2:open-file")

    assert opened.created
    assert not found.created
    assert found.file_id == opened.file_id


def test_register_keys_files_by_the_eleven_digits_of_snils(register, admin):
    register.find_or_create_file(IVANOVA, idempotency_key="case-1:open-file")

    [kept] = admin.get("register", "/_sandbox/files")
    assert kept["snils"] == "11223344595"


def test_snils_of_another_person_is_refused_permanently(register):
    register.find_or_create_file(IVANOVA, idempotency_key="case-1:open-file")
    impostor = Person(snils=IVANOVA.snils, last_name="Петров", first_name="Пётр", birth_date=date(1990, 1, 1))

    with pytest.raises(PermanentAdapterError) as caught:
        register.find_or_create_file(impostor, idempotency_key="case-2:open-file")

    assert caught.value.status == 409
    assert caught.value.body["code"] == "snils-data-mismatch"


def test_procedure_result_is_recorded_in_the_personal_file(register, admin):
    opened = register.find_or_create_file(IVANOVA, idempotency_key="case-1:open-file")
    result = ProcedureResult(opened.file_id, "P16", {"amount": "45000.10", "order": "ФП-15"}, date(2026, 3, 10))

    entry = register.record_result(result, idempotency_key="case-1:record-P16")

    [kept] = admin.get("register", "/_sandbox/files")
    assert entry.file_id == opened.file_id
    assert kept["entries"][0]["procedure_code"] == "P16"
    assert kept["entries"][0]["result"] == {"amount": "45000.10", "order": "ФП-15"}
    assert kept["entries"][0]["result_date"] == "2026-03-10"


def test_repeated_recording_with_the_same_key_writes_one_entry(register, admin):
    opened = register.find_or_create_file(IVANOVA, idempotency_key="case-1:open-file")
    result = ProcedureResult(opened.file_id, "P3", {"decision": "granted"})

    first = register.record_result(result, idempotency_key="case-1:record-P3")
    again = register.record_result(result, idempotency_key="case-1:record-P3")

    assert again == first
    assert len(admin.get("register", "/_sandbox/files")[0]["entries"]) == 1


def test_result_for_an_unknown_file_is_a_permanent_error(register):
    with pytest.raises(PermanentAdapterError) as caught:
        register.record_result(ProcedureResult("LD-missing", "P1"), idempotency_key="case-1:record-P1")

    assert caught.value.status == 404


def test_deregistration_is_recorded_with_its_effective_date(register, admin):
    opened = register.find_or_create_file(IVANOVA, idempotency_key="case-1:open-file")

    register.deregister(opened.file_id, date(2026, 3, 20), "трудоустройство", idempotency_key="case-1:deregister")

    assert admin.get("register", "/_sandbox/files")[0]["deregistered"] == "2026-03-20"


def test_second_deregistration_on_other_grounds_is_refused(register):
    opened = register.find_or_create_file(IVANOVA, idempotency_key="case-1:open-file")
    register.deregister(opened.file_id, date(2026, 3, 20), "трудоустройство", idempotency_key="case-1:deregister")

    with pytest.raises(PermanentAdapterError) as caught:
        register.deregister(opened.file_id, date(2026, 3, 21), "переезд", idempotency_key="case-2:deregister")

    assert caught.value.body["code"] == "already-deregistered"


def test_deregistration_again_on_the_same_grounds_corrects_the_effective_date(register, admin):
    opened = register.find_or_create_file(IVANOVA, idempotency_key="case-1:open-file")
    register.deregister(opened.file_id, date(2026, 3, 31), "трудоустройство", idempotency_key="case-1:deregister")

    register.deregister(opened.file_id, date(2026, 4, 1), "трудоустройство", idempotency_key="case-1:correct")

    [file] = admin.get("register", "/_sandbox/files")
    assert file["deregistered"] == "2026-04-01"
    assert [(e["effective_date"], e.get("corrects")) for e in file["entries"]] == [
        ("2026-03-31", None),
        ("2026-04-01", "2026-03-31"),
    ]


def test_email_sender_with_a_personal_file_is_recognised(register):
    register.find_or_create_file(IVANOVA, idempotency_key="case-1:open-file")

    assert register.is_registered_sender("ivanova@example.ru ")
    assert not register.is_registered_sender("stranger@example.ru")


def test_malformed_snils_is_refused_before_sending():
    with pytest.raises(AdapterRequestInvalid):
        Person(snils="112-233-445", last_name="Иванова", first_name="Мария", birth_date=date(1988, 5, 14))


def test_unavailable_register_is_a_transient_error(register, admin):
    admin.configure("register", force_status=503, force_count=1)

    with pytest.raises(TransientAdapterError):
        register.is_registered_sender("ivanova@example.ru")
