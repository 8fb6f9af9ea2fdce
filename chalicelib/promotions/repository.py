"""Storage of promotions and of their copies at each place they are filed under.

A promotion's write carries the copies it adds, changes or removes, each on condition that no
newer version wrote it: the record and its first 99 places are one transaction, the places
beyond (a promotion may name 100 products and 20 categories) follow in further ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from chalicelib import errors
from chalicelib.clock import iso
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.promotions import (
    PromotionItem,
    PromotionPlaceItem,
    PromotionPlacesItem,
)
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.retries import LostRaceError

Promotion = PromotionItem
_PROMOTION = records.Kind(PromotionItem, keys.promotion_pk, keys.promotion_sk, "Promotion")
Place = tuple[str, str]
MAX_ACTIONS = 100
INDEXES = ("gsi1pk", "gsi1sk")


class _IdTaken(errors.ConflictError):
    pass


class PlacesChangedError(LostRaceError):
    """Another promotion's write changed the summary of places first; read it again."""


def _summary_key(tenant_id: str) -> tuple[str, str]:
    return keys.promotion_places_pk(tenant_id), keys.promotion_places_sk()


def _refiled(tenant_id: str, promotion_id: str, new: Iterable[Place]) -> Callable[[Tx], None]:
    """The summary of places with the promotion at exactly `new`, on condition of its version."""
    pk, sk = _summary_key(tenant_id)
    current = records.find(PromotionPlacesItem, pk, sk)
    places = {
        place: [pid for pid in ids if pid != promotion_id]
        for place, ids in (dict(current.places or {}) if current else {}).items()
    }
    for scope, value in new:
        places.setdefault(f"{scope}#{value}", []).append(promotion_id)
    summary = PromotionPlacesItem(
        pk=pk,
        sk=sk,
        tenant_id=tenant_id,
        places={place: sorted(ids) for place, ids in sorted(places.items()) if ids},
        version=(current.version if current else 0) + 1,
    )
    condition = (
        PromotionPlacesItem.pk.does_not_exist()
        if current is None
        else PromotionPlacesItem.version == current.version
    )

    def put(tx: Tx) -> None:
        tx.put(summary, condition=condition, on_fail=PlacesChangedError("Try again."))

    return put


def _stale_or_absent(version: int) -> Any:
    return PromotionPlaceItem.pk.does_not_exist() | (PromotionPlaceItem.version < version)


def _place_writes(
    tenant_id: str,
    promotion_id: str,
    version: int,
    copy: dict[str, Any] | None,
    old: Iterable[Place],
    new: Iterable[Place],
) -> list[Callable[[Tx], None]]:
    """Put the copy at each new place, delete it from each old place it left."""
    new_set = set(new)
    writes: list[Callable[[Tx], None]] = []
    for scope, value in sorted(set(old) - new_set):
        gone = PromotionPlaceItem(
            pk=keys.promotion_place_pk(tenant_id, scope, value),
            sk=keys.promotion_place_sk(promotion_id),
        )
        writes.append(_removal(gone, version))
    for scope, value in sorted(new_set):
        placed = PromotionPlaceItem(
            pk=keys.promotion_place_pk(tenant_id, scope, value),
            sk=keys.promotion_place_sk(promotion_id),
            tenant_id=tenant_id,
            promotion_id=promotion_id,
            version=version,
            promotion=copy,
        )
        writes.append(_placing(placed, version))
    return writes


def _removal(item: PromotionPlaceItem, version: int) -> Callable[[Tx], None]:
    def remove(tx: Tx) -> None:
        tx.remove(item, condition=_stale_or_absent(version))

    return remove


def _placing(item: PromotionPlaceItem, version: int) -> Callable[[Tx], None]:
    def put(tx: Tx) -> None:
        tx.put(item, condition=_stale_or_absent(version))

    return put


def _commit(tx: Tx, writes: list[Callable[[Tx], None]]) -> None:
    """The record's transaction with as many place writes as fit, then the rest."""
    room = MAX_ACTIONS - tx.size
    for write in writes[:room]:
        write(tx)
    tx.commit()
    rest = writes[room:]
    for start in range(0, len(rest), MAX_ACTIONS):
        more = Tx()
        for write in rest[start : start + MAX_ACTIONS]:
            write(more)
        more.commit()


@serves("Promotion by id")
def copy_of(item: PromotionItem) -> dict[str, Any]:
    """The promotion's fields as its places keep them."""
    names = ("id", "created_at", *(name for name in FIELDS))
    return {name: getattr(item, name) for name in names}


FIELDS = (
    "name",
    "kind",
    "percent_bps",
    "amount",
    "buy_qty",
    "get_qty",
    "product_ids",
    "category_ids",
    "store_ids",
    "min_quantity",
    "starts_at",
    "ends_at",
    "days_of_week",
    "start_time",
    "end_time",
    "priority",
    "stackable",
    "active",
)


