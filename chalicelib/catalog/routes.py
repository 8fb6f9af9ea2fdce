"""Catalog routes: categories, brands, products, import and export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib import spreadsheets
from chalicelib.catalog.schemas import (
    BrandIn,
    BrandList,
    BrandOut,
    BrandPatch,
    CategoryIn,
    CategoryList,
    CategoryOut,
    CategoryPatch,
    CategoryQuery,
    ExportQuery,
    ImportAccepted,
    ImportJobList,
    ImportJobOut,
    ImportOut,
    ProductIn,
    ProductList,
    ProductOut,
    ProductPatch,
    ProductQuery,
    ReorderIn,
)
from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules
from chalicelib.schemas import ListQuery

if TYPE_CHECKING:
    from chalicelib.catalog import categories, exporter, import_jobs, service
else:  # loaded by the blueprint's first request
    categories, exporter, import_jobs, service = lazy_modules(
        "chalicelib.catalog", "categories", "exporter", "import_jobs", "service"
    )

bp = Blueprint(__name__)
IMPORT_MAX_BYTES = 6 * 1024 * 1024


@route(
    bp,
    "/v1/categories",
    "GET",
    action="catalog.read",
    query=CategoryQuery,
    response=CategoryList,
    tag="Catalog",
)
def list_categories(ctx: RequestContext, query: CategoryQuery) -> dict[str, object]:
    """Categories; with `parent_id` (or `root`), that parent's children in position order."""
    items, last_key = categories.list_categories(
        ctx.user, query.parent_id, query.limit, ctx.start_key(query.cursor)
    )
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/categories",
    "POST",
    action="catalog.write",
    body=CategoryIn,
    response=CategoryOut,
    status=201,
    tag="Catalog",
)
def create_category(ctx: RequestContext, body: CategoryIn) -> Reply:
    """Create a category, at the root or under an existing parent."""
    category, created = categories.create_category(ctx.user, body)
    return Reply(category, status=201 if created else 200)


@route(
    bp,
    "/v1/categories/reorder",
    "POST",
    action="catalog.write",
    body=ReorderIn,
    response=CategoryList,
    tag="Catalog",
)
def reorder_categories(ctx: RequestContext, body: ReorderIn) -> dict[str, object]:
    """Give sibling categories the positions of their order in `ids`."""
    return {"items": categories.reorder_categories(ctx.user, body), "next_cursor": None}


@route(
    bp,
    "/v1/categories/{category_id}",
    "GET",
    action="catalog.read",
    response=CategoryOut,
    tag="Catalog",
)
def get_category(ctx: RequestContext, category_id: str) -> CategoryOut:
    """One category."""
    return categories.get_category(ctx.user, category_id)


@route(
    bp,
    "/v1/categories/{category_id}",
    "PATCH",
    action="catalog.write",
    body=CategoryPatch,
    response=CategoryOut,
    tag="Catalog",
)
def update_category(ctx: RequestContext, category_id: str, body: CategoryPatch) -> CategoryOut:
    """Rename, move (no cycles) or reposition a category."""
    return categories.update_category(ctx.user, category_id, body)


@route(
    bp, "/v1/categories/{category_id}", "DELETE", action="catalog.write", status=204, tag="Catalog"
)
def delete_category(ctx: RequestContext, category_id: str) -> None:
    """Delete a category that has no children (soft delete)."""
    categories.delete_category(ctx.user, category_id)


@route(
    bp,
    "/v1/brands",
    "GET",
    action="catalog.read",
    query=ListQuery,
    response=BrandList,
    tag="Catalog",
)
def list_brands(ctx: RequestContext, query: ListQuery) -> dict[str, object]:
    """The tenant's brands."""
    items, last_key = categories.list_brands(ctx.user, query.limit, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/brands",
    "POST",
    action="catalog.write",
    body=BrandIn,
    response=BrandOut,
    status=201,
    tag="Catalog",
)
def create_brand(ctx: RequestContext, body: BrandIn) -> Reply:
    """Create a brand."""
    brand, created = categories.create_brand(ctx.user, body)
    return Reply(brand, status=201 if created else 200)


@route(bp, "/v1/brands/{brand_id}", "GET", action="catalog.read", response=BrandOut, tag="Catalog")
def get_brand(ctx: RequestContext, brand_id: str) -> BrandOut:
    """One brand."""
    return categories.get_brand(ctx.user, brand_id)


