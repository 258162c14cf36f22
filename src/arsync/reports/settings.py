"""Settings for aging and reports (the reports: section); placeholder until its issue fills it in."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ReportSettings(BaseModel):
    """Settings for aging and reports (the reports: section)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
