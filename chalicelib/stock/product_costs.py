"""What the ledger reads of the catalog: the cost of products whose level keeps no value nor
average (valuation starts from it), and whether a product keeps lots (for units entering a
level that keeps none yet). One BatchGet, none when nothing is needed."""

from __future__ import annotations

from chalicelib import catalog
from chalicelib.stock import repository


def catalog_of(
    tenant_id: str,
    current: dict[str, repository.Level],
    product_ids: list[str],
    entering: list[str],
) -> tuple[dict[str, int], set[str]]:
    """The catalog costs `product_costs` answers, and which of `entering` keep lots."""
    unvalued = [pid for pid in product_ids if _unvalued(current.get(pid))]
    wanted = list(dict.fromkeys(unvalued + entering))
    if not wanted:
        return {}, set()
    found = catalog.get_products(tenant_id, wanted)
    costs = {pid: found[pid].cost for pid in unvalued if pid in found}
    return costs, {pid for pid in entering if pid in found and found[pid].track_lots}


def product_costs(
    tenant_id: str, current: dict[str, repository.Level], product_ids: list[str]
) -> dict[str, int]:
    """The catalog cost of the products whose level keeps no value nor average."""
    return catalog_of(tenant_id, current, product_ids, [])[0]


def _unvalued(level: repository.Level | None) -> bool:
    return level is None or (level.stock_value is None and level.average_cost is None)
