"""Settings for dunning (the collections: section); placeholder until its issue fills it in."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CollectionsSettings(BaseModel):
    """Settings for dunning (the collections: section)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
