"""Configuration: validation, interpolation, errors that name the key and the line, init and check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from arsync.config import AppConfig, parse_config, starter_config
from arsync.errors import ConfigError
from arsync.exitcodes import ExitCode
from tests.conftest import RunArsync


def test_a_misspelt_key_names_the_key_and_line_and_exits_78(run_arsync: RunArsync, tmp_path: Path) -> None:
    (tmp_path / "arsync.yaml").write_text("version: 1\nstate:\n  ulr: sqlite:///x.db\n")
    result = run_arsync("check", "--offline")
    assert result.returncode == ExitCode.CONFIG == 78
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "arsync.yaml:3" in lines[0]
    assert "state.ulr" in lines[0]
    assert "did you mean 'url'" in lines[0]


def test_a_missing_environment_variable_names_it_and_exits_78(run_arsync: RunArsync, tmp_path: Path) -> None:
    (tmp_path / "arsync.yaml").write_text("state:\n  url: ${ARSYNC_TEST_UNSET_DB_URL}\n")
    result = run_arsync("check", "--offline")
    assert result.returncode == 78
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "ARSYNC_TEST_UNSET_DB_URL" in message
    assert "arsync.yaml:2" in message
    assert "state.url" in message


def test_environment_defaults_and_escapes() -> None:
    config = parse_config(
        "state:\n  url: ${DB_URL:-sqlite:///default.db}\nlog:\n  format: ${FMT}\n", env={"FMT": "json"}
    )
    assert config.state.url == "sqlite:///default.db"
    assert config.log.format == "json"
    escaped = parse_config("state:\n  url: $${NOT_A_VAR}\n", env={})
    assert escaped.state.url == "${NOT_A_VAR}"


def test_duplicate_keys_are_errors() -> None:
    with pytest.raises(ConfigError, match=r"x.yaml:3: log: duplicate key"):
        parse_config("log:\n  format: text\nlog:\n  format: json\n", source=Path("x.yaml"))


def test_a_bad_value_names_the_key_and_line() -> None:
    with pytest.raises(ConfigError, match=r"x.yaml:2: log.format: Input should be 'text' or 'json'"):
        parse_config("log:\n  format: xml\n", source=Path("x.yaml"))


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(ConfigError, match=r"x.yaml:2: not valid YAML"):
        parse_config("log:\n  format: [text\n", source=Path("x.yaml"))


class _FakeSettings(BaseModel):
    model_config = {"extra": "forbid"}
    realm_id: str
    page_size: int = 1000


def test_connector_settings_errors_name_the_connector_key_and_line() -> None:
    config = parse_config("connectors:\n  books:\n    type: quickbooks\n    relam_id: '1'\n", source=Path("c.yaml"))
    with pytest.raises(ConfigError) as raised:
        config.connector_settings("books", _FakeSettings)
    assert raised.value.exit_code == 78
    assert "c.yaml:4: connectors.books.relam_id: unknown key" in str(raised.value)


def test_connector_settings_validate() -> None:
    config = parse_config("connectors:\n  books:\n    type: quickbooks\n    realm_id: '42'\n    page_size: 7\n")
    settings = config.connector_settings("books", _FakeSettings)
    assert settings.realm_id == "42"
    assert settings.page_size == 7


def test_init_writes_a_config_that_check_accepts(run_arsync: RunArsync, tmp_path: Path) -> None:
    assert run_arsync("init").returncode == 0
    assert (tmp_path / "arsync.yaml").exists()
    again = run_arsync("init")
    assert again.returncode == 2
    assert "already exists" in again.stderr
    check = run_arsync("check", "--offline")
    assert check.returncode == 0, check.stderr


def test_check_without_a_config_says_how_to_make_one(run_arsync: RunArsync) -> None:
    result = run_arsync("check")
    assert result.returncode == 78
    assert "arsync init" in result.stderr


def _option_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths: list[str] = []
    for name, field in model.model_fields.items():
        paths.append(prefix + name)
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += _option_paths(annotation, prefix + name + ".")
    return paths


def test_the_example_config_documents_every_option() -> None:
    example = starter_config()
    parse_config(example)  # it is valid
    keys = set(re.findall(r"^\s*#?\s*([A-Za-z_][A-Za-z0-9_]*):", example, flags=re.MULTILINE))
    missing = [path for path in _option_paths(AppConfig) if path.rsplit(".", 1)[-1] not in keys]
    assert not missing, f"config.example.yaml does not document: {missing}"


def test_the_repository_example_is_the_packaged_starter() -> None:
    root = Path(__file__).resolve().parents[1]
    assert (root / "config.example.yaml").read_text() == starter_config()


def test_an_fx_rate_with_a_bad_date_names_the_key() -> None:
    text = "matching:\n  fx_rates:\n    - {base: EUR, quote: USD, rate: '1.08', date: 2026-13-01}\n"
    with pytest.raises(ConfigError, match=r"c.yaml:\d+: matching.fx_rates.0.date: .*not an ISO date"):
        parse_config(text, source=Path("c.yaml"))
