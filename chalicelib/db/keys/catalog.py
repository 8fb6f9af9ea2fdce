"""Keys of categories, brands, products with their uniqueness markers and listing entries, and
of the catalog imports that run from the stream."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern
from chalicelib.db.keys.tenancy import tenant_pk

categories_prefix = Key("CATEGORY#")
category_sk = Key("CATEGORY#{category_id}")
category_children_pk = Key("T#{tenant_id}#CATEGORIES#{parent_id:or ROOT}")
category_position_sk = Key("{position:6}#{category_id}")
brands_prefix = Key("BRAND#")
brand_sk = Key("BRAND#{brand_id}")
product_pk = Key("T#{tenant_id}#PRODUCT#{product_id}")
product_sk = Key("PRODUCT")
sku_marker_pk = Key("T#{tenant_id}#SKU#{sku:upper}")
sku_marker_sk = Key("SKU")
barcode_marker_pk = Key("T#{tenant_id}#BARCODE#{barcode}")
barcode_marker_sk = Key("BARCODE")
product_entries_pk = Key("T#{tenant_id}#PLIST#{facet}")
every_product_facet = Key("ALL")
category_facet = Key("CAT#{category_id}")
brand_facet = Key("BRAND#{brand_id}")
# Words are spread over one partition per first character.
word_facet = Key("TOK#{word:first}")
listed_prefix = Key("{active:A|I}#")
listed_sk = Key("{active:A|I}#{name_key}#{product_id}")
word_sk = Key("{word}#{product_id}")
import_jobs_pk = Key("T#{tenant_id}#IMPORTS")
import_job_sk = Key("{job_id}")
# All of a job's chunks share one partition, so its stream records keep their order.
import_chunks_pk = Key("T#{tenant_id}#IMPORT#{job_id}")
import_chunk_sk = Key("CHUNK#{position:4}")

ENTITIES = [
    Entity(
        "Category",
        tenant_pk,
        category_sk,
        gsi1=(category_children_pk, category_position_sk),
        note="gsi1 lists a parent's children in order; soft-deleted ones leave gsi1",
        patterns=(
            Pattern(
                "Category by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "BatchGet for a reorder; a condition check where a write names one",
            ),
            Pattern(
                "Categories of a tenant",
                "table",
                "pk = {pk} AND begins_with(sk, {categories})",
                "soft-deleted filtered out",
                uses={"categories": categories_prefix},
            ),
            Pattern(
                "Children of a category in order",
                "gsi1",
                "gsi1pk = {gsi1pk}",
                "parent_id filter, delete guard",
            ),
        ),
    ),
    Entity(
        "Brand",
        tenant_pk,
        brand_sk,
        patterns=(
            Pattern(
                "Brand by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "a condition check where a product names one",
            ),
            Pattern(
                "Brands of a tenant",
                "table",
                "pk = {pk} AND begins_with(sk, {brands})",
                "soft-deleted filtered out",
                uses={"brands": brands_prefix},
            ),
        ),
    ),
    Entity(
        "Product",
        product_pk,
        product_sk,
        note="own partition: BatchGet by id spreads; a variant is a Product with variant_of",
        patterns=(
            Pattern(
                "Products by id",
                "table",
                "BatchGet pk = {pk} AND sk = {sk}",
                "up to 100 per call (sales, stock, lists); writes carry the markers and entries",
            ),
        ),
    ),
    Entity(
        "SkuMarker",
        sku_marker_pk,
        sku_marker_sk,
        note="unique sku per tenant; holds product_id; moved/freed in the product's transaction",
        patterns=(
            Pattern(
                "Product by sku",
                "table",
                "pk = {pk} AND sk = {sk}, then the product",
                "import: BatchGet of markers, 100 per call",
            ),
        ),
    ),
    Entity(
        "BarcodeMarker",
        barcode_marker_pk,
        barcode_marker_sk,
        note="unique barcode per tenant; holds product_id",
        patterns=(
            Pattern(
                "Product by barcode",
                "table",
                "pk = {pk} AND sk = {sk}, then the product",
                "import: BatchGet of markers, 100 per call",
            ),
        ),
    ),
    Entity(
        "ProductEntry",
        product_entries_pk,
        (listed_sk, word_sk),
        note="one way to find a product, written in the product's transaction: the facets "
        "of all products, a category's and a brand's sort by active flag then name; a word's "
        "(name words and sku, folded to lower-case ASCII) by the word; each carries the "
        "product (`shown`), active, category_id, brand_id and words. A page is one Query "
        "of at most `limit` entries: filtered pages may be short, with a cursor",
        patterns=(
            Pattern(
                "Products of the tenant",
                "table",
                "pk = {pk} with facet {every} [AND begins_with(sk, {state})]",
                "optionally active only; the entries carry the products: one request",
                uses={"every": every_product_facet, "state": listed_prefix},
            ),
            Pattern(
                "Products of a category or brand",
                "table",
                "pk = {pk} with facet {category} | {brand} [AND begins_with(sk, {state})]",
                "other facets filtered within the page's entries; one request",
                uses={"category": category_facet, "brand": brand_facet, "state": listed_prefix},
            ),
            Pattern(
                "Products by name-word or sku prefix",
                "table",
                "pk = {pk} with facet {word} AND begins_with(sk, <longest word>)",
                "other words (each begins one of `words`) and facets filtered within the "
                "page's entries; the entries carry the products: one request",
                uses={"word": word_facet},
            ),
        ),
    ),
    Entity(
        "ImportJob",
        import_jobs_pk,
        import_job_sk,
        note="a catalog import too large to answer synchronously; progress is added in "
        "the transaction that marks each chunk done (errors capped at 1000)",
        patterns=(
            Pattern("Import job by id", "table", "pk = {pk} AND sk = {sk}"),
            Pattern(
                "Import jobs of a tenant", "table", "pk = {pk}", "ULID sort keys, read backwards"
            ),
        ),
    ),
    Entity(
        "ImportChunk",
        import_chunks_pk,
        import_chunk_sk,
        note="written with its job; its stream INSERT applies its lines; state PENDING → "
        "DONE (lines dropped, expires_at = 1 day, TTL)",
        patterns=(
            Pattern(
                "Import chunk by position",
                "table",
                "pk = {pk} AND sk = {sk}",
                "consistent read: a replayed chunk is skipped",
            ),
        ),
    ),
]
