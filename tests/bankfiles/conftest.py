"""Helpers for the bank-statement tests: write a small statement of our own and parse it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from arsync.bankfiles.api import StatementBatch, parse_statements
from arsync.plugins import Registry, load_plugins


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The built-in plugins (bank formats and profiles)."""
    return load_plugins()


@pytest.fixture
def statement(tmp_path: Path) -> Callable[..., Path]:
    """Write ``content`` (text, encoded as ``encoding``, or bytes) to a file and return its path."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return write


@pytest.fixture
def parse(registry: Registry) -> Callable[..., StatementBatch]:
    """Parse files with the built-in registry."""

    def run(*paths: Path, profile: str | None = None, skip_bad_rows: bool = False) -> StatementBatch:
        return parse_statements(paths, profile=profile, skip_bad_rows=skip_bad_rows, registry=registry)

    return run
