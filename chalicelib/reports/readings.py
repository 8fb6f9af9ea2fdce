"""Which rollup items a report reads: the scopes a user may see, the range of local days, and
per dimension the day items or the month items that cover each day once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib import clock, errors, tenancy
from chalicelib.auth.permissions import stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.reports import repository as repo
from chalicelib.reports.formulas import coverage, net
from chalicelib.reports.rollups import JOURNAL_DAYS, TENANT, TOTAL, RollupItem, store_scope

MAX_DAYS = 366


@dataclass(frozen=True)
class Scope:
    """The scopes a report adds up: the tenant's, or some stores' (then no tenant-wide figure)."""

    names: tuple[str, ...]
    store_ids: tuple[str, ...] | None

    @property
    def tenant_wide(self) -> bool:
        return self.store_ids is None


def scope_of(principal: Principal, store_id: str | None) -> Scope:
    """The store asked for (403 when not the user's, 404 when not a live store), else the
    user's stores, else (an ADMIN) the whole tenant."""
    wanted = stores_to_read(principal, store_id)
    if wanted is None:
        return Scope((TENANT,), None)
    live = tenancy.live_stores(principal.tenant_id, wanted)
    if store_id and not live:
        raise errors.NotFoundError("Store not found.")
    return Scope(tuple(store_scope(store) for store in live), live)


def days_of(first: date | None, last: date | None, timezone: str) -> tuple[date, date]:
    """The local days asked for (default: the first of this month to today), 366 at most."""
    today = clock.local_date(clock.now(), timezone)
    end = last or (first if first and first > today else today)
    start = first or end.replace(day=1)
    if start > end:
        raise _invalid("from", "must not be after to")
    if (end - start).days + 1 > MAX_DAYS:
        raise _invalid("from", f"a range holds at most {MAX_DAYS} days")
    return start, end


def rollup_items(
    tenant_id: str,
    scope: Scope,
    first: date,
    last: date,
    dimensions: Iterable[str],
    today: date,
) -> list[RollupItem]:
    """The day totals of every day, and each dimension's items covering each day once
    (`formulas.coverage`): whole months from their month items, a month in part from its days
    in the range, or, once the stream writes no more to it (`today`: the tenant's local date,
    less JOURNAL_DAYS), from its month item less its days out of the range."""
    covered = coverage(first, last, settled=today - timedelta(days=JOURNAL_DAYS))
    months = [period for period in covered.added if len(period) == len("YYYY-MM")]
    added_runs = _day_runs([period for period in covered.added if len(period) > len("YYYY-MM")])
    taken_runs = _day_runs(covered.taken)
    found: list[RollupItem] = []
    for name in scope.names:
        found += repo.rollups_between(tenant_id, name, TOTAL, first.isoformat(), last.isoformat())
        for dimension in dimensions:
            if dimension == TOTAL:
                continue
            whole = [(months[0], months[-1])] if months else []
            added = _read(tenant_id, name, dimension, whole + added_runs)
            found += net(added, _read(tenant_id, name, dimension, taken_runs))
    return found


def _read(
    tenant_id: str, scope: str, dimension: str, runs: list[tuple[str, str]]
) -> list[RollupItem]:
    """The items of one dimension whose period is in one of the runs (one Query each)."""
    return [
        item
        for start, end in runs
        for item in repo.rollups_between(tenant_id, scope, dimension, start, end)
    ]


def totals_by_period(items: Iterable[RollupItem]) -> list[RollupItem]:
    """The day totals, for figures that only need TOTAL (each day once)."""
    return [item for item in items if item.key.dimension == TOTAL]


def _day_runs(days: list[str]) -> list[tuple[str, str]]:
    """Consecutive days as (first, last) runs, one Query each."""
    runs: list[list[str]] = []
    for day in days:
        if runs and date.fromisoformat(day).toordinal() - _ordinal(runs[-1][-1]) == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [(run[0], run[-1]) for run in runs]


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def _invalid(field: str, message: str) -> errors.ValidationError:
    return errors.ValidationError(
        f"The period is invalid: {field} {message}.", errors=[{"field": field, "message": message}]
    )