@serves("Promotion by id", "Promotions of the tenant", "Promotions filed under a place")
def create(
    tenant_id: str,
    promotion_id: str,
    fields: dict[str, Any],
    places: list[Place],
    actor: str,
    same_as: Callable[[PromotionItem], bool],
) -> tuple[PromotionItem, bool]:
    item = PromotionItem(
        id=promotion_id,
        pk=keys.promotion_pk(tenant_id, promotion_id),
        sk=keys.promotion_sk(),
        gsi1pk=keys.promotions_pk(tenant_id),
        gsi1sk=keys.promotion_list_sk(promotion_id),
        tenant_id=tenant_id,
        **fields,
    )
    records.stamp_new(item, actor)
    tx = Tx()
    tx.put(item, condition=PromotionItem.pk.does_not_exist(), on_fail=_IdTaken())
    _refiled(tenant_id, promotion_id, places)(tx)
    try:
        _commit(tx, _place_writes(tenant_id, promotion_id, 1, copy_of(item), (), places))
    except _IdTaken as taken:
        existing = records.find(PromotionItem, item.pk, item.sk)
        if existing is not None and existing.deleted_at is None and same_as(existing):
            return existing, False
        raise errors.ConflictError(f"A promotion with id {promotion_id} already exists.") from taken
    return item, True


@serves("Promotion by id")
def get(tenant_id: str, promotion_id: str) -> PromotionItem:
    return _PROMOTION.get(tenant_id, promotion_id, consistent=True)


@serves("Promotion by id", "Promotions filed under a place")
def update(
    item: PromotionItem,
    changes: dict[str, Any],
    old_places: list[Place],
    new_places: list[Place],
    version: int,
    actor: str,
) -> PromotionItem:
    if item.version != version:
        raise errors.VersionMismatchError(f"Promotion is at version {item.version}, not {version}.")
    tx = Tx()
    values = records.change(
        tx,
        item,
        changes,
        actor=actor,
        on_fail=errors.VersionMismatchError(
            f"Promotion changed since version {version}; read it again."
        ),
    )
    _refiled(item.tenant_id or "", item.id, new_places)(tx)
    after = {**copy_of(item), **{k: v for k, v in values.items() if k in FIELDS}}
    writes = _place_writes(
        item.tenant_id or "", item.id, values["version"], after, old_places, new_places
    )
    _commit(tx, writes)
    return records.mirror(item, values)


@serves("Promotion by id", "Promotions of the tenant", "Promotions filed under a place")
def soft_delete(item: PromotionItem, places: list[Place], actor: str) -> None:
    """The promotion leaves the list and every place: no sale meets it again."""
    now = iso()
    actions = [
        PromotionItem.deleted_at.set(now),
        PromotionItem.updated_at.set(now),
        PromotionItem.updated_by.set(actor),
        PromotionItem.version.add(1),
        *(getattr(PromotionItem, name).remove() for name in INDEXES),
    ]
    tx = Tx()
    tx.change(
        item,
        actions,
        condition=(PromotionItem.version == item.version)
        & PromotionItem.deleted_at.does_not_exist(),
        on_fail=errors.NotFoundError("Promotion not found."),
    )
    _refiled(item.tenant_id or "", item.id, ())(tx)
    _commit(tx, _place_writes(item.tenant_id or "", item.id, item.version + 1, None, places, ()))


@serves("Promotions of the tenant")
def list_page(tenant_id: str, limit: int, start_key: Key | None) -> Page[PromotionItem]:
    return records.query_page(
        PromotionItem,
        keys.promotions_pk(tenant_id),
        index=PromotionItem.gsi1,
        limit=limit,
        start_key=start_key,
    )


@serves("Promotions filed under a place")
def filed_under(tenant_id: str, places: Iterable[Place]) -> list[dict[str, Any]]:
    """The copies filed at these places: one query each, the newest copy of each promotion."""
    newest: dict[str, PromotionPlaceItem] = {}
    for scope, value in sorted(set(places)):
        for copy in PromotionPlaceItem.query(keys.promotion_place_pk(tenant_id, scope, value)):
            if not isinstance(copy, PromotionPlaceItem):
                continue
            kept = newest.get(copy.promotion_id)
            if kept is None or copy.version > kept.version:
                newest[copy.promotion_id] = copy
    return [dict(copy.promotion) for copy in newest.values() if copy.promotion]


@serves("Places that hold promotions")
def want_places(reads: Reads, tenant_id: str) -> None:
    reads.want([_summary_key(tenant_id)])


@serves("Places that hold promotions")
def filed_places(tenant_id: str, reads: Reads | None = None) -> set[Place]:
    """The places that hold at least one live promotion (from `reads` when they wanted it)."""
    key = _summary_key(tenant_id)
    found = Reads.find(reads, PromotionPlacesItem, key)
    if found is None:
        return set()
    return {
        (scope, value)
        for place, ids in (found.places or {}).items()
        if ids
        for scope, _, value in [place.partition("#")]
    }
