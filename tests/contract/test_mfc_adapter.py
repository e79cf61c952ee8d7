from __future__ import annotations

from datetime import date

import pytest

from worker.adapters.errors import PermanentAdapterError
from worker.adapters.mfc import CasePackage, MfcAdapter


@pytest.fixture
def mfc(sandbox_settings):
    adapter = MfcAdapter.from_settings(sandbox_settings)
    yield adapter
    adapter.close()


def test_packages_registered_at_the_mfc_wait_for_the_czn(mfc, admin):
    admin.post("mfc", "/_sandbox/packages", {"package_id": "MFC-0001"})

    [package] = mfc.waiting_packages()

    assert package.package_id == "MFC-0001"
    assert [document.title for document in package.documents] == ["Заявление", "Расписка в приёме документов"]
    assert package.registered_at.tzinfo is not None


def test_confirmed_package_leaves_the_waiting_list(mfc, admin):
    admin.post("mfc", "/_sandbox/packages", {"package_id": "MFC-0001"})

    confirmation = mfc.confirm_receipt(
        "MFC-0001", idempotency_key="case-1:mfc-receipt", registration_number="ЦЗН-77", registered_on=date(2026, 3, 3)
    )

    assert confirmation.status == "received"
    assert mfc.waiting_packages() == []
    assert mfc.get_package("MFC-0001").status == "received"


def test_confirming_twice_returns_the_first_confirmation(mfc, admin):
    admin.post("mfc", "/_sandbox/packages", {"package_id": "MFC-0001"})

    first = mfc.confirm_receipt("MFC-0001", idempotency_key="case-1:mfc-receipt")
    again = mfc.confirm_receipt("MFC-0001", idempotency_key="case-1:mfc-receipt-retry")

    assert again == first


def test_pushed_package_reads_as_a_case_package(admin, message_receiver):
    admin.post("mfc", "/_sandbox/packages", {"package_id": "MFC-0002", "push_url": f"{message_receiver.url}/mfc"})

    [pushed] = message_receiver.wait_for(lambda body: body.get("package_id") == "MFC-0002")

    package = CasePackage.from_json(pushed["json"])
    assert package.applicant["snils"] == "11223344595"


def test_receipt_for_an_unknown_package_is_a_permanent_error(mfc):
    with pytest.raises(PermanentAdapterError) as caught:
        mfc.confirm_receipt("MFC-missing", idempotency_key="case-1:mfc-receipt")

    assert caught.value.status == 404
