"""Settings for cash application (the matching: section); placeholder until its issue fills it in."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class MatchingSettings(BaseModel):
    """Settings for cash application (the matching: section)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
