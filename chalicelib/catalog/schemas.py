"""Request and response models of categories, brands and products."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from chalicelib.http import ApiModel, QueryModel
from chalicelib.schemas import (
    DEFAULT_LIMIT,
    Bps,
    Clearable,
    Limit,
    Money,
    Name,
    OneLine,
    PatchModel,
    PlainJson,
    Text,
    Ulid,
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


class CategoryOut(BaseModel):
    id: str
    name: str
    parent_id: str | None
    position: int
    version: int
    created_at: str
    updated_at: str


class CategoryList(BaseModel):
    items: list[CategoryOut]
    next_cursor: str | None


class CategoryQuery(QueryModel):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
    parent_id: ParentFilter | None = None


class ReorderIn(ApiModel):
    ids: Annotated[list[Ulid], Field(min_length=1, max_length=100)]


class BrandIn(ApiModel):
    id: Ulid | None = None
    name: Name


class BrandPatch(PatchModel):
    version: int
    name: Name | None = None


class BrandOut(BaseModel):
    id: str
    name: str
    version: int
    created_at: str
    updated_at: str


class BrandList(BaseModel):
    items: list[BrandOut]
    next_cursor: str | None


class ListQuery(QueryModel):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class ProductIn(ApiModel):
    id: Ulid | None = None
    sku: Sku
    barcode: Barcode | None = None
    name: Name
    description: Text | None = None
    category_id: Ulid | None = None
    brand_id: Ulid | None = None
    unit: Unit = "piece"
    price: Money
    cost: Money = 0
    tax_rate_bps: Bps = 0
    tax_included: bool = True
    track_stock: bool = True
    track_lots: bool = False
    variant_of: Ulid | None = None
    attributes: Attributes = Field(default_factory=dict)
    specs: Specs = Field(default_factory=dict)
    active: bool = True


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


class ProductOut(BaseModel):
    id: str
    sku: str
    barcode: str | None
    name: str
    description: str | None
    category_id: str | None
    brand_id: str | None
    unit: str
    price: int
    cost: int
    currency: str
    tax_rate_bps: int
    tax_included: bool
    track_stock: bool
    track_lots: bool
    variant_of: str | None
    attributes: dict[str, str]
    specs: dict[str, Any]
    active: bool
    version: int
    created_at: str
    updated_at: str


class ProductList(BaseModel):
    items: list[ProductOut]
    next_cursor: str | None


class ProductQuery(QueryModel):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
    search: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
        | None
    ) = None
    sku: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None
    ) = None
    barcode: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None
    ) = None
    category_id: Ulid | None = None
    brand_id: Ulid | None = None
    active: bool | None = None


class ImportProblem(BaseModel):
    line: int
    message: str


class ImportOut(BaseModel):
    created: int
    updated: int
    errors: list[ImportProblem]


class ImportJobOut(BaseModel):
    id: str
    status: Literal["QUEUED", "RUNNING", "DONE"]
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


class ImportAccepted(BaseModel):
    """202: the file is applied in the background; poll `status_url`."""

    job: ImportJobOut
    status_url: str


class ImportJobList(BaseModel):
    items: list[ImportJobOut]
    next_cursor: str | None


class ExportQuery(QueryModel):
    format: Literal["csv", "xlsx"] = "csv"
