"""The catalog as a file, in the columns the import reads back."""

from __future__ import annotations

from typing import Any

from chalicelib import spreadsheets
from chalicelib.catalog import product_repository as products_repo
from chalicelib.catalog import repository as repo
from chalicelib.catalog.importer import COLUMNS
from chalicelib.db.models.catalog import BrandItem, CategoryItem, ProductItem

CSV = spreadsheets.CSV_TYPE
XLSX = spreadsheets.XLSX_TYPE


def export(tenant_id: str, file_format: str) -> tuple[bytes | str, str, str]:
    """(file, content type, file name); CSV is text, XLSX bytes (a binary type of the app)."""
    rows = catalog_rows(tenant_id)
    if file_format == "xlsx":
        return spreadsheets.write_xlsx("products", COLUMNS, rows), XLSX, "products.xlsx"
    return spreadsheets.write_csv(COLUMNS, rows), CSV, "products.csv"


def catalog_rows(tenant_id: str) -> list[list[Any]]:
    products = products_repo.all_products(tenant_id)
    categories = {c.id: c.name for c in repo.all_of(CategoryItem, tenant_id)}
    brands = {b.id: b.name for b in repo.all_of(BrandItem, tenant_id)}
    skus = {p.id: p.sku for p in products}
    return [_row(p, categories, brands, skus) for p in products]


def _row(
    product: ProductItem, categories: dict[str, str], brands: dict[str, str], skus: dict[str, str]
) -> list[Any]:
    values = {
        **{name: getattr(product, name) for name in COLUMNS if hasattr(ProductItem, name)},
        "category": categories.get(product.category_id or ""),
        "brand": brands.get(product.brand_id or ""),
        "variant_of": skus.get(product.variant_of or ""),
        "attributes": "; ".join(f"{k}={v}" for k, v in (product.attributes or {}).items()),
    }
    return [values.get(name) for name in COLUMNS]
