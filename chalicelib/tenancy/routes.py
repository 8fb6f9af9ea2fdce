"""The tenant and its stores: parse, one service call, serialise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules
from chalicelib.schemas import ListQuery
from chalicelib.tenancy.schemas import (
    StoreIn,
    StoreList,
    StoreOut,
    StorePatch,
    TenantOut,
    TenantPatch,
)

if TYPE_CHECKING:
    from chalicelib.tenancy import service
else:  # loaded by the blueprint's first request
    (service,) = lazy_modules("chalicelib.tenancy", "service")

bp = Blueprint(__name__)


@route(bp, "/v1/tenant", "GET", action="tenant.read", response=TenantOut, tag="Tenancy")
def get_tenant(ctx: RequestContext) -> TenantOut:
    """The tenant's settings."""
    return service.get_tenant(ctx.user)


@route(
    bp,
    "/v1/tenant",
    "PATCH",
    action="tenant.update",
    body=TenantPatch,
    response=TenantOut,
    tag="Tenancy",
)
def update_tenant(ctx: RequestContext, body: TenantPatch) -> TenantOut:
    """Change the tenant's settings."""
    return service.update_tenant(ctx.user, body)


@route(
    bp, "/v1/stores", "GET", action="stores.read", query=ListQuery, response=StoreList, tag="Stores"
)
def list_stores(ctx: RequestContext, query: ListQuery) -> dict[str, object]:
    """The tenant's stores."""
    stores, last_key = service.list_stores(ctx.user, query.limit, ctx.start_key(query.cursor))
    return ctx.page(stores, last_key)


@route(
    bp,
    "/v1/stores",
    "POST",
    action="stores.write",
    body=StoreIn,
    response=StoreOut,
    status=201,
    tag="Stores",
)
def create_store(ctx: RequestContext, body: StoreIn) -> Reply:
    """Open a store; its code is unique in the tenant."""
    store, created = service.create_store(ctx.user, body)
    return Reply(store, status=201 if created else 200)


@route(bp, "/v1/stores/{store_id}", "GET", action="stores.read", response=StoreOut, tag="Stores")
def get_store(ctx: RequestContext, store_id: str) -> StoreOut:
    """One store."""
    return service.get_store(ctx.user, store_id)


@route(
    bp,
    "/v1/stores/{store_id}",
    "PATCH",
    action="stores.write",
    body=StorePatch,
    response=StoreOut,
    tag="Stores",
)
def update_store(ctx: RequestContext, store_id: str, body: StorePatch) -> StoreOut:
    """Change a store."""
    return service.update_store(ctx.user, store_id, body)


@route(bp, "/v1/stores/{store_id}", "DELETE", action="stores.write", status=204, tag="Stores")
def delete_store(ctx: RequestContext, store_id: str) -> None:
    """Close a store (soft delete)."""
    service.delete_store(ctx.user, store_id)
