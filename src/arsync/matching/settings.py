"""Settings for cash application: the ``matching:`` section of the config.

Every field has a default that suits a small or mid-size AR team; the weights are log2 likelihood
ratios (Fellegi-Sunter), so +1 means "twice as likely to be the right invoice". The defaults were
calibrated on ``arsync bench match`` so that auto decisions keep precision >= 99.5%.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from arsync.matching.normalize import names_someone
from arsync.matching.services import service_key


class FxRate(BaseModel):
    """An exchange rate: 1 unit of ``base`` buys ``rate`` units of ``quote`` on ``date`` (or any date)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base: str = Field(description="ISO 4217 code of the currency being priced, e.g. EUR.")
    quote: str = Field(description="ISO 4217 code the price is expressed in, e.g. USD.")
    rate: Decimal = Field(gt=0, description="Units of quote per unit of base, as a decimal string.")
    date: str | None = Field(default=None, description="ISO date the rate applies from; none means always.")

    @field_validator("rate", mode="before")
    @classmethod
    def _no_float(cls, value: object) -> object:
        if isinstance(value, float):
            raise ValueError("write the rate as a quoted decimal string, e.g. '1.0842', not a float")
        return value

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                raise ValueError(f"date {value!r} is not an ISO date such as 2026-11-02") from None
        return value


class MatchingSettings(BaseModel):
    """Settings for cash application (the ``matching:`` section)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    auto_threshold: float = Field(
        default=11.0,
        description="Minimum total score (sum of log2 weights) for an unattended `auto` application.",
    )
    auto_margin: float = Field(
        default=4.0,
        description="Minimum lead of the best proposal over the runner-up for `auto`; closer means `suggest`.",
    )
    suggest_threshold: float = Field(
        default=4.0, description="Minimum score to propose a `suggest` decision; below it the line is `unmatched`."
    )
    max_alternatives: int = Field(default=3, ge=0, description="Runners-up listed with a suggestion.")
    write_off_tolerance_abs: Decimal = Field(
        default=Decimal("25.00"),
        description="Largest short payment (in the invoice currency) treated as a fee/discount to write off.",
    )
    write_off_tolerance_pct: Decimal = Field(
        default=Decimal("2.5"),
        description="Largest short payment as a percent of the invoices' open amount; both limits must hold.",
    )
    discount_max_pct: Decimal = Field(
        default=Decimal(0),
        ge=0,
        lt=100,
        description=(
            "Largest cash discount (Skonto, 2/10 net 30), in percent of the open amount, a payer may take when its"
            " remittance says so; the shortfall it explains is then proposed as a write-off. 0: a stated discount"
            " is reported, never written off."
        ),
    )
    discount_days: int = Field(
        default=14,
        ge=0,
        description="A stated cash discount is earned when paid within this many days of the invoice date.",
    )
    fx_tolerance_pct: Decimal = Field(
        default=Decimal("1.5"),
        description="Largest difference, in percent, between a converted foreign payment and the open amount.",
    )
    fx_rates: tuple[FxRate, ...] = Field(
        default=(),
        description=(
            "Exchange rates, next to the ledger's own (its foreign documents' rates): a payment is converted "
            "at the latest rate dated on or before its date; on one date these win over the ledger's, and an "
            "undated one is used only when nothing dated applies."
        ),
    )
    tie_break: Literal["none", "stripe"] = Field(
        default="none",
        description=(
            "What to do when several invoice groups fit a payment exactly: `none` suggests them all; "
            "`stripe` auto-applies fewest invoices, then most invoices, then oldest (opt-in policy)."
        ),
    )
    subset_max_items: int = Field(
        default=6, ge=1, le=12, description="Most invoices one payment may be applied to by subset search."
    )
    subset_max_candidates: int = Field(
        default=40, ge=2, le=200, description="Most open items of one customer searched for an exact combination."
    )
    subset_max_solutions: int = Field(
        default=4, ge=2, description="Stop enumerating exact combinations after this many (ambiguity is known)."
    )
    fuzzy_name_cutoff: float = Field(
        default=86.0, ge=0, le=100, description="Lowest rapidfuzz score (0-100) at which a payer name names a party."
    )
    fuzzy_name_margin: float = Field(
        default=6.0, ge=0, description="Abstain when the two best parties' name scores are closer than this."
    )
    date_window_days: int = Field(
        default=180, ge=1, description="Invoices due more than this many days before the payment weigh less."
    )
    early_days: int = Field(default=7, ge=0, description="A payment may arrive this many days before the invoice date.")
    conflict_rounds: int = Field(
        default=3, ge=0, description="Passes that re-decide lines after stronger matches consumed their invoices."
    )
    payment_services: tuple[str, ...] = Field(
        default=(),
        description=(
            "More payment services that pay for many businesses under their own name and from their own "
            "account (a local payables platform, a marketplace's payouts), beside the built-in list "
            "(Bill.com, AvidXchange, Stripe...): as the payer they identify no customer and are never learned."
        ),
    )
    assignment_max_component: int = Field(
        default=60, ge=2, description="Largest group of competing lines solved by optimal assignment."
    )

    @field_validator("payment_services")
    @classmethod
    def _services_have_names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for name in value:
            if not names_someone(name) or not service_key(name):
                raise ValueError(
                    f"{name!r} is no name once bank words and legal forms are dropped; write the service's own name"
                )
        return value
