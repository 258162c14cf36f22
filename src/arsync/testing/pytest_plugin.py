"""pytest plugin (entry point ``pytest11``): fixtures for testing arsync connectors and parsers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _shared_data() -> Path | None:
    explicit = os.environ.get("ARSYNC_SHARED_DATA")
    candidates = [Path(explicit)] if explicit else []
    here = Path.cwd().resolve()
    candidates += [parent / "shared" / "data" for parent in (here, *here.parents)]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the repository (or ``$ARSYNC_SHARED_DATA``); skips the test when absent."""
    path = _shared_data()
    if path is None:
        pytest.skip("../shared/data is absent")
    return path
