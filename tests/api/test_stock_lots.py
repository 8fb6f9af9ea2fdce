"""Stock kept per lot for `track_lots` products: units enter into a named lot with its expiry
date, an expired lot is never sold (submit and payment decide from the lots), a payment takes
unexpired lots first-expiring-first and records them on the sale's lines and SALE movements,
a loss without a lot takes expired lots first, a refund puts units back into the lots they
left, and GET /v1/stock/lots lists lots with stock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support import (
    Counter,
    Stack,
    add_count,
    add_supplier,
    add_transfer,
    move_stock,
    open_counter,
    receive_goods,
    set_thresholds,
    stock_level,
    submitted_sale,
    unique,
)


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    return open_counter(stack.api)


def _day(offset: int) -> str:
    today: date = datetime.now(ZoneInfo("Africa/Douala")).date()
    return (today + timedelta(days=offset)).isoformat()


def _lot_product(counter: Counter, *lots: tuple[str, int, int]) -> str:
    """A lot-tracked product received in the counter's store: (lot, units, days to expiry)."""
    product = counter.tenant.post(
        "/v1/products",
        {"sku": unique("MED").upper(), "name": "Paracétamol 500 mg",
         "price": 1000, "cost": 400, "track_lots": True},
    )  # fmt: skip
    assert product.status == 201, product
    for lot, units, days in lots:
        received = move_stock(
            counter.tenant, counter.store, product.json["id"], "RECEIPT", units,
            lot=lot, expiry_date=_day(days), unit_cost=400,
        )  # fmt: skip
        assert received.status == 201, received
    return str(product.json["id"])


def _lots(counter: Counter, product_id: str) -> dict[str, dict[str, Any]]:
    reply = counter.tenant.get(f"/v1/stock/lots?store_id={counter.store}&product_id={product_id}")
    assert reply.status == 200, reply
    return {lot["lot"]: lot for lot in reply.json["items"]}


def test_units_of_a_lot_tracked_product_enter_into_a_named_lot_with_its_date(
    counter: Counter,
) -> None:
    product = _lot_product(counter, ("A1", 5, 30))
    no_lot = move_stock(counter.tenant, counter.store, product, "RECEIPT", 2)
    assert no_lot.status == 422, no_lot
    new_lot_without_date = move_stock(counter.tenant, counter.store, product, "RECEIPT", 2, lot="B")
    assert new_lot_without_date.status == 422, new_lot_without_date
    other_date = move_stock(
        counter.tenant, counter.store, product, "RECEIPT", 1, lot="A1", expiry_date=_day(40)
    )
    assert other_date.status == 422, other_date
    more = move_stock(counter.tenant, counter.store, product, "RECEIPT", 3, lot="A1")
    assert more.status == 201, more
    assert more.json["lots"] == [{"lot": "A1", "expiry_date": _day(30), "quantity": 3}]
    assert _lots(counter, product)["A1"] == {
        "store_id": counter.store, "product_id": product, "lot": "A1",
        "expiry_date": _day(30), "on_hand": 8, "expired": False,
    }  # fmt: skip
    level = stock_level(counter.tenant, counter.store, product)
    assert (level["on_hand"], level["available"], level["expired"]) == (8, 8, 0)


def test_an_expired_lot_is_never_sold_and_the_rest_go_first_expiring_first(
    counter: Counter,
) -> None:
    product = _lot_product(counter, ("OLD", 4, -1), ("LATE", 3, 60), ("SOON", 2, 10))
    level = stock_level(counter.tenant, counter.store, product)
    assert (level["on_hand"], level["available"], level["expired"]) == (9, 5, 4)
    assert _lots(counter, product)["OLD"]["expired"] is True

    lines = [{"product_id": product, "quantity": 6}]
    short = counter.tenant.post(
        "/v1/sales", {"store_id": counter.store, "lines": lines}, token=counter.seller.token
    )
    assert short.status == 201, short
    refused = counter.tenant.post(
        f"/v1/sales/{short.json['id']}/submit", token=counter.seller.token
    )
    assert refused.status == 409 and refused.json["code"] == "INSUFFICIENT_STOCK", refused

    sale = counter.sell([{"product_id": product, "quantity": 3}])
    assert sale["status"] == "PAID"
    (line,) = sale["lines"]
    assert line["lots"] == [
        {"lot": "SOON", "expiry_date": _day(10), "quantity": 2},
        {"lot": "LATE", "expiry_date": _day(60), "quantity": 1},
    ]
    moves = counter.tenant.get(f"/v1/stock-movements?product_id={product}&type=SALE").json
    (sold,) = moves["items"]
    assert sold["lots"] == [{**part, "quantity": -part["quantity"]} for part in line["lots"]]
    held = _lots(counter, product)
    assert {name: lot["on_hand"] for name, lot in held.items()} == {"OLD": 4, "LATE": 2}
    level = stock_level(counter.tenant, counter.store, product)
    assert (level["on_hand"], level["available"], level["expired"]) == (6, 2, 4)


