"""Catalog: categories, brands, products and their variants, CSV/XLSX import and export.
Other domains read products here (sales prices its lines, stock checks what it moves) and the
demo data creates and lists them."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.catalog.categories import (
        category_ancestors,
        category_names,
        list_categories,
        live_categories,
    )
    from chalicelib.catalog.schemas import ProductIn, ProductOut, ProductQuery
    from chalicelib.catalog.service import (
        create_product,
        get_product,
        get_products,
        list_products,
        products_in,
        rewrite_listing,
        want_products,
    )

__all__ = [
    "ProductIn",
    "ProductOut",
    "ProductQuery",
    "category_ancestors",
    "category_names",
    "create_product",
    "get_product",
    "get_products",
    "list_categories",
    "list_products",
    "live_categories",
    "products_in",
    "rewrite_listing",
    "want_products",
]

__getattr__ = lazy_face(__name__, __file__)
