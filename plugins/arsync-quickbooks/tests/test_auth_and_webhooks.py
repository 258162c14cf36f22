"""``arsync auth quickbooks`` (loopback consent), the plugin wiring, and webhook signatures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from arsync_quickbooks.auth import run_consent_flow
from arsync_quickbooks.connector import QuickBooksConnector
from arsync_quickbooks.sandbox import QuickBooksSandbox
from arsync_quickbooks.settings import QuickBooksSettings
from arsync_quickbooks.webhooks import parse_events, verify_signature
from click.testing import CliRunner

from arsync.cli import cli
from arsync.connectors.tokens import FileTokenStore
from arsync.errors import InputError
from arsync.plugins import load_plugins


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_consent_through_a_loopback_redirect_stores_working_tokens(sandbox: QuickBooksSandbox, tmp_path: Path) -> None:
    info = sandbox.info
    assert info is not None
    store = FileTokenStore(tmp_path)
    result = run_consent_flow(
        client_id=info.client_id,
        client_secret=info.client_secret,
        redirect_uri=f"http://localhost:{_free_port()}/callback",
        environment=f"{info.base_url}/.well-known/openid_configuration/",
        store=store,
        open_url=lambda url: requests.get(url, timeout=5),  # the "browser" follows the consent redirect
        timeout=10,
    )
    assert result["realm_id"] == sandbox.realm_id
    assert (tmp_path / f"quickbooks_{sandbox.realm_id}.json").stat().st_mode & 0o777 == 0o600
    settings = QuickBooksSettings(
        realm_id=sandbox.realm_id,
        client_id=info.client_id,
        client_secret=info.client_secret,
        base_url=info.base_url,
        token_dir=tmp_path,
    )
    QuickBooksConnector("qbo", settings).check()  # no refresh token in settings: the stored ones are used


def test_plugin_registers_connector_sandbox_and_auth_command() -> None:
    registry = load_plugins(fresh=True)
    assert registry.connector("quickbooks") is QuickBooksConnector
    assert registry.sandbox("quickbooks") is QuickBooksSandbox
    result = CliRunner().invoke(cli, ["auth", "quickbooks", "--help"])
    assert result.exit_code == 0, result.output
    assert "--redirect-uri" in result.output


def test_sandbox_serve_prints_connection_json_first() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "arsync", "sandbox", "serve", "quickbooks", "--seed", "empty"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        assert set(info) >= {"base_url", "realm_id", "client_id", "client_secret", "refresh_token"}
        discovery = requests.get(f"{info['base_url']}/.well-known/openid_configuration/", timeout=5).json()
        assert discovery["token_endpoint"].startswith(info["base_url"])
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_webhook_signature_is_hmac_sha256_of_the_raw_body() -> None:
    body = json.dumps(
        {
            "eventNotifications": [
                {
                    "realmId": "1185883450",
                    "dataChangeEvent": {
                        "entities": [
                            {
                                "name": "Customer",
                                "id": "1",
                                "operation": "Create",
                                "lastUpdated": "2015-10-05T14:42:19-0700",
                            }
                        ]
                    },
                }
            ]
        }
    ).encode()
    signature = base64.b64encode(hmac.new(b"verifier", body, hashlib.sha256).digest()).decode()
    assert verify_signature(body, signature, "verifier")
    assert not verify_signature(body + b" ", signature, "verifier")
    assert not verify_signature(body, "not base64!", "verifier")
    assert not verify_signature(body, None, "verifier")
    [event] = parse_events(body)
    assert (event.realm_id, event.entity, event.id, event.operation) == ("1185883450", "Customer", "1", "Create")


def test_cloudevents_payloads_parse_too() -> None:
    body = json.dumps(
        [
            {
                "specversion": "1.0",
                "type": "qbo.invoice.updated.v1",
                "intuitentityid": "130",
                "intuitaccountid": "310687",
                "time": "2025-09-10T21:31:25.179Z",
                "data": {},
            }
        ]
    ).encode()
    [event] = parse_events(body)
    assert (event.realm_id, event.entity, event.id, event.operation) == ("310687", "Invoice", "130", "Updated")
    with pytest.raises(InputError):
        parse_events(b"not json")
