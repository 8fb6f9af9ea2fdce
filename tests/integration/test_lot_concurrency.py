"""Lots raced on Amazon DynamoDB Local: concurrent sales and losses of a lot-tracked product
never take more than its unexpired lots hold nor any expired unit, and the level, its lots and
its movements agree afterwards."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.support import HttpApi, add_store, add_user, move_stock, open_shift, sign_up, unique


def _day(offset: int) -> str:
    return (datetime.now(ZoneInfo("Africa/Douala")).date() + timedelta(days=offset)).isoformat()


def test_concurrent_sales_of_lots_never_oversell_nor_sell_expired_units(
    live_api: HttpApi,
) -> None:
    tenant = sign_up(live_api, name="Pharmacie du Port")
    store = add_store(tenant, "Akwa", "AKW")["id"]
    seller, cashier = add_user(tenant, "SALES", [store]), add_user(tenant, "CASHIER", [store])
    open_shift(tenant, store, by=cashier)
    body = {"sku": unique("AMOX").upper(), "name": "Amoxicilline", "price": 2500,
            "track_lots": True}  # fmt: skip
    product = tenant.post("/v1/products", body).json["id"]
    for lot, units, days in (("OLD", 6, -1), ("L1", 3, 10), ("L2", 4, 40)):
        moved = move_stock(
            tenant, store, product, "RECEIPT", units, lot=lot, expiry_date=_day(days)
        )
        assert moved.status == 201, moved

    def sell(_: int) -> int:
        lines = [{"product_id": product, "quantity": 2}]
        draft = tenant.post("/v1/sales", {"store_id": store, "lines": lines}, token=seller.token)
        submitted = tenant.post(f"/v1/sales/{draft.json['id']}/submit", token=seller.token)
        if submitted.status != 200:
            assert submitted.json["code"] == "INSUFFICIENT_STOCK", submitted
            return 0
        pay = {"sale_id": draft.json["id"], "method": "CARD", "amount": submitted.json["total"],
               "reference": unique("card")}  # fmt: skip
        paid = tenant.post("/v1/payments", pay, token=cashier.token)
        assert paid.status == 201, paid
        (line,) = paid.json["sale"]["lines"]
        assert "OLD" not in {part["lot"] for part in line["lots"]}, line
        return 2

    def lose(_: int) -> int:
        lost = move_stock(tenant, store, product, "LOSS", 1, lot="L2")
        assert lost.status in (201, 409), lost
        return 1 if lost.status == 201 else 0

    with ThreadPoolExecutor(max_workers=8) as pool:
        sold = sum(pool.map(sell, range(6)))
        lost = sum(pool.map(lose, range(2)))

    held = {
        lot["lot"]: lot["on_hand"]
        for lot in tenant.get(f"/v1/stock/lots?product_id={product}").json["items"]
    }
    assert held.get("OLD") == 6  # never sold
    assert sold + lost <= 7 and sold == 6, (sold, lost)  # 7 unexpired units, 2 per sale
    level = tenant.get(f"/v1/stock?store_id={store}&product_id={product}").json["items"][0]
    moves = tenant.get(f"/v1/stock-movements?product_id={product}&limit=200").json["items"]
    assert (
        level["on_hand"]
        == sum(held.values())
        == sum(m["quantity"] for m in moves)
        == 13 - sold - lost
    )
    assert (level["expired"], level["reserved"]) == (6, 0)
