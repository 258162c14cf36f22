"""CSV bank profiles: YAML data describing one bank export each (placeholder until the bank-formats issue)."""

from __future__ import annotations

from pathlib import Path

from arsync.bankfiles.base import BankFormat
from arsync.errors import ConfigError


def load_profile_file(path: Path) -> BankFormat:
    """Load one YAML CSV profile from ``path``."""
    raise ConfigError("CSV bank profiles are not supported yet", path=path)
