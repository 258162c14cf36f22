"""Shared fixtures for the core tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

RunArsync = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_arsync(tmp_path: Path) -> RunArsync:
    """Run the real ``arsync`` command in a subprocess (cwd = tmp_path, clean plugin env)."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        environment = {
            k: v for k, v in os.environ.items() if not k.startswith("ARSYNC_") or k == "ARSYNC_TEST_POSTGRES_URL"
        }
        environment["ARSYNC_STATE_URL"] = f"sqlite:///{tmp_path / 'state.db'}"
        environment.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "arsync", *args],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env=environment,
            timeout=120,
            check=False,
        )

    return run
