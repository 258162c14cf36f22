"""Fixtures for the Xero plugin: a started sandbox, connectors and raw xero-python clients talking to it,
and an oracle that checks captured responses against Xero's OpenAPI spec and xero-python's deserializer."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import urllib3
from arsync_xero.connector import XeroConnector
from arsync_xero.sandbox import XeroSandbox, XeroSandboxConfig
from arsync_xero.settings import XeroSettings
from xero_python import rest
from xero_python.accounting import AccountingApi
from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.deserializer import deserialize
from xero_python.api_client.oauth2 import OAuth2Token, TokenApi

MS_DATE = re.compile(r"^/Date\(-?\d+([+-]\d{4})?\)/$")
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


@pytest.fixture
def sandbox() -> Iterator[XeroSandbox]:
    box = XeroSandbox(seed="demo")
    box.start()
    yield box
    box.stop()


def settings_for(box: XeroSandbox, token_dir: Path, **overrides: Any) -> XeroSettings:
    info = box.info
    fields: dict[str, Any] = {
        "tenant_id": info.tenant,
        "client_id": info.client_id,
        "client_secret": info.client_secret,
        "refresh_token": info.refresh_token,
        "base_url": info.base_url,
        "identity_url": info.base_url,
        "token_dir": token_dir,
        "retry_max_wait": 0.05,
        "timeout_seconds": 5,
    }
    fields.update(overrides)
    return XeroSettings(**fields)


@pytest.fixture(name="settings_for")
def settings_for_fixture() -> Callable[..., XeroSettings]:
    return settings_for


@pytest.fixture
def make_connector(sandbox: XeroSandbox, tmp_path: Path) -> Iterator[Callable[..., XeroConnector]]:
    made: list[XeroConnector] = []

    def make(**overrides: Any) -> XeroConnector:
        connector = XeroConnector("books", settings_for(sandbox, tmp_path / "tokens", **overrides))
        made.append(connector)
        return connector

    yield make
    for connector in made:
        connector.close()


class RawClient:
    """The unmodified xero-python client wired to the sandbox as the reference describes."""

    def __init__(self, box: XeroSandbox) -> None:
        info = box.info
        self.info = info
        self.token: dict[str, Any] = {}
        config = Configuration()
        config.oauth2_token = OAuth2Token(client_id=info.client_id, client_secret=info.client_secret)
        self.api_client = ApiClient(
            config, pool_threads=1, oauth2_token_getter=lambda: self.token, oauth2_token_saver=self.token.update
        )
        self.api_client.rest_client.pool_manager.connection_pool_kw["retries"] = urllib3.Retry(
            total=0, respect_retry_after_header=False, raise_on_status=False
        )
        self.token_api = TokenApi(self.api_client, info.client_id, info.client_secret)
        self.token_api.refresh_token_url = info.base_url + "/connect/token"
        self.api = AccountingApi(self.api_client, base_url=info.base_url + "/api.xro/2.0")
        self.refresh_token = info.refresh_token

    def refresh(self) -> dict[str, Any]:
        new = self.token_api.refresh_token(self.refresh_token, ["offline_access", "accounting.transactions"])
        self.refresh_token = new["refresh_token"]
        new["scope"] = new["scope"].split()
        new["expires_at"] = time.time() + new["expires_in"]
        self.token.clear()
        self.token.update({k: new[k] for k in ("access_token", "scope", "expires_in", "token_type", "expires_at")})
        return new


@pytest.fixture
def raw(sandbox: XeroSandbox) -> RawClient:
    client = RawClient(sandbox)
    client.refresh()
    return client


# --- the OpenAPI oracle ----------------------------------------------------------------------------


class SpecOracle:
    """Validates JSON against the spec's component schemas (the subset of JSON Schema the spec uses)."""

    def __init__(self, spec: dict[str, Any], routes: list[tuple[str, re.Pattern[str], str]]) -> None:
        self.schemas: dict[str, Any] = spec["components"]["schemas"]
        self.routes = routes

    def errors(self, value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
        if "$ref" in schema:
            return self.errors(value, self.schemas[schema["$ref"].rsplit("/", 1)[1]], path)
        out: list[str] = []
        kind = schema.get("type")
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "number": lambda v: isinstance(v, (int, Decimal)) and not isinstance(v, bool),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "boolean": lambda v: isinstance(v, bool),
        }
        if value is None:
            return [f"{path}: null (Xero omits absent fields)"]
        if kind in checks and not checks[kind](value):
            return [f"{path}: {value!r} is not of type {kind}"]
        if "enum" in schema and value not in schema["enum"]:
            out.append(f"{path}: {value!r} not in enum")
        if isinstance(value, str):
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                out.append(f"{path}: longer than {schema['maxLength']}")
            if schema.get("format") == "uuid" and not GUID.match(value):
                out.append(f"{path}: {value!r} is not a uuid")
            if (schema.get("x-is-msdate") or schema.get("x-is-msdate-time")) and not MS_DATE.match(value):
                out.append(f"{path}: {value!r} is not a /Date(ms)/ date")
        if isinstance(value, dict):
            for name in schema.get("required", []):
                if name not in value:
                    out.append(f"{path}: missing required {name}")
            for name, sub in (schema.get("properties") or {}).items():
                if name in value:
                    out.extend(self.errors(value[name], sub, f"{path}.{name}"))
        if isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value):
                out.extend(self.errors(item, schema["items"], f"{path}[{i}]"))
        return out

    def response_type(self, method: str, path: str) -> str | None:
        for verb, pattern, response_type in self.routes:
            if verb == method and pattern.match(path):
                return response_type
        return None

    def check(self, method: str, url: str, status: int, body: bytes) -> tuple[str, list[str]]:
        """Validate one captured accounting response; returns its type and the problems found."""
        path = url.split("/api.xro/2.0", 1)[1].split("?", 1)[0]
        response_type = self.response_type(method, path)
        assert response_type is not None, f"no SDK route for {method} {path}"
        document = json.loads(body, parse_float=Decimal)
        schema_name = "Error" if status == 400 else response_type
        problems = self.errors(document, {"$ref": f"#/components/schemas/{schema_name}"})
        if status == 200:
            deserialize(response_type, document, AccountingApi().get_model_finder())
        return response_type, problems


