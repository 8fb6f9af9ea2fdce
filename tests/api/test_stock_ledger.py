"""The ledger interface sales builds on: actions added to the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chalicelib import errors
from chalicelib.clock import new_id
from tests.support import Tenant, add_store


@pytest.fixture
def shop(tenant: Tenant) -> tuple[str, str]:
    return tenant.id, add_store(tenant, "Akwa", "AKW")["id"]


def _level(tenant_id: str, store_id: str, product_id: str) -> tuple[int, int, int]:
    from chalicelib.stock.repository import find_level

    level = find_level(tenant_id, store_id, product_id)
    assert level is not None
    return level.on_hand, level.reserved, level.available


def _commit(build: Callable[..., object], *args: object, **kwargs: object) -> None:
    from chalicelib.db.base import Tx

    tx = Tx()
    build(tx, *args, **kwargs)
    tx.commit()


def _receive(tenant_id: str, store_id: str, product_id: str, quantity: int) -> None:
    from chalicelib.stock import ledger

    _commit(
        ledger.restock,
        tenant_id,
        store_id,
        [ledger.StockLine(product_id, quantity)],
        "tester",
        "initial",
        movement_type="RECEIPT",
    )


def test_reserve_then_ship_moves_stock_and_writes_a_sale_movement(shop: tuple[str, str]) -> None:
    from chalicelib.stock import ledger
    from chalicelib.stock.service import movements_of_level

    tenant_id, store_id = shop
    product = new_id()
    _receive(tenant_id, store_id, product, 10)
    _commit(ledger.reserve, tenant_id, store_id, [ledger.StockLine(product, 4)], "seller")
    assert _level(tenant_id, store_id, product) == (10, 4, 6)
    _commit(
        ledger.ship_reserved,
        tenant_id,
        store_id,
        [ledger.StockLine(product, 3)],
        "cashier",
        reference="SALE-1",
    )
    assert _level(tenant_id, store_id, product) == (7, 1, 6)
    _commit(ledger.release, tenant_id, store_id, [ledger.StockLine(product, 1)], "manager")
    assert _level(tenant_id, store_id, product) == (7, 0, 7)
    moves = movements_of_level(tenant_id, store_id, product)
    assert sorted((m.movement_type, m.quantity, m.reference) for m in moves) == [
        ("RECEIPT", 10, "initial"),
        ("SALE", -3, "SALE-1"),
    ]


def test_reserving_more_than_available_names_the_product_and_writes_nothing(
    shop: tuple[str, str],
) -> None:
    from chalicelib.db.base import Tx
    from chalicelib.stock import ledger

    tenant_id, store_id = shop
    stocked, missing = new_id(), new_id()
    _receive(tenant_id, store_id, stocked, 2)
    tx = Tx()
    ledger.reserve(tx, tenant_id, store_id, [ledger.StockLine(stocked, 2)], "seller")
    with pytest.raises(errors.InsufficientStockError, match=missing):
        ledger.reserve(tx, tenant_id, store_id, [ledger.StockLine(missing, 1)], "seller")
    with pytest.raises(errors.InsufficientStockError, match=stocked):
        _commit(ledger.reserve, tenant_id, store_id, [ledger.StockLine(stocked, 3)], "seller")
    assert _level(tenant_id, store_id, stocked) == (2, 0, 2)


def test_the_write_condition_catches_stock_taken_after_the_read(shop: tuple[str, str]) -> None:
    from chalicelib.db.base import Tx
    from chalicelib.stock import ledger

    tenant_id, store_id = shop
    product = new_id()
    _receive(tenant_id, store_id, product, 5)
    tx = Tx()
    ledger.reserve(tx, tenant_id, store_id, [ledger.StockLine(product, 5)], "seller")
    _commit(ledger.reserve, tenant_id, store_id, [ledger.StockLine(product, 1)], "other seller")
    with pytest.raises(errors.InsufficientStockError, match=product):
        tx.commit()
    assert _level(tenant_id, store_id, product) == (5, 1, 4)


def test_shipping_more_than_reserved_is_refused(shop: tuple[str, str]) -> None:
    from chalicelib.stock import ledger

    tenant_id, store_id = shop
    product = new_id()
    _receive(tenant_id, store_id, product, 5)
    with pytest.raises(errors.InsufficientStockError):
        _commit(
            ledger.ship_reserved,
            tenant_id,
            store_id,
            [ledger.StockLine(product, 1)],
            "c",
            reference="SALE-2",
        )
    assert _level(tenant_id, store_id, product) == (5, 0, 5)


def test_a_level_crossing_its_minimum_meanwhile_is_retried(shop: tuple[str, str]) -> None:
    from chalicelib.db.base import Tx
    from chalicelib.stock import ledger, repository

    tenant_id, store_id = shop
    product = new_id()
    _receive(tenant_id, store_id, product, 5)
    repository.set_thresholds(tenant_id, store_id, product, 3, 10, "manager")
    stale = Tx()
    ledger.reserve(stale, tenant_id, store_id, [ledger.StockLine(product, 1)], "seller")
    _commit(ledger.reserve, tenant_id, store_id, [ledger.StockLine(product, 1)], "other")
    with pytest.raises(ledger.StockChangedError):
        stale.commit()
    attempts: list[int] = []

    def write() -> None:
        attempts.append(1)
        _commit(ledger.reserve, tenant_id, store_id, [ledger.StockLine(product, 1)], "seller")

    ledger.retry_races(write)
    assert _level(tenant_id, store_id, product) == (5, 2, 3)
    level = repository.find_level(tenant_id, store_id, product)
    assert level is not None and level.gsi2pk is not None


def test_restock_and_action_budget() -> None:
    from chalicelib.stock import ledger

    assert ledger.ACTIONS_PER_LINE == 2
    with pytest.raises(ValueError):
        ledger.StockLine("P", 0)
