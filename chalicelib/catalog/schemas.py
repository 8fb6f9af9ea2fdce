"""Request and response models of categories, brands and products."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from chalicelib import schema_docs as docs
from chalicelib.http import ApiModel, OutputModel, QueryModel
from chalicelib.schemas import (
    Bps,
    Clearable,
    CreatedAt,
    ListQuery,
    Money,
    Name,
    NextCursor,
    ObjectId,
    OneLine,
    PatchModel,
    PlainJson,
    SearchText,
    Text,
    Ulid,
    UpdatedAt,
    Version,
)

Sku = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
]
Barcode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9-]{1,64}$")]
ParentFilter = Annotated[str, StringConstraints(pattern=r"^([0-7][0-9A-HJKMNP-TV-Z]{25}|root)$")]
Unit = Literal["piece", "g", "ml", "cm"]
AttributeName = Annotated[str, StringConstraints(min_length=1, max_length=50), OneLine]
AttributeValue = Annotated[str, StringConstraints(max_length=100), OneLine]
Attributes = Annotated[dict[AttributeName, AttributeValue], Field(max_length=20)]
Specs = Annotated[dict[str, Any], Field(max_length=50), PlainJson]


class CategoryIn(ApiModel):
    id: Ulid | None = None
    name: Name
    parent_id: Ulid | None = None
    position: Annotated[int, Field(ge=0, le=999_999)] = 0


class CategoryPatch(PatchModel):
    version: int
    name: Name | None = None
    parent_id: Clearable[Ulid] = None
    position: Annotated[int, Field(ge=0, le=999_999)] | None = None


class CategoryOut(OutputModel):
    id: str
    name: str
    parent_id: str | None
    position: int
    version: int
    created_at: str
    updated_at: str


class CategoryList(OutputModel):
    """A page of categories."""

    items: list[CategoryOut]
    next_cursor: NextCursor


class CategoryQuery(ListQuery):
    parent_id: ParentFilter | None = None


class ReorderIn(ApiModel):
    ids: Annotated[list[Ulid], Field(min_length=1, max_length=100)]


class BrandIn(ApiModel):
    id: Ulid | None = None
    name: Name


class BrandPatch(PatchModel):
    version: int
    name: Name | None = None


class BrandOut(OutputModel):
    id: str
    name: str
    version: int
    created_at: str
    updated_at: str


class BrandList(OutputModel):
    """A page of brands."""

    items: list[BrandOut]
    next_cursor: NextCursor


class ProductIn(ApiModel):
    """A product or, with `variant_of`, a variant; amounts in the currency's minor unit."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    sku: Sku = Field(
        description="Stock-keeping unit, unique in the tenant.", examples=["TEC-SPARK20"]
    )
    barcode: Barcode | None = Field(
        default=None,
        description="EAN/UPC or own code, unique in the tenant.",
        examples=["6900000000017"],
    )
    name: Name = Field(description="What the receipt shows.", examples=["Tecno Spark 20"])
    description: Text | None = Field(
        default=None, description="Longer text for the catalog.", examples=["6.6 pouces, 128 Go"]
    )
    category_id: Ulid | None = Field(
        default=None, description="Its category (ULID).", examples=[docs.ULID_EXAMPLE]
    )
    brand_id: Ulid | None = Field(
        default=None, description="Its brand (ULID).", examples=[docs.ULID_EXAMPLE]
    )
    unit: Unit = Field(
        default="piece",
        description="What quantities count: piece, g, ml or cm.",
        examples=["piece"],
    )
    price: Money = Field(
        description="Selling price of one unit, in the currency's minor unit.", examples=[85000]
    )
    cost: Money = Field(
        default=0,
        description="Purchase cost of one unit (the margin's base until goods are received).",
        examples=[70000],
    )
    tax_rate_bps: Bps = Field(
        default=0, description="Tax rate in basis points (1925 = 19.25 %).", examples=[1925]
    )
    tax_included: bool = Field(
        default=True, description="Whether `price` includes the tax.", examples=[True]
    )
    track_stock: bool = Field(
        default=True, description="Whether sales move its stock.", examples=[True]
    )
    track_lots: bool = Field(
        default=False,
        description="Whether stock is kept per lot with an expiry date.",
        examples=[False],
    )
    variant_of: Ulid | None = Field(
        default=None,
        description=(
            "The product this one is a variant of (ULID), with its own sku, price and stock."
        ),
    )
    attributes: Attributes = Field(
        default_factory=dict,
        description="What tells variants apart.",
        examples=[{"colour": "black"}],
    )
    specs: Specs = Field(
        default_factory=dict, description="Free technical specifications.", examples=[{"ram_gb": 8}]
    )
    active: bool = Field(
        default=True, description="Inactive products cannot be sold.", examples=[True]
    )