@pytest.fixture(scope="session")
def oracle(shared_data: Path) -> SpecOracle:
    import yaml

    folder = shared_data / "xero"
    if not (folder / "xero_accounting.yaml").exists():
        pytest.skip("shared/data/xero is absent")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(folder / "xero_accounting.yaml", encoding="utf-8") as handle:
        spec = json.loads(json.dumps(yaml.load(handle, Loader=loader), default=str))
    routes = []
    lines = (folder / "sdk_routes.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        _, verb, route, response_type, *_ = line.split("\t")
        if response_type == "None":
            continue
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", route) + "$", re.I)
        routes.append((verb, pattern, response_type))
    # literal routes before templated ones, so /Payments/{id} does not swallow a sub-resource
    routes.sort(key=lambda r: r[1].pattern.count("[^/]+"))
    return SpecOracle(spec, routes)


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int, bytes]]:
    """Every accounting response the process receives during the test: (method, url, status, body)."""
    seen: list[tuple[str, str, int, bytes]] = []
    original = rest.RESTClientObject.request

    def request(self: Any, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        try:
            response = original(self, method, url, *args, **kwargs)
        except rest.HTTPStatusException as exc:
            if "/api.xro/2.0" in url and exc.http_resp is not None:
                seen.append((method, url, exc.status, exc.http_resp.data))
            raise
        if "/api.xro/2.0" in url and response.data:
            seen.append((method, url, response.status, response.data))
        return response

    monkeypatch.setattr(rest.RESTClientObject, "request", request)
    return seen


@pytest.fixture
def tiny_limits() -> Callable[..., XeroSandbox]:
    started: list[XeroSandbox] = []

    def make(**limits: Any) -> XeroSandbox:
        from arsync_xero.sandbox import RateLimits

        box = XeroSandbox(seed="demo", config=XeroSandboxConfig(limits=RateLimits(**limits)))
        box.start()
        started.append(box)
        return box

    yield make  # type: ignore[misc]
    for box in started:
        box.stop()
