"""Every plugin hook is documented in docs/plugins.md (as datasette does)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from arsync import hookspecs

DOCS = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
HOOKS = [name for name, obj in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(obj, "arsync_spec")]


def test_there_are_hooks_to_document() -> None:
    assert "register_connectors" in HOOKS


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_section_in_the_plugin_docs(hook: str) -> None:
    headings = re.findall(r"^###? `?(\w+)\(", DOCS.read_text(), flags=re.MULTILINE)
    assert hook in headings, f"docs/plugins.md has no section for {hook}"


def test_the_docs_describe_no_hook_that_does_not_exist() -> None:
    headings = re.findall(r"^### `?(register_\w+)\(", DOCS.read_text(), flags=re.MULTILINE)
    assert set(headings) <= set(HOOKS)
