"""Benchmark of the reports: what a 365-day KPI read costs at 1 000 and at 100 000 sales, and
what the stream writes per paid sale for the rollups, coalesced at batch sizes 1 and 100.

    .venv/bin/python -m tests.perf.bench_reports [--backend moto|local] [--small 1000]
        [--large 100000]

The history is seeded through the rollup writer, not through the API: each sale and its
payment become the stream records a checkout leaves (a sale turning PAID, a payment put),
the stream's first hop turns them into journal entries (chalicelib/reports/events.py), and
the second hop applies those entries as the stream delivers them, in batches of 10 000 (a
Lambda batch's largest size) in the order they were written. Only the journal items are not
stored: the bench hands them to the second hop as the stream would.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.local.dynamo import free_port
from tests.perf.counter import DynamoCounter, Usage
from tests.support import (
    Tenant,
    add_store,
    add_user,
    configure_environment,
    open_stack,
    sign_up,
)

DAYS = 365
LAMBDA_BATCH = 10_000
PRODUCTS, CATEGORIES, SELLERS = 10, 3, 2
ZONE = "Africa/Douala"


class History:
    """A tenant's sales over DAYS days ending yesterday, as the stream records they leave."""

    def __init__(self, tenant: Tenant, store_id: str, sellers: list[str], sales: int) -> None:
        self.tenant, self.store_id, self.sellers, self.sales = tenant, store_id, sellers, sales
        self.random = random.Random(sales)
        self.sequence = 0

    def changes(self, days: int = DAYS, last: date | None = None) -> Iterator[Any]:
        """The records of `sales` sales spread over `days` local days, oldest first."""
        last = last or datetime.now(ZoneInfo(ZONE)).date() - timedelta(days=1)
        moments = sorted(self._moment(last, days) for _ in range(self.sales))
        for n, moment in enumerate(moments):
            sale, payment = self._sale(n, moment)
            yield self._change("Sale", {**sale, "status": "PENDING_PAYMENT"}, sale)
            yield self._change("Payment", None, payment)

    def _moment(self, last: date, days: int) -> datetime:
        day = last - timedelta(days=self.random.randrange(days))
        local = datetime.combine(day, time(8), ZoneInfo(ZONE))
        return local + timedelta(seconds=self.random.randrange(12 * 3600))

    def _sale(self, n: int, moment: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
        at = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines: list[dict[str, Any]] = []
        for product in self.random.sample(range(PRODUCTS), self.random.randint(1, 3)):
            quantity, price = self.random.randint(1, 3), 1000 * (product + 1)
            lines.append(
                {
                    "product_id": f"P{product:02d}",
                    "name": f"Article {product}",
                    "category_id": f"C{product % CATEGORIES}",
                    "quantity": quantity,
                    "total": quantity * price,
                    "tax": 0,
                    "cost": quantity * price * 7 // 10,
                }
            )
        total = sum(line["total"] for line in lines)
        sale_id = f"SALE{self.sales}-{n:06d}"
        sale = {
            "type": "Sale",
            "id": sale_id,
            "tenant_id": self.tenant.id,
            "store_id": self.store_id,
            "seller_id": self.random.choice(self.sellers),
            "status": "PAID",
            "total": total,
            "discount_total": 0,
            "tax_total": 0,
            "paid_at": at,
            "updated_at": at,
            "lines": json.dumps(lines),
        }
        method = self.random.choice(("CASH", "MOBILE_MONEY", "CARD"))
        payment = {
            "type": "Payment",
            "id": f"PAY{self.sales}-{n:06d}",
            "sale_id": sale_id,
            "tenant_id": self.tenant.id,
            "store_id": self.store_id,
            "method": method,
            "amount": total,
            "created_at": at,
        }
        return sale, payment

    def _change(self, kind: str, old: dict[str, Any] | None, new: dict[str, Any]) -> Any:
        from chalicelib.changes import INSERT, MODIFY, Change

        self.sequence += 1
        event = MODIFY if old else INSERT
        return Change(str(self.sequence), str(self.sequence), event, kind, 0.0, old, new)


def journal(changes: list[Any], tenant_id: str) -> list[Any]:
    """The stream's first hop: the journal entries of these records."""
    from chalicelib.reports.events import journal_entries

    zones = {tenant_id: ZONE}
    return [entry for change in changes for entry in journal_entries(change, zones)]


def delivered(entries: list[Any]) -> list[Any]:
    """The rollup entries as the stream delivers the journal's items to the second hop (each a
    RollupEntry INSERT, in order)."""
    from chalicelib.changes import INSERT, Change

    found: list[Any] = []
    for entry in entries:
        if entry.counters is not None:
            continue  # the as-of-now counters are not what this bench measures
        image = {
            "type": "RollupEntry",
            "tenant_id": entry.tenant_id,
            "scope": entry.scope,
            "day": entry.day,
            "month": entry.day[:7],
            "hour": entry.hour,
            "parts": json.dumps([list(part) for part in entry.parts]),
        }
        n = str(len(found) + 1)
        found.append(Change(n, n, INSERT, "RollupEntry", 0.0, None, image))
    return found


def apply(entries: list[Any], batch_size: int) -> None:
    """The stream's second hop over the journal, `batch_size` records per delivery."""
    from chalicelib.reports.events import apply_journal

    for start in range(0, len(entries), batch_size):
        batch = list(enumerate(entries[start : start + batch_size]))
        failed = apply_journal(batch)
        assert failed is None, f"the rollups of batch {start} failed at {failed}"


def _tenant(api: Any, name: str) -> tuple[Tenant, str, list[str]]:
    tenant = sign_up(api, name=name)
    store = str(add_store(tenant, "Akwa", "AKW")["id"])
    sellers = [add_user(tenant, "SALES", [store]).id for _ in range(SELLERS)]
    return tenant, store, sellers


def settle(tenant: Tenant, store_id: str) -> int:
    """What the daily kpi-snapshot runs of the year left: the tenant's history starts with the
    seeded one, and its settled months' items carry no marks (reports/jobs.settle_months)."""
    from chalicelib import tenancy
    from chalicelib.reports.jobs import settle_months

    today = datetime.now(ZoneInfo(ZONE)).date()
    began = datetime.combine(today - timedelta(days=DAYS), time(0), ZoneInfo(ZONE))
    tenancy.move_activity_back(tenant.id, began.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return sum(settle_months(tenant.id, scope, today) for scope in ("tenant", f"store:{store_id}"))


def _kpis(counter: DynamoCounter, tenant: Tenant) -> tuple[Usage, dict[str, Any]]:
    last = datetime.now(ZoneInfo(ZONE)).date() - timedelta(days=1)
    first = last - timedelta(days=DAYS - 1)
    tenant.get("/v1/auth/me")  # the session read of the minute is not the report's
    counter.reset()
    reply = tenant.get(f"/v1/reports/kpis?from={first}&to={last}")
    assert reply.status == 200, reply
    return counter.reset(), reply.json


def _units(usage: Usage) -> str:
    if not usage.capacity_reported:
        return "units n/a"
    return f"{usage.read_units:g} RCU, {usage.write_units:g} WCU"


def run(backend: str, port: int, small: int, large: int) -> None:
    counter = DynamoCounter()
    counter.install()
    with open_stack(backend, port) as stack:
        print(f"KPI read of {DAYS} days ({backend}); history seeded through the rollup writer")
        reads = {}
        for sales in (small, large):
            tenant, store, sellers = _tenant(stack.api, f"Rapports {sales}")
            history = History(tenant, store, sellers, sales)
            entries = delivered(journal(list(history.changes()), tenant.id))
            counter.reset()
            apply(entries, LAMBDA_BATCH)
            seeded = counter.reset()
            cleared = settle(tenant, store)
            settling = counter.reset()
            usage, kpis = _kpis(counter, tenant)
            assert kpis["sales_count"] == sales, (kpis["sales_count"], sales)
            reads[sales] = usage
            print(
                f"  {sales:>7} sales: {len(entries)} journal entries applied in"
                f" {seeded.total_calls} requests; the marks of {cleared} settled month items"
                f" cleared in {settling.total_calls} requests ({settling.detail()});"
                f" the KPI read: {usage.total_calls} requests"
                f" ({usage.detail()}), {_units(usage)}"
            )
        ratio = reads[large].total_calls / max(reads[small].total_calls, 1)
        print(f"  requests {large} / {small} sales: {ratio:.2f}")
        if reads[small].capacity_reported and reads[small].read_units:
            print(
                f"  RCU {large} / {small} sales: "
                f"{reads[large].read_units / reads[small].read_units:.2f}"
            )
        _per_sale(counter, stack.api)


def _per_sale(counter: DynamoCounter, api: Any, sales: int = 100) -> None:
    """The stream's writes per paid sale for the rollups: the journal's puts (first hop) and
    the rollup updates (second hop), one sale per delivery and 100 per delivery, one day."""
    from chalicelib.reports import repository

    print(f"\nThe stream's rollup writes per paid sale ({sales} sales of one day)")
    for batch_size in (1, 100):
        tenant, store, sellers = _tenant(api, f"Flux {batch_size}")
        history = History(tenant, store, sellers, sales)
        changes = list(history.changes(days=1))
        counter.reset()
        written = _first_hop(changes, tenant.id, repository)
        first = counter.reset()
        apply(written, batch_size)
        second = counter.reset()
        print(
            f"  batch of {batch_size:>3}: first hop {first.total_calls / sales:.2f} requests"
            f" ({_per(first, sales)}) and second hop {second.total_calls / sales:.2f} requests"
            f" ({_per(second, sales)}) per sale"
        )


def _first_hop(changes: list[Any], tenant_id: str, repository: Any) -> list[Any]:
    """The journal entries written as the first hop writes them, and what the stream delivers
    of them to the second."""
    entries = journal(changes, tenant_id)
    repository.put_entries(entries)
    return delivered(entries)


def _per(usage: Usage, sales: int) -> str:
    if not usage.capacity_reported:
        return "units n/a"
    return f"{usage.write_units / sales:.1f} WCU"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.bench_reports")
    parser.add_argument("--backend", choices=("moto", "local"), default="moto")
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    port = free_port()
    configure_environment(port, "comptoir-bench-reports")
    run(args.backend, port, args.small, args.large)


if __name__ == "__main__":
    main()
