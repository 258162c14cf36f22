"""Secrets never reach the logs; JSON logs are one object per line."""

from __future__ import annotations

import json
import logging

import pytest

from arsync.logs import redact, register_secret, setup_logging


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl", "eyJhbGciOiJSUzI1NiJ9"),
        ("POST /token refresh_token=AB11234567890xyz&grant_type=refresh_token", "AB11234567890xyz"),
        ('{"client_secret": "s3cr3t-value-42", "x": 1}', "s3cr3t-value-42"),
        ("postgresql://arsync:hunter2pass@db.example.com/arsync", "hunter2pass"),
        ("smtp password=Pa55word! rejected", "Pa55word!"),
    ],
)
def test_secret_shapes_are_masked(text: str, secret: str) -> None:
    assert secret not in redact(text)
    assert "***" in redact(text)


def test_registered_secret_values_are_masked_anywhere() -> None:
    register_secret("opaque-refresh-QWERTY-123")
    assert "opaque-refresh-QWERTY-123" not in redact("token rotated to opaque-refresh-QWERTY-123 at 10:00")


def test_log_records_and_their_exceptions_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("json", logging.DEBUG)
    register_secret("xoxb-super-secret-777")
    log = logging.getLogger("arsync.test")
    try:
        raise RuntimeError("refresh failed for token xoxb-super-secret-777")
    except RuntimeError:
        log.exception("call failed with %s", "client_secret=abc123def456")
    lines = capsys.readouterr().err.strip().splitlines()
    document = json.loads(lines[-1])
    assert document["level"] == "error"
    assert "xoxb-super-secret-777" not in lines[-1]
    assert "abc123def456" not in lines[-1]
    assert "RuntimeError" in document["exception"]
