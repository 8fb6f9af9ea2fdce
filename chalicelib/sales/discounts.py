"""What each seller gave away by hand over a period, for the abnormal-discounts job: the manual
discounts (prices cut below the product's, line and sale discounts, as the approval check
measures them; promotions are not manual) against the lines at the products' prices.

A sale counts in the period it was created in, once submitted (a draft is not given yet) and
unless cancelled."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.sales import repository as repo
from chalicelib.sales.service import discount_measure
from chalicelib.sales.states import SaleStatus

NOT_GIVEN = frozenset({SaleStatus.DRAFT, SaleStatus.CANCELLED})


@dataclass(frozen=True)
class SellerDiscounts:
    store_id: str
    seller_id: str
    sales_count: int
    discount: int
    list_amount: int


def seller_discounts(tenant_id: str, start: str, end: str) -> list[SellerDiscounts]:
    """Per store and seller, the manual discounts and list amounts of the sales created in
    [start, end)."""
    totals: dict[tuple[str, str], list[int]] = {}
    for sale in repo.sales_created_between(tenant_id, start, end):
        if sale.status in NOT_GIVEN:
            continue
        discount, list_amount = discount_measure(sale)
        figures = totals.setdefault((sale.store_id, sale.seller_id), [0, 0, 0])
        figures[0] += 1
        figures[1] += discount
        figures[2] += list_amount
    return [
        SellerDiscounts(store, seller, count, discount, amount)
        for (store, seller), (count, discount, amount) in sorted(totals.items())
    ]
