"""Storage of goods receipts: immutable, put in one transaction with the stock they bring in
and what they take off their order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from chalicelib.buckets import Bucket
from chalicelib.db import batches, keys, pages, records
from chalicelib.db.keys import serves
from chalicelib.db.models.purchasing import GoodsReceiptItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page

Receipt = GoodsReceiptItem
_RECEIPT = records.Kind(
    GoodsReceiptItem, keys.goods_receipt_pk, keys.goods_receipt_sk, "Goods receipt"
)


@serves("Goods receipt by id", "Goods receipts of a store")
def create(
    tenant_id: str,
    receipt_id: str,
    fields: dict[str, Any],
    actor: str,
    *,
    same_as: Callable[[GoodsReceiptItem], bool],
    effects: Sequence[Effect],
) -> tuple[GoodsReceiptItem, bool]:
    receipt = _RECEIPT.new(tenant_id, receipt_id, fields)
    receipt.gsi1pk = keys.goods_receipts_store_pk(tenant_id, fields["store_id"])
    receipt.gsi1sk = keys.goods_receipt_store_sk(receipt_id)
    return _RECEIPT.create(receipt, actor=actor, same_as=same_as, effects=effects)


@serves("Goods receipt by id")
def get(tenant_id: str, receipt_id: str) -> GoodsReceiptItem:
    return _RECEIPT.get(tenant_id, receipt_id)


@serves("Goods receipt by id")
def find(tenant_id: str, receipt_id: str) -> GoodsReceiptItem | None:
    return records.find(GoodsReceiptItem, *_RECEIPT.key(tenant_id, receipt_id))


@serves("Goods receipts of a store")
def receipts_page(
    tenant_id: str, walk: list[Bucket], limit: int, cursor: Key | None
) -> Page[GoodsReceiptItem]:
    """Store by store over the walk, newest first."""

    return pages.newest_over(
        GoodsReceiptItem,
        walk,
        lambda bucket: (
            keys.goods_receipts_store_pk(tenant_id, bucket.store_id or ""),
            GoodsReceiptItem.gsi1,
        ),
        limit=limit,
        cursor=cursor,
    )


@serves("Goods receipt by id")
def get_many(tenant_id: str, receipt_ids: list[str]) -> dict[str, GoodsReceiptItem]:
    """Receipts by id in one BatchGet per 100 ids (absent ones left out)."""
    wanted = [
        (keys.goods_receipt_pk(tenant_id, rid), keys.goods_receipt_sk()) for rid in receipt_ids
    ]
    return {item.id: item for item in batches.batch_get(GoodsReceiptItem, wanted)}
