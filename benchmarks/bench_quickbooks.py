"""QuickBooks connector benchmark: API calls per record, batching, and a rate-limited 10,000-payment run.

Runs the real connector against the loopback sandbox with QBO's throttling limits switched on
(500 requests/min per realm, 40 batch requests/min, 10 concurrent). ``--time-scale K`` shrinks "a
minute" to 60/K seconds on both sides (sandbox limiter and connector pacing) so the big run finishes in
minutes; the real-time equivalent is reported too.

    .venv/bin/python benchmarks/bench_quickbooks.py                 # 10,000 payments, time scale 30
    .venv/bin/python benchmarks/bench_quickbooks.py --payments 600 --time-scale 60   # quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from arsync_quickbooks.sandbox import QuickBooksSandbox, ThrottleLimits
from arsync_quickbooks.testing import connector_factory

from arsync.models import Action, ActionKind, Allocation, Money, Payment

STREAMS = ("customers", "invoices", "payments", "credit_notes", "deposits", "accounts", "items")


def _seed(box: QuickBooksSandbox, customers: int, invoices: int) -> list[tuple[str, str]]:
    """``invoices`` open invoices of 100.00 over ``customers`` customers; returns (invoice id, customer id)."""
    company = box.company
    saved = company.clock
    company.clock = lambda: dt.datetime.now(dt.UTC) - dt.timedelta(days=2)  # seeded before the measured run
    try:
        ids = [company.create("Customer", {"DisplayName": f"Bench Customer {n:05d}"})["Id"] for n in range(customers)]
        out = []
        for n in range(invoices):
            customer = ids[n % customers]
            line = {
                "Amount": "100.00",
                "DetailType": "SalesItemLineDetail",
                "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
            }
            created = company.create(
                "Invoice",
                {
                    "CustomerRef": {"value": customer},
                    "Line": [line],
                    "TxnDate": "2026-10-01",
                    "DocNumber": f"B-{n:06d}",
                },
            )
            out.append((created["Id"], customer))
        return out
    finally:
        company.clock = saved


def _payments(pairs: list[tuple[str, str]], day: dt.date) -> list[Action]:
    actions = []
    for invoice_id, customer_id in pairs:
        amount = Money(Decimal("100.00"), "USD")
        payment = Payment.build(
            id=f"bench-{invoice_id}",
            date=day,
            amount=amount,
            customer_id=customer_id,
            allocations=[Allocation(invoice_id=invoice_id, amount=amount)],
        )
        actions.append(
            Action(
                kind=ActionKind.APPLY_PAYMENT,
                connector="qbo",
                idempotency_key=f"bench:pay:{invoice_id}",
                record=payment,
            )
        )
    return actions


def _calls(box: QuickBooksSandbox, prefix: str) -> int:
    return sum(v for k, v in box.request_counts().items() if k.startswith(prefix))


def reads(size: int) -> dict[str, Any]:
    """Full read of ``size`` invoices, then an incremental read (CDC), then a no-change run."""
    box = QuickBooksSandbox(seed="empty", limits=None)
    box.start()
    try:
        _seed(box, max(1, size // 5), size)
        with tempfile.TemporaryDirectory() as tmp:
            make = connector_factory(box, Path(tmp))
            connector = make()
            connector.check()
            box.reset_counts()
            full = connector.read("invoices")
            queries = box.request_counts().get("POST /v3/company/{realm}/query", 0)
            cursors = {s: connector.read(s).cursor for s in STREAMS}
            box.reset_counts()
            per_stream = {s: connector.read(s, since=cursors[s]).calls for s in STREAMS}
            quiet = box.request_counts()
            writes = sum(v for k, v in quiet.items() if k.startswith("POST") and not k.endswith("/query"))
            return {
                "invoices": len(full.records),
                "full_read_queries": queries,
                "expected_queries": math.ceil(size / 1000) + (1 if size % 1000 == 0 else 0),
                "no_change_reads_per_stream": per_stream,
                "no_change_writes": writes,
            }
    finally:
        box.stop()


def writes(count: int, time_scale: float) -> dict[str, Any]:
    """Apply ``count`` payments with QBO's limits on (time compressed by ``time_scale``)."""
    box = QuickBooksSandbox(seed="empty", limits=ThrottleLimits(), time_scale=time_scale)
    box.start()
    try:
        pairs = _seed(box, max(1, count // 5), count)
        with tempfile.TemporaryDirectory() as tmp:
            make = connector_factory(box, Path(tmp))
            connector = make(rate_window_seconds=60.0 / time_scale, retry_attempts=3, timeout_seconds=30)
            connector.check()
            box.reset_counts()
            actions = _payments(pairs, dt.date(2026, 11, 20))
            started = time.monotonic()
            results = connector.write_many(actions)
            wall = time.monotonic() - started
            counts = box.request_counts()
            batches = counts.get("POST /v3/company/{realm}/batch", 0)
            queries = counts.get("POST /v3/company/{realm}/query", 0)
            total = counts["total"]
            created = sum(1 for r in results if r.status == "created")
            open_left = sum(1 for inv in box.company.objects["Invoice"].values() if inv["Balance"] > 0)
            pacing_minutes = max(total / 475, batches / 38)  # the connector budgets 95% of 500/min and 40/min
            work = wall - connector.gateway.pacer.waited
            return {
                "payments": count,
                "created": created,
                "invoices_still_open": open_left,
                "batch_calls": batches,
                "expected_batch_calls": math.ceil(count / 30),
                "lookup_queries": queries,
                "api_calls": total,
                "api_calls_per_payment": round(total / count, 4),
                "http_429": counts["throttled"],
                "time_scale": time_scale,
                "wall_seconds_compressed": round(wall, 1),
                "connector_waited_seconds": round(connector.gateway.pacer.waited, 1),
                "work_seconds": round(work, 1),
                # In real time the pacing windows are time_scale times longer while the work is not:
                # the run takes the longer of the two.
                "pacing_bound_minutes": round(pacing_minutes, 1),
                "real_time_estimate_minutes": round(max(pacing_minutes, work / 60), 1),
            }
    finally:
        box.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--read-size", type=int, default=2_500)
    parser.add_argument("--time-scale", type=float, default=30.0, help="compress QBO's minute by this factor")
    args = parser.parse_args()
    report = {"reads": reads(args.read_size), "writes": writes(args.payments, args.time_scale)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
