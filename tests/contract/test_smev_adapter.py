from __future__ import annotations

import pytest

from worker.adapters.errors import AdapterRequestInvalid, PermanentAdapterError, TransientAdapterError
from worker.adapters.smev import SmevAdapter, SmevAnswer

WITH_IPRA = "112-233-445 95"  # the emulator's МСЭ knows this person
WITHOUT_IPRA = "123-456-789 64"


@pytest.fixture
def smev(sandbox_settings):
    adapter = SmevAdapter.from_settings(sandbox_settings)
    yield adapter
    adapter.close()


def test_ipra_answer_arrives_as_an_smev_answer_message(smev, message_receiver):
    request_id = smev.send_request("ipra_by_snils", {"snils": WITH_IPRA}, idempotency_key="case-1:ipra")

    [delivered] = message_receiver.wait_for(lambda body: body["correlation_key"] == "case-1:ipra")
    message = delivered["json"]
    assert message["name"] == "smev_answer"
    answer = SmevAnswer.from_json(message["payload"])
    assert answer.request_id == request_id
    assert answer.status == "answer"
    assert "работа с документами" in answer.data["recommended_work"]


def test_answer_can_be_polled_once_mse_replied(smev, message_receiver):
    request_id = smev.send_request("ipra_by_snils", {"snils": WITH_IPRA}, idempotency_key="case-1:ipra")
    message_receiver.wait_for(lambda body: body["correlation_key"] == "case-1:ipra")

    answer = smev.get_answer(request_id)

    assert answer.ready
    assert answer.data["ipra_number"] == "1234.5.77/2026"


def test_answer_is_pending_until_mse_replies(smev, admin):
    admin.configure("smev", callback_delay_seconds=60)
    request_id = smev.send_request("ipra_by_snils", {"snils": WITH_IPRA}, idempotency_key="case-1:ipra")

    assert smev.get_answer(request_id).status == "pending"


def test_person_unknown_to_mse_gets_a_no_data_answer(smev, message_receiver):
    request_id = smev.send_request("ipra_by_snils", {"snils": WITHOUT_IPRA}, idempotency_key="case-1:ipra")
    message_receiver.wait_for(lambda body: body["correlation_key"] == "case-1:ipra")

    answer = smev.get_answer(request_id)

    assert answer.status == "no-data"
    assert answer.data == {}


def test_accompaniment_recommendation_is_answered_from_the_ipra(smev, message_receiver):
    smev.send_request(
        "accompaniment_recommendation", {"snils": WITH_IPRA}, idempotency_key="case-1:mse-2", correlation_key="c-1"
    )

    [delivered] = message_receiver.wait_for(lambda body: body["correlation_key"] == "c-1")
    assert delivered["json"]["payload"]["data"]["accompaniment_recommended"] is True


def test_same_key_sends_one_request(smev, admin):
    first = smev.send_request("ipra_by_snils", {"snils": WITH_IPRA}, idempotency_key="case-1:ipra")
    again = smev.send_request("ipra_by_snils", {"snils": WITH_IPRA}, idempotency_key="case-1:ipra")

    assert again == first


def test_unknown_kind_is_refused_before_sending(smev, admin):
    with pytest.raises(AdapterRequestInvalid):
        smev.send_request("passport_by_snils", {"snils": WITH_IPRA}, idempotency_key="case-1:ipra")

    assert admin.get("smev", "/_sandbox/received") == []


def test_unknown_request_id_is_a_permanent_error(smev):
    with pytest.raises(PermanentAdapterError) as caught:
        smev.get_answer("SMEV-missing")

    assert caught.value.status == 404


def test_gateway_failure_is_a_transient_error(smev, admin):
    admin.configure("smev", force_status=502, force_count=1)

    with pytest.raises(TransientAdapterError):
        smev.send_request("ipra_by_snils", {"snils": WITH_IPRA}, idempotency_key="case-1:ipra")