def test_a_reservation_that_midnight_leaves_short_fails_at_payment_and_changes_nothing(
    counter: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    product = _lot_product(counter, ("TODAY", 2, 0), ("LATER", 1, 90))
    sale = submitted_sale(
        counter.tenant, counter.store, [{"product_id": product, "quantity": 3}], by=counter.seller
    )
    level = stock_level(counter.tenant, counter.store, product)
    assert (level["reserved"], level["available"]) == (3, 0)

    import chalicelib.clock

    tomorrow = chalicelib.clock.now() + timedelta(days=1)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: tomorrow)
    body = {"sale_id": sale["id"], "method": "CARD", "amount": sale["total"], "reference": "c1"}
    refused = counter.tenant.post("/v1/payments", body, token=counter.cashier.token)
    assert refused.status == 409 and refused.json["code"] == "INSUFFICIENT_STOCK", refused
    again = counter.tenant.get(f"/v1/sales/{sale['id']}").json
    assert (again["status"], again["paid_total"]) == ("PENDING_PAYMENT", 0)
    assert {name: lot["on_hand"] for name, lot in _lots(counter, product).items()} == {
        "TODAY": 2,
        "LATER": 1,
    }


def test_a_loss_without_a_lot_takes_expired_units_first_and_a_named_lot_its_own(
    counter: Counter,
) -> None:
    product = _lot_product(counter, ("GONE", 2, -5), ("GOOD", 5, 20), ("NEXT", 5, 40))
    loss = move_stock(counter.tenant, counter.store, product, "LOSS", 3, reason="Périmés")
    assert loss.status == 201, loss
    assert loss.json["lots"] == [
        {"lot": "GONE", "expiry_date": _day(-5), "quantity": -2},
        {"lot": "GOOD", "expiry_date": _day(20), "quantity": -1},
    ]
    named = move_stock(
        counter.tenant, counter.store, product, "LOSS", 2, lot="NEXT", reason="Cassé"
    )
    assert named.status == 201, named
    too_many = move_stock(counter.tenant, counter.store, product, "LOSS", 9, lot="NEXT")
    assert too_many.status == 409 and too_many.json["code"] == "INSUFFICIENT_STOCK", too_many
    held = {name: lot["on_hand"] for name, lot in _lots(counter, product).items()}
    assert held == {"GOOD": 4, "NEXT": 3}
    assert stock_level(counter.tenant, counter.store, product)["on_hand"] == 7


def test_a_refund_puts_units_back_into_the_lots_they_left(counter: Counter) -> None:
    product = _lot_product(counter, ("R1", 1, 15), ("R2", 4, 30))
    sale = counter.sell([{"product_id": product, "quantity": 3}])
    refunded = counter.refund(sale["id"], [{"product_id": product, "quantity": 2}])
    assert refunded.status == 201, refunded
    held = {name: lot["on_hand"] for name, lot in _lots(counter, product).items()}
    assert held == {"R1": 1, "R2": 3}  # the first lot it took (1), then the next (1)
    assert stock_level(counter.tenant, counter.store, product)["on_hand"] == 4


def test_lots_are_listed_by_expiry_and_filtered_by_a_date(counter: Counter) -> None:
    product = _lot_product(counter, ("Z9", 1, 50), ("A0", 1, 5), ("M5", 1, 20))
    reply = counter.tenant.get(f"/v1/stock/lots?product_id={product}")
    assert [lot["lot"] for lot in reply.json["items"]] == ["A0", "M5", "Z9"]
    soon = counter.tenant.get(f"/v1/stock/lots?product_id={product}&expiring_before={_day(21)}")
    assert [lot["lot"] for lot in soon.json["items"]] == ["A0", "M5"]
    assert counter.tenant.get("/v1/stock/lots?expiring_before=demain").status == 422


def _held(counter: Counter, product_id: str, store_id: str) -> dict[str, int]:
    reply = counter.tenant.get(f"/v1/stock/lots?store_id={store_id}&product_id={product_id}")
    assert reply.status == 200, reply
    return {lot["lot"]: lot["on_hand"] for lot in reply.json["items"]}


