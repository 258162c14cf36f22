"""Settings for aging and reports (the ``reports:`` section of the config)."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["ReportSettings"]


class ReportSettings(BaseModel):
    """Settings for ``arsync aging``, ``metrics``, ``statements`` and ``report`` (the ``reports:`` section)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    buckets: tuple[int, ...] = Field(
        default=(30, 60, 90),
        description=(
            "upper bounds in days of the overdue buckets after Current; (30, 60, 90) gives "
            "current, 1-30, 31-60, 61-90 and over-90"
        ),
    )
    age_by: Literal["due", "invoice"] = Field(
        default="due", description="age by the due date (QBO, Xero default) or by the invoice date"
    )
    method: Literal["report-date", "current"] = Field(
        default="report-date",
        description=(
            "report-date: rebuild what was open on the as-of date from the documents (payments and credits "
            "dated later are ignored); current: today's balances"
        ),
    )
    report_date_in_current: bool = Field(
        default=True, description="an invoice due on the as-of date counts as Current (Xero's option)"
    )
    ledger: str | None = Field(
        default=None, description="default --ledger SOURCE: a configured connector name or an open-invoice file"
    )
    dso_months: int = Field(default=3, ge=1, le=24, description="months of sales for simple DSO and the DSO average")
    cei_months: int = Field(default=3, ge=1, le=24, description="N: the months of the CEI period, printed with it")
    trend_months: int = Field(default=6, ge=2, le=24, description="month-ends shown in the HTML report's DSO trend")
    at_risk_days: int = Field(default=90, ge=1, description="days past due from which an invoice is 'at risk'")
    statement_payment_days: int = Field(
        default=90, ge=0, description="customer statements list payments received in the last N days"
    )
    company_name: str = Field(default="", description="shown at the top of statements and reports")

    @model_validator(mode="after")
    def _ascending(self) -> Self:
        if not self.buckets or any(b <= 0 for b in self.buckets) or list(self.buckets) != sorted(set(self.buckets)):
            raise ValueError(
                f"buckets must be ascending positive day counts such as [30, 60, 90], not {list(self.buckets)}"
            )
        return self

    def bucket_labels(self) -> list[str]:
        """``current``, then one label per bucket (``1-30``, ``31-60``, ...), then ``over-<last>``."""
        labels = ["current"]
        low = 1
        for high in self.buckets:
            labels.append(f"{low}-{high}")
            low = high + 1
        labels.append(f"over-{self.buckets[-1]}")
        return labels
