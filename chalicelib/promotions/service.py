"""Promotions as plain functions: their CRUD, and the pricing of sale lines with the
promotions filed under those lines' products, categories and the whole tenant."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib import catalog, errors, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso, new_id, parse_iso
from chalicelib.pagination import Key, Page
from chalicelib.promotions import repository as repo
from chalicelib.promotions.candidates import IndexScope, candidate_keys, index_keys
from chalicelib.promotions.engine import price_sale
from chalicelib.promotions.schemas import PromotionIn, PromotionOut, PromotionPatch
from chalicelib.promotions.types import (
    LinePricing,
    PricingContext,
    Promotion,
    PromotionKind,
    SaleLine,
)
from chalicelib.reads_repository import Reads
from chalicelib.retries import retry_races
from chalicelib.schemas import from_item, sent_fields

LISTS = ("product_ids", "category_ids", "store_ids", "days_of_week")


def promotion_out(item: repo.Promotion) -> PromotionOut:
    return from_item(
        PromotionOut, item, **{name: list(getattr(item, name) or []) for name in LISTS}
    )


def _clock(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def _moment(text: str | None) -> datetime | None:
    return None if text is None else parse_iso(text)


def as_promotion(fields: dict[str, Any]) -> Promotion:
    """A stored promotion (its record's or a place's copy) as the engine reads it."""
    return Promotion(
        id=fields["id"],
        name=fields["name"],
        kind=PromotionKind(fields["kind"]),
        created_at=parse_iso(fields["created_at"]),
        percent_bps=fields.get("percent_bps") or 0,
        amount=fields.get("amount") or 0,
        buy_qty=fields.get("buy_qty") or 0,
        get_qty=fields.get("get_qty") or 0,
        product_ids=frozenset(fields.get("product_ids") or ()),
        category_ids=frozenset(fields.get("category_ids") or ()),
        store_ids=frozenset(fields.get("store_ids") or ()),
        min_quantity=fields.get("min_quantity") or 0,
        starts_at=_moment(fields.get("starts_at")),
        ends_at=_moment(fields.get("ends_at")),
        days_of_week=frozenset(fields.get("days_of_week") or ()),
        start_time=_clock(fields.get("start_time")),
        end_time=_clock(fields.get("end_time")),
        priority=fields.get("priority") or 0,
        stackable=bool(fields.get("stackable")),
        active=bool(fields.get("active", True)),
    )


def _places(fields: dict[str, Any]) -> list[repo.Place]:
    keys = index_keys(as_promotion({"id": "-", "created_at": iso(), **fields}))
    return sorted((key.scope.value, key.value) for key in keys)


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """Request values as the record keeps them: moments in RFC 3339 UTC, lists sorted."""
    stored = dict(values)
    for name in ("starts_at", "ends_at"):
        if isinstance(stored.get(name), datetime):
            stored[name] = iso(stored[name])
    for name in LISTS:
        if stored.get(name) is not None:
            stored[name] = sorted(set(stored[name]))
    return stored


WHAT_TAKES_OFF = {
    "PERCENT": ("percent_bps",),
    "AMOUNT": ("amount",),
    "BUY_X_GET_Y": ("buy_qty", "get_qty"),
}
"""The fields each kind needs (at least 1) to take anything off."""


def _check(fields: dict[str, Any]) -> None:
    """422 for a promotion that cannot price anything as written."""
    kind = str(fields.get("kind"))
    problems = [
        {"field": name, "message": f"must be at least 1 for {kind}"}
        for name in WHAT_TAKES_OFF.get(kind, ())
        if (fields.get(name) or 0) < 1
    ]
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts is not None and ends is not None and parse_iso(ends) <= parse_iso(starts):
        problems.append({"field": "ends_at", "message": "must be after starts_at"})
    if problems:
        raise errors.ValidationError("The promotion is invalid.", errors=problems)


def _check_references(tenant_id: str, fields: dict[str, Any]) -> None:
    """422 naming each product, category or store the promotion names that is not live."""
    products, stores = list(fields.get("product_ids") or []), list(fields.get("store_ids") or [])
    categories = list(fields.get("category_ids") or [])
    found = catalog.get_products(tenant_id, products) if products else {}
    live_stores = set(tenancy.live_stores(tenant_id, tuple(stores))) if stores else set()
    live_categories = catalog.live_categories(tenant_id, categories) if categories else set()
    problems = [
        {"field": f"{name}.{index}", "message": "unknown or deleted"}
        for name, ids, live in (
            ("product_ids", products, found),
            ("category_ids", categories, live_categories),
            ("store_ids", stores, live_stores),
        )
        for index, wanted in enumerate(ids)
        if wanted not in live
    ]
    if problems:
        raise errors.ValidationError("The promotion names what does not exist.", errors=problems)


def create_promotion(principal: Principal, data: PromotionIn) -> tuple[PromotionOut, bool]:
    fields = _stored(data.model_dump(exclude={"id"}))
    _check(fields)
    _check_references(principal.tenant_id, data.model_dump())
    promotion_id = data.id or new_id()
    return retry_races(lambda: _create_once(principal, promotion_id, fields), attempts=10)


def _create_once(
    principal: Principal, promotion_id: str, fields: dict[str, Any]
) -> tuple[PromotionOut, bool]:
    saved, created = repo.create(
        principal.tenant_id,
        promotion_id,
        fields,
        _places(fields),
        principal.user_id,
        same_as=lambda old: all(getattr(old, name) == fields[name] for name in repo.FIELDS),
    )
    return promotion_out(saved), created


def get_promotion(principal: Principal, promotion_id: str) -> PromotionOut:
    return promotion_out(repo.get(principal.tenant_id, promotion_id))


def update_promotion(
    principal: Principal, promotion_id: str, patch: PromotionPatch
) -> PromotionOut:
    sent = sent_fields(patch)
    _check_references(principal.tenant_id, sent)
    changes = _stored(sent)

    def once() -> PromotionOut:
        item = repo.get(principal.tenant_id, promotion_id)
        before = repo.copy_of(item)
        after = {**before, **changes}
        _check(after)
        places = (_places(before), _places(after))
        repo.update(item, dict(changes), *places, patch.version, principal.user_id)
        return promotion_out(item)

    return retry_races(once, attempts=10)


def delete_promotion(principal: Principal, promotion_id: str) -> None:
    def once() -> None:
        item = repo.get(principal.tenant_id, promotion_id)
        repo.soft_delete(item, _places(repo.copy_of(item)), principal.user_id)

    retry_races(once, attempts=10)


def list_promotions(principal: Principal, limit: int, start_key: Key | None) -> Page[PromotionOut]:
    items, last_key = repo.list_page(principal.tenant_id, limit, start_key)
    return [promotion_out(item) for item in items], last_key


def want_promotions(reads: Reads, tenant_id: str) -> None:
    """Read where the tenant's promotions are filed with a request's other reads."""
    repo.want_places(reads, tenant_id)


def price_lines(
    tenant_id: str,
    store_id: str,
    timezone: str,
    moment: datetime,
    lines: Sequence[SaleLine],
    reads: Reads | None = None,
) -> list[LinePricing]:
    """Each line's promotions at `moment` (tenant-local days and hours), read by key: of the
    lines' products, their categories with every ancestor and the tenant-wide place, only
    those that hold promotions (the summary of places says which); none when none do."""
    filed = repo.filed_places(tenant_id, reads)
    ancestors: dict[str, tuple[str, ...]] = {}
    categories = sorted({line.category_id for line in lines if line.category_id})
    if categories and any(scope == IndexScope.CATEGORY for scope, _ in filed):
        ancestors = catalog.category_ancestors(tenant_id, categories)
    wanted = {(key.scope.value, key.value) for key in candidate_keys(lines, ancestors)}
    copies = repo.filed_under(tenant_id, sorted(wanted & filed))
    context = PricingContext(store_id, moment.astimezone(ZoneInfo(timezone)), ancestors)
    return price_sale(lines, [as_promotion(copy) for copy in copies], context)
