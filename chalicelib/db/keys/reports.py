"""Keys of the reports: the rollup journal (what each sale, refund and payment adds, one
partition per scope and local day), the rollup items it feeds, and the "as of now" figures."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

rollup_journal_pk = Key("T#{tenant_id}#ROLLIN#{scope}#{day}")
rollup_journal_sk = Key("{sequence}#{source_id}")
rollup_days_pk = Key("T#{tenant_id}#ROLLUP#{scope}#D")
rollup_months_pk = Key("T#{tenant_id}#ROLLUP#{scope}#M")
rollup_sk = Key("{dimension}#{period}#{member}")
rollup_range_bound = Key("{dimension}#{period}")
rollups_settled_sk = Key("#SETTLED")
now_journal_pk = Key("T#{tenant_id}#NOWIN#{scope}")
now_journal_sk = Key("{sequence}#{source_id}")
now_figures_pk = Key("T#{tenant_id}#NOW")
now_figures_sk = Key("{scope}")
snapshots_pk = Key("T#{tenant_id}#KPISNAP#{scope}")
snapshot_sk = Key("{day}")

ENTITIES = [
    Entity(
        "RollupEntry",
        rollup_journal_pk,
        rollup_journal_sk,
        note="what one stream record (a sale paid or refunded, a payment) adds to the rollups of "
        "one scope (`store:<id>` or `tenant`) and local day; keyed by the source record's "
        "sequence, so a replayed record writes the same entry again; expires after 3 days. "
        "Its INSERTs reach the rollups in the partition's order: the partition is the "
        "rollups' high-water mark's name",
        patterns=(
            Pattern(
                "Rollup entry by source record",
                "table",
                "pk = {pk} AND sk = {sk}",
                "batch put from the stream (same key and content on a replay)",
            ),
        ),
    ),
    Entity(
        "Rollup",
        (rollup_days_pk, rollup_months_pk),
        rollup_sk,
        note="integer figures of one scope, local day or month, dimension (TOTAL, PRODUCT, "
        "CATEGORY, SELLER, METHOD, HOUR) and member; `mark:<journal pk>` attributes hold "
        "the highest journal sequence applied from each journal partition (a month item keeps "
        "those of its last 4 days; the kpi-snapshot job removes them once the month is settled)",
        patterns=(
            Pattern(
                "Rollup by key",
                "table",
                "pk = {pk} AND sk = {sk}",
                "one ADD per item and batch, conditioned on the journal partition's mark",
            ),
            Pattern(
                "Rollups of a scope over a range of days or months",
                "table",
                "pk = {pk} AND sk BETWEEN {first} AND {last}~",
                "one dimension at a time: day totals over the whole range, breakdowns from "
                "the month partition for whole months, a month in part from its days, or "
                "once settled from its month item less its days out of the range (a "
                "366-day KPI: about 13 queries per scope)",
                uses={"first": rollup_range_bound, "last": rollup_range_bound},
            ),
        ),
    ),
    Entity(
        "RollupsSettled",
        rollup_months_pk,
        rollups_settled_sk,
        note="the last month whose month items the kpi-snapshot job cleared of their marks once "
        "the stream could write to them no more; its sort key sorts before every dimension's",
        patterns=(
            Pattern(
                "Settled month of a scope",
                "table",
                "pk = {pk} AND sk = {sk}",
                "read and put by the kpi-snapshot job",
            ),
        ),
    ),
    Entity(
        "NowEntry",
        now_journal_pk,
        now_journal_sk,
        note="what one stream record changes in the scope's as-of-now figures (sales "
        "awaiting payment, levels low or out of stock); expires after 3 days",
        patterns=(Pattern("Now entry by source record", "table", "pk = {pk} AND sk = {sk}"),),
    ),
    Entity(
        "NowFigures",
        now_figures_pk,
        now_figures_sk,
        note="the as-of-now counters of a scope, with `mark:<journal pk>` like rollups",
        patterns=(
            Pattern("Now figures of a scope", "table", "pk = {pk} AND sk = {sk}"),
            Pattern(
                "Now figures of a tenant",
                "table",
                "pk = {pk}",
                "every scope's counters in one query (KPIs read the ones they need)",
            ),
        ),
    ),
    Entity(
        "KpiSnapshot",
        snapshots_pk,
        snapshot_sk,
        note="the KPIs of one local day for a store or the tenant, written once by the "
        "kpi-snapshot job (attribute_not_exists): running it again leaves it as it is",
        patterns=(
            Pattern(
                "Snapshot of a scope and day",
                "table",
                "pk = {pk} AND sk = {sk}",
                "put with attribute_not_exists",
            ),
            Pattern(
                "Snapshots of a scope over days",
                "table",
                "pk = {pk} AND sk BETWEEN {from} AND {to}",
                "one query per scope the reader may see (the tenant's, then each store's)",
                uses={"from": snapshot_sk, "to": snapshot_sk},
            ),
        ),
    ),
]