def test_a_transfer_ships_lots_first_expiring_first_and_they_arrive_with_their_dates(
    counter: Counter,
) -> None:
    product = _lot_product(counter, ("EXP", 1, -2), ("T2", 2, 20), ("T1", 2, 10))
    transfer = add_transfer(
        counter.tenant, counter.store, counter.other_store, [{"product_id": product, "quantity": 3}]
    )
    path = f"/v1/stock-transfers/{transfer['id']}"
    shipped = counter.tenant.post(f"{path}/ship")
    assert shipped.status == 200, shipped
    assert shipped.json["lines"][0]["lots"] == [
        {"lot": "T1", "expiry_date": _day(10), "quantity": 2},
        {"lot": "T2", "expiry_date": _day(20), "quantity": 1},
    ]
    assert _held(counter, product, counter.store) == {"EXP": 1, "T2": 1}
    lines = [{"product_id": product, "quantity_received": 3}]
    assert counter.tenant.post(f"{path}/receive", {"lines": lines}).status == 200
    arrived = counter.tenant.get(
        f"/v1/stock/lots?store_id={counter.other_store}&product_id={product}"
    )
    assert [(lot["lot"], lot["expiry_date"], lot["on_hand"]) for lot in arrived.json["items"]] == [
        ("T1", _day(10), 2),
        ("T2", _day(20), 1),
    ]

    named = add_transfer(
        counter.tenant, counter.store, counter.other_store,
        [{"product_id": product, "quantity": 2, "lot": "T2"}],
    )  # fmt: skip
    short = counter.tenant.post(f"/v1/stock-transfers/{named['id']}/ship")
    assert short.status == 409 and short.json["code"] == "INSUFFICIENT_STOCK", short


def test_a_count_counts_one_lot_or_the_whole_product(counter: Counter) -> None:
    product = _lot_product(counter, ("C1", 5, -1), ("C2", 5, 30))
    count = add_count(
        counter.tenant, counter.store,
        [{"product_id": product, "counted_qty": 4, "lot": "C2"},
         {"product_id": product, "counted_qty": 2, "lot": "C3", "expiry_date": _day(60)}],
    )  # fmt: skip
    assert [(line["expected_qty"], line["difference"]) for line in count["lines"]] == [
        (5, -1),
        (0, 2),
    ]
    applied = counter.tenant.post(f"/v1/stock-counts/{count['id']}/apply")
    assert applied.status == 200, applied
    assert _held(counter, product, counter.store) == {"C1": 5, "C2": 4, "C3": 2}
    whole = add_count(counter.tenant, counter.store, [{"product_id": product, "counted_qty": 8}])
    assert counter.tenant.post(f"/v1/stock-counts/{whole['id']}/apply").status == 200
    assert _held(counter, product, counter.store) == {"C2": 4, "C3": 2, "C1": 2}  # expired first
    found = counter.tenant.post(
        "/v1/stock-counts",
        {"store_id": counter.store, "lines": [{"product_id": product, "counted_qty": 20}]},
    )
    assert found.status == 422 and found.json["errors"][0]["field"] == "lines.0.lot", found


def test_a_goods_receipt_fills_the_lots_it_names(counter: Counter) -> None:
    product = _lot_product(counter)
    supplier = add_supplier(counter.tenant, "Laborex Cameroun")["id"]
    lines = [{"product_id": product, "quantity": 10, "unit_cost": 350, "lot": "GR1",
              "expiry_date": _day(180)}]  # fmt: skip
    receive_goods(counter.tenant, counter.store, lines, supplier_id=supplier)
    assert _held(counter, product, counter.store) == {"GR1": 10}
    level = stock_level(counter.tenant, counter.store, product)
    assert (level["on_hand"], level["available"], level["average_cost"]) == (10, 10, 350)


def test_track_lots_switches_only_while_the_product_holds_no_stock(counter: Counter) -> None:
    product = counter.tenant.post(
        "/v1/products", {"sku": unique("SW").upper(), "name": "Sérum", "price": 500}
    ).json
    path = f"/v1/products/{product['id']}"
    on = counter.tenant.patch(path, {"version": product["version"], "track_lots": True})
    assert on.status == 200 and on.json["track_lots"] is True, on
    received = move_stock(
        counter.tenant, counter.store, product["id"], "RECEIPT", 2, lot="S1", expiry_date=_day(9)
    )
    assert received.status == 201, received
    off = counter.tenant.patch(path, {"version": on.json["version"], "track_lots": False})
    assert off.status == 409 and off.json["code"] == "INVALID_STATE", off
    same = counter.tenant.patch(path, {"version": on.json["version"], "track_lots": True})
    assert same.status == 200, same  # not a switch


