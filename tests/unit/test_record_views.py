"""A list page's records read as views (chalicelib/db/views.py) hold what PynamoDB's items
hold: every attribute, nulls and defaults included; another kind is built by PynamoDB."""

from __future__ import annotations

from typing import Any

from chalicelib.db import views
from chalicelib.db.base import Entity
from chalicelib.db.models.sales import PaymentItem, SaleItem

LINES = [{"product_id": "P1", "quantity": 2, "unit_price": 1500, "name": "Câble"}]


def _sale(**fields: Any) -> SaleItem:
    values: dict[str, Any] = {
        "pk": "T#t#SALE#s",
        "sk": "SALE",
        "id": "s",
        "tenant_id": "t",
        "store_id": "st",
        "seller_id": "u",
        "status": "PAID",
        "currency": "XAF",
        "created_at": "2026-12-01T10:00:00Z",
        "updated_at": "2026-12-01T10:05:00Z",
        **fields,
    }
    return SaleItem(**values)


def _same(view: Any, item: Entity) -> None:
    for name in type(item).get_attributes():
        if name != type(item)._discriminator:  # type: ignore[attr-defined]
            assert getattr(view, name) == getattr(item, name), name


def test_a_view_holds_every_attribute_as_pynamodb_reads_it() -> None:
    sale = _sale(lines=LINES, total=3000, paid_total=3000, cashier_ids=["c1"], note="é")
    raw = sale.serialize()
    view = views.reader(SaleItem)(raw)
    _same(view, SaleItem.from_raw_data(raw))
    assert view.lines == LINES and view.total == 3000 and view.customer_id is None


def test_missing_attributes_take_their_defaults_and_no_default_is_shared() -> None:
    raw = _sale().serialize()
    for name in ("lines", "cashier_ids", "total", "discount"):
        raw.pop(name, None)
    read = views.reader(SaleItem)
    first, second = read(raw), read(raw)
    _same(first, SaleItem.from_raw_data(raw))
    assert first.lines == [] and first.total == 0
    first.lines.append("x")
    assert second.lines == []


def test_an_item_of_another_kind_is_built_by_pynamodb() -> None:
    payment = PaymentItem(
        pk="T#t#SALE#s",
        sk="PAY#p",
        id="p",
        sale_id="s",
        store_id="st",
        shift_id="sh",
        method="CASH",
        amount=1000,
        currency="XAF",
        created_at="2026-12-01T10:00:00Z",
        updated_at="2026-12-01T10:00:00Z",
    )
    read = views.reader(SaleItem)(payment.serialize())
    assert isinstance(read, PaymentItem) and read.amount == 1000
