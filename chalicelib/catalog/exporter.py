"""The catalog as a file, in the columns the import reads back."""

from __future__ import annotations

import csv
import io
from typing import Any

from chalicelib.catalog import product_repository as products_repo
from chalicelib.catalog import repository as repo
from chalicelib.catalog.importer import COLUMNS
from chalicelib.db.models.catalog import BrandItem, CategoryItem, ProductItem

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(tenant_id: str, file_format: str) -> tuple[bytes | str, str, str]:
    """(file, content type, file name); CSV is text, XLSX bytes (a binary type of the app)."""
    rows = catalog_rows(tenant_id)
    if file_format == "xlsx":
        return _xlsx(rows), XLSX, "products.xlsx"
    return _csv(rows), CSV, "products.csv"


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


def _csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if value is None else _cell(value) for value in row])
    return out.getvalue()


def _cell(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else value


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("products")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