@route(
    bp,
    "/v1/brands/{brand_id}",
    "PATCH",
    action="catalog.write",
    body=BrandPatch,
    response=BrandOut,
    tag="Catalog",
)
def update_brand(ctx: RequestContext, brand_id: str, body: BrandPatch) -> BrandOut:
    """Rename a brand."""
    return categories.update_brand(ctx.user, brand_id, body)


@route(bp, "/v1/brands/{brand_id}", "DELETE", action="catalog.write", status=204, tag="Catalog")
def delete_brand(ctx: RequestContext, brand_id: str) -> None:
    """Delete a brand (soft delete)."""
    categories.delete_brand(ctx.user, brand_id)


@route(
    bp,
    "/v1/products",
    "GET",
    action="catalog.read",
    query=ProductQuery,
    response=ProductList,
    tag="Catalog",
)
def list_products(ctx: RequestContext, query: ProductQuery) -> dict[str, object]:
    """Products, found by name-word/sku prefix, sku, barcode, category, brand or status."""
    items, last_key = service.list_products(ctx.tenant_id, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/products",
    "POST",
    action="catalog.write",
    body=ProductIn,
    response=ProductOut,
    status=201,
    tag="Catalog",
)
def create_product(ctx: RequestContext, body: ProductIn) -> Reply:
    """Create a product or a variant (`variant_of`); sku and barcode are unique."""
    product, created = service.create_product(ctx.user, body)
    return Reply(product, status=201 if created else 200)


@route(
    bp,
    "/v1/products/import",
    "POST",
    action="catalog.transfer",
    response=ImportOut | ImportAccepted,
    raw_body_types=("text/csv",),
    max_body_bytes=IMPORT_MAX_BYTES,
    tag="Catalog",
    statuses=(202,),
)
def import_products(ctx: RequestContext) -> ImportOut | Reply:
    """Create or update products by sku from a CSV file; bad lines are reported, not applied.

    Up to 500 well-formed lines: applied now, 200 with the counts. Larger files (at most
    22 500 lines): 202 with the queued job and its `status_url` (also in `Location`); poll
    `GET /v1/import-jobs/{id}` until `status` is DONE.
    """
    result = import_jobs.import_products(ctx.user, ctx.raw_body)
    if isinstance(result, ImportOut):
        return result
    return Reply(result, status=202, headers={"Location": result.status_url})


@route(
    bp,
    "/v1/import-jobs",
    "GET",
    action="catalog.transfer",
    query=ListQuery,
    response=ImportJobList,
    tag="Catalog",
)
def list_import_jobs(ctx: RequestContext, query: ListQuery) -> dict[str, object]:
    """The tenant's product imports that ran in the background, newest first."""
    items, last_key = import_jobs.list_jobs(ctx.user, query.limit, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/import-jobs/{job_id}",
    "GET",
    action="catalog.transfer",
    response=ImportJobOut,
    tag="Catalog",
)
def get_import_job(ctx: RequestContext, job_id: str) -> ImportJobOut:
    """Progress of a background product import: counts so far and bad lines (first 1000)."""
    return import_jobs.get_job(ctx.user, job_id)


@route(
    bp,
    "/v1/products/export",
    "GET",
    action="catalog.transfer",
    query=ExportQuery,
    produces=("text/csv", spreadsheets.XLSX_TYPE),
    tag="Catalog",
)
def export_products(ctx: RequestContext, query: ExportQuery) -> Response:
    """The catalog as CSV or XLSX (send `Accept` with the XLSX type), in the import's columns."""
    body, content_type, filename = exporter.export(ctx.tenant_id, query.format)
    return Response(
        body=body,
        status_code=200,
        headers={
            "Content-Type": content_type,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@route(
    bp,
    "/v1/products/{product_id}",
    "GET",
    action="catalog.read",
    response=ProductOut,
    tag="Catalog",
)
def get_product(ctx: RequestContext, product_id: str) -> ProductOut:
    """One product."""
    return service.get_product(ctx.tenant_id, product_id)


@route(
    bp,
    "/v1/products/{product_id}",
    "PATCH",
    action="catalog.write",
    body=ProductPatch,
    response=ProductOut,
    tag="Catalog",
)
def update_product(ctx: RequestContext, product_id: str, body: ProductPatch) -> ProductOut:
    """Change a product; a new sku or barcode moves its uniqueness marker atomically."""
    return service.update_product(ctx.user, product_id, body)


@route(bp, "/v1/products/{product_id}", "DELETE", action="catalog.write", status=204, tag="Catalog")
def delete_product(ctx: RequestContext, product_id: str) -> None:
    """Delete a product (soft delete); its sku and barcode become free."""
    service.delete_product(ctx.user, product_id)
