"""Xero connector benchmark: API calls per record, and a rate-limited apply of N payments.

Runs the real connector (and xero-python) against the loopback sandbox. The sandbox enforces Xero's
per-tenant limit of 60 calls/minute; ``--compression`` shortens its "minute" (and the connector's
pacing window) so the run takes seconds, and the report gives the real-time equivalent. Keep the
compressed minute longer than the work of 60 calls (about 5 s here), or pacing never shows.

    .venv/bin/python benchmarks/bench_xero.py [--payments 10000] [--batch 50] [--compression 10]

Lower bound: ceil(N / batch) calls; under a sliding 60/minute window the k-th call cannot start before
minute floor((k - 1) / 60), so the apply cannot finish sooner than that many minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from arsync_xero.connector import XeroConnector
from arsync_xero.sandbox import RateLimits, XeroSandbox, XeroSandboxConfig
from arsync_xero.settings import XeroSettings

from arsync.models import Action, ActionKind, Allocation, Money, Payment


def _connector(box: XeroSandbox, tokens: Path, sleep: object = None, **overrides: object) -> XeroConnector:
    info = box.info
    settings = XeroSettings(
        tenant_id=info.tenant,
        client_id=info.client_id,
        client_secret=info.client_secret,  # type: ignore[arg-type]
        refresh_token=info.refresh_token,
        base_url=info.base_url,
        identity_url=info.base_url,  # type: ignore[arg-type]
        token_dir=tokens,
        **overrides,  # type: ignore[arg-type]
    )
    return XeroConnector("bench", settings, sleep=sleep)  # type: ignore[arg-type]


def reads(tokens: Path) -> None:
    print("## reads (demo company), API calls per record")
    box = XeroSandbox(seed="demo")
    box.start()
    try:
        for page_size in (100, 1000):
            connector = _connector(box, tokens / "reads", page_size=page_size)
            for stream in ("customers", "invoices", "payments", "credit_notes"):
                started = time.perf_counter()
                result = connector.read(stream)
                took = time.perf_counter() - started
                per = result.calls / max(1, len(result.records))
                print(
                    f"page_size={page_size:5d} {stream:13s} records={len(result.records):5d} "
                    f"calls={result.calls:3d} calls/record={per:.4f} wall={took:.2f}s"
                )
    finally:
        box.stop()


def apply(n: int, batch: int, compression: float, tokens: Path) -> None:
    print(f"\n## apply {n} payments, batch {batch}, 60 calls/min (time compressed x{compression:g})")
    limits = RateLimits(per_minute=60, per_day=100_000, time_scale=compression)
    box = XeroSandbox(seed="empty", config=XeroSandboxConfig(limits=limits, payment_batch_cap=max(50, batch)))
    ledger = box.ledger
    contact = ledger.create_contact({"Name": "Bench Customer Inc."})
    invoice_ids = []
    for k in range(n):
        record = ledger.create_invoice(
            {
                "Type": "ACCREC",
                "Contact": {"ContactID": contact["ContactID"]},
                "Date": "2026-10-01",
                "DueDate": "2026-10-31",
                "Status": "AUTHORISED",
                "LineAmountTypes": "NoTax",
                "LineItems": [{"Description": "Service", "Quantity": 1, "UnitAmount": Decimal(100 + k % 50)}],
            }
        )
        invoice_ids.append((record["InvoiceID"], record["Total"]))
    box.start()
    try:
        slept = [0.0]

        def sleep(seconds: float) -> None:
            slept[0] += seconds
            time.sleep(seconds)

        connector = _connector(
            box,
            tokens / "apply",
            sleep=sleep,
            payment_batch_size=batch,
            rate_window_seconds=60.0 / compression,
            retry_max_wait=60.0 / compression,
        )
        connector.check()
        box.reset_counts()
        actions = []
        for k, (invoice_id, total) in enumerate(invoice_ids):
            amount = Money(total, "USD")
            payment = Payment.build(
                id=f"p{k}",
                date=dt.date(2026, 11, 14),
                amount=amount,
                customer_id=contact["ContactID"],
                allocations=[Allocation(invoice_id=invoice_id, amount=amount)],
            )
            actions.append(
                Action(kind=ActionKind.APPLY_PAYMENT, connector="bench", idempotency_key=f"bench:{k}", record=payment)
            )
        calls_before = connector.calls
        started = time.perf_counter()
        results = connector.write_many(actions)
        wall = time.perf_counter() - started
        calls = connector.calls - calls_before
        created = sum(1 for r in results if r.status == "created")
        lower_calls = math.ceil(n / batch)
        lower_minutes = (lower_calls - 1) // 60
        counts = box.request_counts()
        print(f"payments created:        {created} of {n} (sandbox holds {len(ledger.tables['payments'])})")
        print(
            f"PUT /Payments calls:     {counts.get('PUT /Payments', 0)} (connector calls {calls}); "
            f"lower bound ceil(N/batch) = {lower_calls}"
        )
        print(f"calls per payment:       {calls / n:.4f}")
        print(f"429 responses:           {box.limiter.rejected}")
        print(
            f"wall time:               {wall:.2f} s, of which {slept[0]:.2f} s paced waiting; "
            f"work {1000 * (wall - slept[0]) / max(1, calls):.0f} ms per call"
        )
        print(
            f"real-time equivalent:    {wall * compression / 60:.2f} min in sandbox minutes (an upper bound: work is "
            f"stretched x{compression:g} too); lower bound {lower_minutes} min "
            f"(call {lower_calls} cannot start before minute {lower_minutes} under 60 calls/min)"
        )
    finally:
        box.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--compression", type=float, default=10.0, help="sandbox minutes per real minute")
    parser.add_argument("--skip-reads", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_reads:
            reads(Path(tmp))
        apply(args.payments, args.batch, args.compression, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
