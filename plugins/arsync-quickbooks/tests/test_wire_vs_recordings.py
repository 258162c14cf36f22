"""The sandbox's envelopes, status codes and fault bodies have the shape of recorded real QBO traffic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from arsync_quickbooks.sandbox import QuickBooksSandbox


def _recorded(shared_data: Path, name: str, index: int = -1) -> tuple[int, dict[str, Any]]:
    path = shared_data / "qbo" / "cassettes" / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    interaction = yaml.safe_load(path.read_text(encoding="utf-8"))["http_interactions"][index]
    response = interaction["response"]
    return int(response["status"]["code"]), json.loads(response["body"]["string"])


def _live(
    box: QuickBooksSandbox,
    method: str,
    tail: str,
    body: str | None = None,
    content_type: str = "application/json",
    token: str | None = None,
) -> requests.Response:
    info = box.info
    assert info is not None
    if token is None:
        grant = requests.post(
            f"{info.base_url}/oauth2/v1/tokens/bearer",
            data={"grant_type": "refresh_token", "refresh_token": info.refresh_token},
            auth=(info.client_id, info.client_secret),
            timeout=5,
        ).json()
        token = grant["access_token"]
        object.__setattr__(info, "refresh_token", grant["refresh_token"])
    return requests.request(
        method,
        f"{info.base_url}/v3/company/{info.tenant}/{tail}",
        data=body,
        timeout=5,
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type, "Accept": "application/json"},
    )


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def test_created_invoice_envelope_matches_the_recording(shared_data: Path, sandbox: QuickBooksSandbox) -> None:
    status, recorded = _recorded(shared_data, "create_invoice.yml")
    body = json.dumps(
        {
            "Line": [
                {
                    "Amount": 100.0,
                    "DetailType": "SalesItemLineDetail",
                    "SalesItemLineDetail": {"ItemRef": {"value": "1", "name": "Services"}},
                }
            ],
            "CustomerRef": {"value": "1"},
        }
    )
    live = _live(sandbox, "POST", "invoice?minorversion=75", body)
    ours = live.json()
    assert live.status_code == status
    assert set(ours) == set(recorded) == {"Invoice", "time"}
    missing = set(recorded["Invoice"]) - set(ours["Invoice"]) - {"CustomField", "BillAddr", "ShipAddr"}
    assert not missing
    for key in ("Id", "SyncToken", "DocNumber", "TxnDate", "DueDate"):
        assert type(ours["Invoice"][key]) is type(recorded["Invoice"][key])
    assert _shape(ours["Invoice"]["Line"][-1]) == _shape(recorded["Invoice"]["Line"][-1])
    assert _shape(ours["Invoice"]["MetaData"]) == _shape(recorded["Invoice"]["MetaData"])
    assert isinstance(ours["Invoice"]["TotalAmt"], float) and isinstance(ours["Invoice"]["Balance"], float)


def test_duplicate_name_fault_matches_the_recording(shared_data: Path, sandbox: QuickBooksSandbox) -> None:
    status, recorded = _recorded(shared_data, "validation.yml")
    name = sandbox.company.objects["Customer"]["1"]["DisplayName"]
    live = _live(sandbox, "POST", "customer?minorversion=75", json.dumps({"DisplayName": name}))
    assert live.status_code == status == 400
    ours = live.json()
    assert ours["Fault"]["type"] == recorded["Fault"]["type"]
    assert ours["Fault"]["Error"][0]["code"] == recorded["Fault"]["Error"][0]["code"] == "6240"
    assert ours["Fault"]["Error"][0]["Message"] == recorded["Fault"]["Error"][0]["Message"]


def test_expired_token_401_matches_the_recording(shared_data: Path, sandbox: QuickBooksSandbox) -> None:
    status, recorded = _recorded(shared_data, "401.yml")
    live = _live(sandbox, "GET", "customer/1?minorversion=75", token="expired-token")
    assert live.status_code == status == 401
    ours = live.json()
    assert set(ours) == set(recorded)
    assert ours["fault"]["error"][0]["code"] == recorded["fault"]["error"][0]["code"]
    assert ours["fault"]["error"][0]["message"] == recorded["fault"]["error"][0]["message"]


def test_count_and_paged_query_envelopes_match_the_recording(shared_data: Path, sandbox: QuickBooksSandbox) -> None:
    _, count = _recorded(shared_data, "vendors_by_5.yml", 0)
    _, page = _recorded(shared_data, "vendors_by_5.yml", 1)
    ours_count = _live(sandbox, "POST", "query", "SELECT COUNT(*) FROM Customer", "application/text").json()
    assert set(ours_count["QueryResponse"]) == set(count["QueryResponse"]) == {"totalCount"}
    ours_page = _live(
        sandbox, "POST", "query", "SELECT * FROM Customer MAXRESULTS 5 STARTPOSITION 6", "application/text"
    ).json()
    assert set(ours_page["QueryResponse"]) - {"Customer"} == set(page["QueryResponse"]) - {"Vendor"}
    assert ours_page["QueryResponse"]["startPosition"] == 6 and ours_page["QueryResponse"]["maxResults"] == 5


def test_deleted_invoice_answer_matches_the_recording(shared_data: Path, sandbox: QuickBooksSandbox) -> None:
    _, recorded = _recorded(shared_data, "delete_invoice.yml")
    invoice = sandbox.company.objects["Invoice"]["3"]
    live = _live(
        sandbox, "POST", "invoice?operation=delete", json.dumps({"Id": "3", "SyncToken": invoice["SyncToken"]})
    )
    assert set(live.json()["Invoice"]) == set(recorded["Invoice"]) == {"domain", "status", "Id"}


def test_batch_faults_match_the_recording(shared_data: Path, sandbox: QuickBooksSandbox) -> None:
    _, recorded = _recorded(shared_data, "batch_basic.yml")
    faults = [item for item in recorded["BatchItemResponse"] if "Fault" in item]
    items = [{"bId": "bid1", "operation": "delete", "Invoice": {"Id": "99999", "SyncToken": "0"}}]
    ours = _live(sandbox, "POST", "batch", json.dumps({"BatchItemRequest": items})).json()
    [item] = ours["BatchItemResponse"]
    assert set(item) == set(faults[0])
    assert set(item["Fault"]["Error"][0]) == set(faults[0]["Fault"]["Error"][0])