def test_expiring_lots_warns_as_dates_near_and_refreshes_what_midnight_left_stale(
    stack: Stack, drain: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import chalicelib.clock
    from chalicelib.alerts.lots import expiring_lots

    counter = open_counter(stack.api)
    product = _lot_product(counter, ("EXP", 1, -1), ("NEAR", 2, 3), ("MID", 3, 20), ("FAR", 4, 60))
    untouched = _lot_product(counter, ("U1", 5, 2), ("U2", 1, 90))
    today = datetime.now(ZoneInfo("Africa/Douala")).date()

    def alerts() -> dict[str, dict[str, Any]]:
        reply = counter.tenant.get("/v1/alerts?type=EXPIRING_LOT&limit=200")
        assert reply.status == 200, reply
        return {alert["subject"]["id"]: alert for alert in reply.json["items"]}

    drain()  # the stream files each lot under its expiry date
    assert expiring_lots(counter.tenant.id, today) == 4
    found = alerts()
    assert {key: alert["severity"] for key, alert in found.items()} == {
        f"{product}#EXP": "CRITICAL", f"{product}#NEAR": "WARNING", f"{product}#MID": "INFO",
        f"{untouched}#U1": "WARNING",
    }  # fmt: skip
    near = found[f"{product}#NEAR"]
    assert (near["subject"]["kind"], near["store_id"], near["count"]) == ("lot", counter.store, 1)
    assert "2 units (worth 800 at cost)" in near["message"], near
    assert expiring_lots(counter.tenant.id, today) == 4  # again the same day: nothing more
    assert alerts()[f"{product}#NEAR"]["count"] == 1
    level = stock_level(counter.tenant, counter.store, product)
    assert (level["available"], level["expired"]) == (9, 1)

    later = chalicelib.clock.now() + timedelta(days=4)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: later)
    counter.sell([{"product_id": product, "quantity": 3}])  # MID, the first unexpired lot
    drain()  # MID left the level: the stream takes it out of the index
    from chalicelib.stock.lot_repository import lots_expiring_through

    filed = {(f.product_id, f.lot) for f in lots_expiring_through(counter.tenant.id, "2100-01-01")}
    assert (product, "MID") not in filed and (product, "FAR") in filed, filed
    stale = stock_level(counter.tenant, counter.store, untouched)
    assert (stale["available"], stale["expired"]) == (6, 0)  # as written before midnight
    assert expiring_lots(counter.tenant.id, today + timedelta(days=4)) == 3
    found = alerts()
    assert (found[f"{product}#NEAR"]["severity"], found[f"{product}#NEAR"]["count"]) == (
        "CRITICAL",
        2,
    )
    assert found[f"{product}#MID"]["status"] == "RESOLVED"
    level = stock_level(counter.tenant, counter.store, product)
    assert (level["on_hand"], level["available"], level["expired"]) == (7, 4, 3)
    refreshed = stock_level(counter.tenant, counter.store, untouched)
    assert (refreshed["on_hand"], refreshed["available"], refreshed["expired"]) == (6, 1, 5)


def test_a_lot_may_be_named_like_a_stored_type(counter: Counter) -> None:
    """Lots "B", "S", "N" and "M" are names, not DynamoDB's type tags."""
    product = _lot_product(counter, ("B", 1, 30), ("S", 1, 30), ("N", 1, 30), ("M", 1, 30))
    for lot in ("B", "S", "N", "M"):
        more = move_stock(counter.tenant, counter.store, product, "RECEIPT", 1, lot=lot)
        assert more.status == 201, more
    assert _held(counter, product, counter.store) == {"B": 2, "M": 2, "N": 2, "S": 2}


def test_refunds_in_turn_give_each_lot_back_what_it_gave(counter: Counter) -> None:
    product = _lot_product(counter, ("FA", 2, 10), ("FB", 2, 20))
    sale = counter.sell([{"product_id": product, "quantity": 4}])
    for _ in range(2):
        refunded = counter.refund(sale["id"], [{"product_id": product, "quantity": 2}])
        assert refunded.status == 201, refunded
    assert _held(counter, product, counter.store) == {"FA": 2, "FB": 2}


