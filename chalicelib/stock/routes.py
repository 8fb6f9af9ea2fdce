"""Stock levels, movements, transfers and counts: parse, one service call, serialise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules
from chalicelib.stock.schemas import (
    CountIn,
    CountList,
    CountOut,
    LevelList,
    LevelOut,
    LevelQuery,
    LotList,
    LotQuery,
    MovementIn,
    MovementList,
    MovementOut,
    MovementQuery,
    OperationQuery,
    ReceiveIn,
    ThresholdsPatch,
    TransferIn,
    TransferList,
    TransferOut,
)

if TYPE_CHECKING:
    from chalicelib.stock import operations, service
else:  # loaded by the blueprint's first request
    operations, service = lazy_modules("chalicelib.stock", "operations", "service")

bp = Blueprint(__name__)


@route(
    bp, "/v1/stock", "GET", action="stock.read", query=LevelQuery, response=LevelList, tag="Stock"
)
def list_levels(ctx: RequestContext, query: LevelQuery) -> dict[str, object]:
    """Stock levels per store and product; `below_min=true` lists those at or under min_qty."""
    items, last_key = service.list_levels(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp, "/v1/stock/lots", "GET", action="stock.read", query=LotQuery, response=LotList, tag="Stock"
)
def list_lots(ctx: RequestContext, query: LotQuery) -> dict[str, object]:
    """Lots with stock of lot-tracked products; `expiring_before` keeps those expiring earlier."""
    items, last_key = service.list_lots(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/stock/{store_id}/{product_id}",
    "PATCH",
    action="stock.write",
    body=ThresholdsPatch,
    response=LevelOut,
    tag="Stock",
)
def set_thresholds(
    ctx: RequestContext, store_id: str, product_id: str, body: ThresholdsPatch
) -> LevelOut:
    """Set a level's min_qty and reorder_qty (creates the level when absent)."""
    return service.set_thresholds(ctx.user, store_id, product_id, body)


@route(
    bp,
    "/v1/stock-movements",
    "POST",
    action="stock.write",
    body=MovementIn,
    response=MovementOut,
    status=201,
    tag="Stock",
)
def record_movement(ctx: RequestContext, body: MovementIn) -> MovementOut:
    """Receive, return, lose or adjust stock; 409 INSUFFICIENT_STOCK below zero."""
    return service.record_movement(ctx.user, body)


@route(
    bp,
    "/v1/stock-movements",
    "GET",
    action="stock.read",
    query=MovementQuery,
    response=MovementList,
    tag="Stock",
)
def list_movements(ctx: RequestContext, query: MovementQuery) -> dict[str, object]:
    """Movements, newest first; `from`/`to` are the tenant's local dates."""
    items, state = service.list_movements(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, state)


@route(
    bp,
    "/v1/stock-transfers",
    "POST",
    action="stock.write",
    body=TransferIn,
    response=TransferOut,
    status=201,
    tag="Stock transfers",
)
def create_transfer(ctx: RequestContext, body: TransferIn) -> Reply:
    """Prepare a transfer between two stores (DRAFT); at most 40 lines."""
    transfer, created = operations.create_transfer(ctx.user, body)
    return Reply(transfer, status=201 if created else 200)


@route(
    bp,
    "/v1/stock-transfers",
    "GET",
    action="stock.operations.read",
    query=OperationQuery,
    response=TransferList,
    tag="Stock transfers",
)
def list_transfers(ctx: RequestContext, query: OperationQuery) -> dict[str, object]:
    """Transfers, newest first; filter by `status`."""
    items, last_key = operations.list_transfers(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/stock-transfers/{transfer_id}",
    "GET",
    action="stock.operations.read",
    response=TransferOut,
    tag="Stock transfers",
)
def get_transfer(ctx: RequestContext, transfer_id: str) -> TransferOut:
    """One transfer with its lines and discrepancies."""
    return operations.get_transfer(ctx.user, transfer_id)


@route(
    bp,
    "/v1/stock-transfers/{transfer_id}/ship",
    "POST",
    action="stock.write",
    response=TransferOut,
    tag="Stock transfers",
)
def ship_transfer(ctx: RequestContext, transfer_id: str) -> TransferOut:
    """DRAFT -> IN_TRANSIT: the source store's stock leaves (TRANSFER_OUT)."""
    return operations.ship_transfer(ctx.user, transfer_id)


@route(
    bp,
    "/v1/stock-transfers/{transfer_id}/receive",
    "POST",
    action="stock.write",
    body=ReceiveIn,
    response=TransferOut,
    tag="Stock transfers",
)
def receive_transfer(ctx: RequestContext, transfer_id: str, body: ReceiveIn) -> TransferOut:
    """IN_TRANSIT -> RECEIVED: the destination gains what arrived (TRANSFER_IN)."""
    return operations.receive_transfer(ctx.user, transfer_id, body)


@route(
    bp,
    "/v1/stock-transfers/{transfer_id}/cancel",
    "POST",
    action="stock.write",
    response=TransferOut,
    tag="Stock transfers",
)
def cancel_transfer(ctx: RequestContext, transfer_id: str) -> TransferOut:
    """Cancel a DRAFT transfer."""
    return operations.cancel_transfer(ctx.user, transfer_id)


@route(
    bp,
    "/v1/stock-counts",
    "POST",
    action="stock.write",
    body=CountIn,
    response=CountOut,
    status=201,
    tag="Stock counts",
)
def create_count(ctx: RequestContext, body: CountIn) -> Reply:
    """Record a count (DRAFT) with the expected quantities of now; at most 40 lines."""
    count, created = operations.create_count(ctx.user, body)
    return Reply(count, status=201 if created else 200)


@route(
    bp,
    "/v1/stock-counts",
    "GET",
    action="stock.operations.read",
    query=OperationQuery,
    response=CountList,
    tag="Stock counts",
)
def list_counts(ctx: RequestContext, query: OperationQuery) -> dict[str, object]:
    """Counts, newest first; filter by `status`."""
    items, last_key = operations.list_counts(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/stock-counts/{count_id}",
    "GET",
    action="stock.operations.read",
    response=CountOut,
    tag="Stock counts",
)
def get_count(ctx: RequestContext, count_id: str) -> CountOut:
    """One count with expected and counted quantities."""
    return operations.get_count(ctx.user, count_id)


@route(
    bp,
    "/v1/stock-counts/{count_id}/apply",
    "POST",
    action="stock.write",
    response=CountOut,
    tag="Stock counts",
)
def apply_count(ctx: RequestContext, count_id: str) -> CountOut:
    """DRAFT -> APPLIED: a COUNT movement for each difference, in one write."""
    return operations.apply_count(ctx.user, count_id)