class ProductPatch(PatchModel):
    """A variant stays a variant of the same product: `variant_of` is set at creation only."""

    version: int
    sku: Sku | None = None
    barcode: Clearable[Barcode] = None
    name: Name | None = None
    description: Clearable[Text] = None
    category_id: Clearable[Ulid] = None
    brand_id: Clearable[Ulid] = None
    unit: Unit | None = None
    price: Money | None = None
    cost: Money | None = None
    tax_rate_bps: Bps | None = None
    tax_included: bool | None = None
    track_stock: bool | None = None
    track_lots: bool | None = None
    attributes: Attributes | None = None
    specs: Specs | None = None
    active: bool | None = None


class ProductOut(OutputModel):
    """A product of the catalog; amounts in the currency's minor unit."""

    id: ObjectId
    sku: str = Field(
        description="Stock-keeping unit, unique in the tenant.", examples=["TEC-SPARK20"]
    )
    barcode: str | None = Field(
        description="EAN/UPC or own code, unique in the tenant.", examples=["6900000000017"]
    )
    name: str = Field(description="What the receipt shows.", examples=["Tecno Spark 20"])
    description: str | None = Field(
        description="Longer text for the catalog.", examples=["6.6 pouces, 128 Go"]
    )
    category_id: str | None = Field(
        description="Its category (ULID).", examples=[docs.ULID_EXAMPLE]
    )
    brand_id: str | None = Field(description="Its brand (ULID).", examples=[docs.ULID_EXAMPLE])
    unit: str = Field(description="What quantities count: piece, g, ml or cm.", examples=["piece"])
    price: int = Field(
        description="Selling price of one unit, in the currency's minor unit.", examples=[85000]
    )
    cost: int = Field(
        description="Purchase cost of one unit (the margin's base until goods are received).",
        examples=[70000],
    )
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    tax_rate_bps: int = Field(
        description="Tax rate in basis points (1925 = 19.25 %).", examples=[1925]
    )
    tax_included: bool = Field(description="Whether `price` includes the tax.", examples=[True])
    track_stock: bool = Field(description="Whether sales move its stock.", examples=[True])
    track_lots: bool = Field(
        description="Whether stock is kept per lot with an expiry date.", examples=[False]
    )
    variant_of: str | None = Field(
        description=(
            "The product this one is a variant of (ULID), with its own sku, price and stock."
        )
    )
    attributes: dict[str, str] = Field(
        description="What tells variants apart.", examples=[{"colour": "black"}]
    )
    specs: dict[str, Any] = Field(
        description="Free technical specifications.", examples=[{"ram_gb": 8}]
    )
    active: bool = Field(description="Inactive products cannot be sold.", examples=[True])
    version: Version
    created_at: CreatedAt
    updated_at: UpdatedAt


class ProductList(OutputModel):
    """A page of products."""

    items: list[ProductOut]
    next_cursor: NextCursor


class ProductQuery(ListQuery):
    search: SearchText | None = None
    sku: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None
    ) = None
    barcode: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None
    ) = None
    category_id: Ulid | None = None
    brand_id: Ulid | None = None
    active: bool | None = None


class ImportProblem(OutputModel):
    line: int
    message: str


class ImportOut(OutputModel):
    created: int
    updated: int
    errors: list[ImportProblem]


class ImportJobOut(OutputModel):
    id: str
    status: Literal["QUEUED", "RUNNING", "DONE"]
    lines: int = Field(description="The file's lines (API.md's name for total_lines).")
    applied: int = Field(description="Lines applied so far (API.md's name for processed_lines).")
    total_lines: int
    processed_lines: int
    chunks: int
    processed_chunks: int
    created: int
    updated: int
    errors: list[ImportProblem]
    truncated: bool = Field(description="more errors happened than `errors` holds (1000)")
    created_at: str
    finished_at: str | None


class ImportAccepted(OutputModel):
    """202: the file is applied in the background; poll `status_url`."""

    job: ImportJobOut
    status_url: str


class ImportJobList(OutputModel):
    """A page of import jobs."""

    items: list[ImportJobOut]
    next_cursor: NextCursor


class ExportQuery(QueryModel):
    format: Literal["csv", "xlsx"] = "csv"