def test_a_goods_receipt_into_a_held_lot_names_its_supplier_for_reordering(
    counter: Counter,
) -> None:
    product = _lot_product(counter, ("GA", 1, 30))
    supplier = add_supplier(counter.tenant, "Ubipharm")["id"]
    lines = [{"product_id": product, "quantity": 2, "unit_cost": 410, "lot": "GA",
              "expiry_date": _day(30)}]  # fmt: skip
    receive_goods(counter.tenant, counter.store, lines, supplier_id=supplier)
    set_thresholds(counter.tenant, counter.store, product, min_qty=50)
    rows = counter.tenant.get(f"/v1/reorder-suggestions?store_id={counter.store}").json["items"]
    (row,) = [row for row in rows if row["product_id"] == product]
    assert (row["supplier_id"], row["last_unit_cost"]) == (supplier, 410)


def test_a_product_switched_to_lots_takes_back_units_without_a_lot_as_422_not_lots_unknown(
    counter: Counter,
) -> None:
    product = counter.tenant.post(
        "/v1/products", {"sku": unique("SWT").upper(), "name": "Crème", "price": 900}
    ).json
    move_stock(counter.tenant, counter.store, product["id"], "RECEIPT", 1)
    sale = counter.sell([{"product_id": product["id"], "quantity": 1}])
    path = f"/v1/products/{product['id']}"
    on = counter.tenant.patch(path, {"version": product["version"], "track_lots": True})
    assert on.status == 200, on
    back = counter.refund(sale["id"], [{"product_id": product["id"], "quantity": 1}])
    assert back.status == 422 and back.json["errors"][0]["field"] == "lot", back
    received = move_stock(
        counter.tenant, counter.store, product["id"], "RECEIPT", 3, lot="K1", expiry_date=_day(9)
    )
    assert received.status == 201, received
    assert move_stock(counter.tenant, counter.store, product["id"], "LOSS", 3).status == 201
    off = counter.tenant.patch(path, {"version": on.json["version"], "track_lots": False})
    assert off.status == 409 and off.json["code"] == "INVALID_STATE", off


def test_count_lines_name_lots_only_of_lot_tracked_products_and_never_mix(
    counter: Counter,
) -> None:
    lotted = _lot_product(counter, ("CA", 3, 30))
    plain = counter.product(price=100)
    for lines, field in (
        ([{"product_id": plain, "counted_qty": 5, "lot": "X"}], "lines.0.lot"),
        ([{"product_id": lotted, "counted_qty": 2, "lot": "CA"},
          {"product_id": lotted, "counted_qty": 3}], "lines.0.product_id"),
    ):  # fmt: skip
        reply = counter.tenant.post("/v1/stock-counts", {"store_id": counter.store, "lines": lines})
        assert reply.status == 422 and reply.json["errors"][0]["field"] == field, reply


def test_expired_units_leave_even_while_reservations_exceed_the_sellable_ones(
    counter: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chalicelib.clock

    product = _lot_product(counter, ("EA", 2, 0), ("EB", 3, 30))
    submitted_sale(
        counter.tenant, counter.store, [{"product_id": product, "quantity": 4}], by=counter.seller
    )
    tomorrow = chalicelib.clock.now() + timedelta(days=1)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: tomorrow)  # EA expired overnight
    loss = move_stock(counter.tenant, counter.store, product, "LOSS", 2, reason="Périmés")
    assert loss.status == 201 and [p["lot"] for p in loss.json["lots"]] == ["EA"], loss
    fresh = move_stock(counter.tenant, counter.store, product, "LOSS", 1, lot="EB")
    assert fresh.status == 409 and fresh.json["code"] == "INSUFFICIENT_STOCK", fresh


def test_a_page_of_lots_holds_at_most_limit_and_the_cursor_walks_them_all(
    counter: Counter,
) -> None:
    product = _lot_product(counter, *((f"P{n}", 1, 10 + n) for n in range(5)))
    seen, cursor, pages = [], "", 0
    while True:
        reply = counter.tenant.get(f"/v1/stock/lots?product_id={product}&limit=2{cursor}")
        assert reply.status == 200, reply
        assert len(reply.json["items"]) <= 2
        seen += [lot["lot"] for lot in reply.json["items"]]
        pages += 1
        if not reply.json["next_cursor"]:
            break
        cursor = f"&cursor={reply.json['next_cursor']}"
    assert seen == ["P0", "P1", "P2", "P3", "P4"] and pages == 3
    for outside in ("1999-12-31", "2101-01-01"):
        refused = counter.tenant.get(f"/v1/stock/lots?expiring_before={outside}")
        assert refused.status == 422, refused
