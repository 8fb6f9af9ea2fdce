"""Customer routes: parse, one service call, serialise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.customers.schemas import (
    CustomerIn,
    CustomerList,
    CustomerOut,
    CustomerPatch,
    CustomerQuery,
)
from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules

if TYPE_CHECKING:
    from chalicelib.customers import service
else:  # loaded by the blueprint's first request
    (service,) = lazy_modules("chalicelib.customers", "service")

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/customers",
    "GET",
    action="customers.read",
    query=CustomerQuery,
    response=CustomerList,
    tag="Customers",
)
def list_customers(ctx: RequestContext, query: CustomerQuery) -> dict[str, object]:
    """Customers by name (prefix `search`, case- and accent-insensitive) or exact `phone`."""
    items, last_key = service.list_customers(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/customers",
    "POST",
    action="customers.write",
    body=CustomerIn,
    response=CustomerOut,
    status=201,
    tag="Customers",
)
def create_customer(ctx: RequestContext, body: CustomerIn) -> Reply:
    """Register a customer; the phone is stored in E.164."""
    customer, created = service.create_customer(ctx.user, body)
    return Reply(customer, status=201 if created else 200)


@route(
    bp,
    "/v1/customers/{customer_id}",
    "GET",
    action="customers.read",
    response=CustomerOut,
    tag="Customers",
)
def get_customer(ctx: RequestContext, customer_id: str) -> CustomerOut:
    """One customer."""
    return service.get_customer(ctx.tenant_id, customer_id)


@route(
    bp,
    "/v1/customers/{customer_id}",
    "PATCH",
    action="customers.write",
    body=CustomerPatch,
    response=CustomerOut,
    tag="Customers",
)
def update_customer(ctx: RequestContext, customer_id: str, body: CustomerPatch) -> CustomerOut:
    """Change a customer."""
    return service.update_customer(ctx.user, customer_id, body)


@route(
    bp,
    "/v1/customers/{customer_id}",
    "DELETE",
    action="customers.delete",
    status=204,
    tag="Customers",
)
def delete_customer(ctx: RequestContext, customer_id: str) -> None:
    """Delete a customer (soft delete)."""
    service.delete_customer(ctx.user, customer_id)
