"""The catalog as a file, in the columns the import reads back."""

from __future__ import annotations

from typing import Any

from chalicelib import spreadsheets
from chalicelib.catalog import brand_repository, category_repository
from chalicelib.catalog import repository as products_repo
from chalicelib.catalog.importer import COLUMNS

CSV = spreadsheets.CSV_TYPE
# The columns a product holds as such; the others name its category, brand and parent.
OWN_COLUMNS = tuple(name for name in COLUMNS if name not in ("category", "brand"))


def export(tenant_id: str, file_format: str) -> tuple[bytes | str, str, str]:
    """(file, content type, file name); CSV is text, XLSX bytes (a binary type of the app)."""
    rows = catalog_rows(tenant_id)
    if file_format == "xlsx":
        return (
            spreadsheets.write_xlsx("products", COLUMNS, rows),
            spreadsheets.XLSX_TYPE,
            "products.xlsx",
        )
    return spreadsheets.write_csv(COLUMNS, rows), CSV, "products.csv"


def catalog_rows(tenant_id: str) -> list[list[Any]]:
    products = products_repo.all_products(tenant_id)
    categories = {c.id: c.name for c in category_repository.all_categories(tenant_id)}
    brands = {b.id: b.name for b in brand_repository.all_brands(tenant_id)}
    skus = {p.id: p.sku for p in products}
    return [_row(p, categories, brands, skus) for p in products]


def _row(
    product: products_repo.Product,
    categories: dict[str, str],
    brands: dict[str, str],
    skus: dict[str, str],
) -> list[Any]:
    values = {
        **{name: getattr(product, name) for name in OWN_COLUMNS},
        "category": categories.get(product.category_id or ""),
        "brand": brands.get(product.brand_id or ""),
        "variant_of": skus.get(product.variant_of or ""),
        "attributes": "; ".join(f"{k}={v}" for k, v in (product.attributes or {}).items()),
    }
    return [values.get(name) for name in COLUMNS]
