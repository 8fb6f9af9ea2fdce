"""CSV import: creates or updates products by sku; good lines are applied, bad ones reported.

Cost: markers and products are read with BatchGets of 100; each product is written with its
markers and listing entries, several products per transaction (up to 100 actions). When a
transaction is refused (a sku taken meanwhile, a product changed), its products are retried
one by one so only the guilty lines are reported. Unknown category and brand names are
created (at the root of the tree), so a catalog can be loaded from one file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from chalicelib import errors, folding, spreadsheets, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.catalog import brand_repository, category_repository
from chalicelib.catalog import repository as products_repo
from chalicelib.catalog.schemas import (
    Attributes,
    Barcode,
    ImportOut,
    ImportProblem,
    Sku,
    Unit,
)
from chalicelib.clock import new_id
from chalicelib.schemas import Bps, Money, Name, Text

COLUMNS = (
    "sku",
    "name",
    "barcode",
    "category",
    "brand",
    "unit",
    "price",
    "cost",
    "tax_rate_bps",
    "tax_included",
    "track_stock",
    "track_lots",
    "active",
    "variant_of",
    "attributes",
    "description",
)
MAX_LINES = 20_000
# The columns whose names the import resolves to ids: how the tenant's are read and added.
NAMED: dict[
    str, tuple[Callable[[str], Sequence[Any]], Callable[[str, dict[str, str], str], None]]
] = {
    "category": (category_repository.all_categories, category_repository.add_new),
    "brand": (brand_repository.all_brands, brand_repository.add_new),
}


def _attributes(value: Any) -> Any:
    """'color=black; storage=128GB' -> {'color': 'black', 'storage': '128GB'}."""
    if not isinstance(value, str):
        return value
    pairs = [part.split("=", 1) for part in value.split(";") if part.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError("write attributes as name=value; name=value")
    return {name.strip(): text.strip() for name, text in pairs}


class Row(BaseModel):
    """One CSV line; only the cells that are filled in are applied."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    sku: Sku
    name: Name | None = None
    barcode: Barcode | None = None
    category: Name | None = None
    brand: Name | None = None
    unit: Unit | None = None
    price: Money | None = None
    cost: Money | None = None
    tax_rate_bps: Bps | None = None
    tax_included: bool | None = None
    track_stock: bool | None = None
    track_lots: bool | None = None
    active: bool | None = None
    variant_of: Sku | None = None
    attributes: Annotated[Attributes, BeforeValidator(_attributes)] | None = None
    description: Text | None = None


@dataclass
class Line:
    number: int
    row: Row
    cells: dict[str, str] = field(default_factory=dict)
    existing: products_repo.Product | None = None
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    def reject(self, number: int, message: str) -> None:
        self.problems.append(ImportProblem(line=number, message=message))

    def result(self) -> ImportOut:
        problems = sorted(self.problems, key=lambda problem: problem.line)
        return ImportOut(created=self.created, updated=self.updated, errors=problems)


def import_csv(principal: Principal, raw: bytes) -> ImportOut:
    _, lines, outcome = parse_csv(raw)
    apply_lines(principal, lines, outcome)
    return outcome.result()


def apply_lines(principal: Principal, lines: list[Line], outcome: Outcome) -> None:
    """Create or update the products of well-formed lines, parents before variants."""
    if not lines:
        return
    tenant_id = principal.tenant_id
    currency = tenancy.tenant_settings(tenant_id).currency
    lines = _match_existing(tenant_id, lines, outcome)
    _resolve_names(principal, lines)
    parents = [line for line in lines if line.row.variant_of is None]
    variants = [line for line in lines if line.row.variant_of is not None]
    for group in (parents, variants):
        group = _resolve_variants(tenant_id, group, outcome)
        group = _check_barcodes(tenant_id, group, outcome)
        _write(principal, currency, group, outcome)


def lines_from_cells(
    columns: list[str], numbered: list[tuple[int, list[str]]], outcome: Outcome
) -> list[Line]:
    """Lines kept by `parse_csv`, read back from their stored cells."""
    seen: dict[str, int] = {}
    lines = [
        _line(number, dict(zip(columns, cells, strict=True)), seen, outcome)
        for number, cells in numbered
    ]
    return [line for line in lines if line is not None]


def parse_csv(raw: bytes) -> tuple[list[str], list[Line], Outcome]:
    """The header's columns, the well-formed lines, and the malformed ones already rejected."""
    outcome = Outcome()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise errors.ValidationError("The file is not UTF-8 text.") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in COLUMNS]
    if "sku" not in header or unknown:
        raise errors.ValidationError(
            "The header row must name the columns: " + ",".join(COLUMNS) + ".",
            errors=[{"field": f"header.{name}", "message": "unknown column"} for name in unknown]
            or [{"field": "header", "message": "the sku column is missing"}],
        )
    reader.fieldnames = header
    lines: list[Line] = []
    seen: dict[str, int] = {}
    for values in reader:
        number = reader.line_num
        if len(lines) + len(outcome.problems) >= MAX_LINES:
            raise errors.ValidationError(f"A file holds at most {MAX_LINES} lines.")
        line = _line(number, values, seen, outcome)
        if line is not None:
            lines.append(line)
    return header, lines, outcome


def _line(
    number: int, values: dict[str, Any], seen: dict[str, int], outcome: Outcome
) -> Line | None:
    if None in values:
        outcome.reject(number, "more cells than columns")
        return None
    filled = {
        name: spreadsheets.read_text(value.strip())
        for name, value in values.items()
        if value is not None and value.strip() != ""
    }
    try:
        row = Row.model_validate(filled)
    except PydanticValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        outcome.reject(number, f"{where}: {first['msg']}")
        return None
    key = row.sku.upper()
    if key in seen:
        outcome.reject(number, f"sku {row.sku} already appears on line {seen[key]}")
        return None
    seen[key] = number
    return Line(number, row, filled)


def _match_existing(tenant_id: str, lines: list[Line], outcome: Outcome) -> list[Line]:
    ids = products_repo.product_ids_by_sku(tenant_id, [line.row.sku for line in lines])
    existing = products_repo.get_many(tenant_id, list(ids.values()))
    kept = []
    for line in lines:
        line.existing = existing.get(ids.get(line.row.sku.upper(), ""))
        if line.existing is None and (line.row.name is None or line.row.price is None):
            outcome.reject(line.number, "a new product needs a name and a price")
            continue
        kept.append(line)
    return kept


def _resolve_names(principal: Principal, lines: list[Line]) -> None:
    """Category and brand names -> ids, creating the names the tenant does not have yet."""
    for column, (stored, add_new) in NAMED.items():
        known = {folding.fold(item.name): item.id for item in stored(principal.tenant_id)}
        created: dict[str, str] = {}
        for line in lines:
            name = getattr(line.row, column)
            if name is None:
                continue
            if folding.fold(name) not in known:
                known[folding.fold(name)] = new_id()
                created[known[folding.fold(name)]] = name
            line.fields[f"{column}_id"] = known[folding.fold(name)]
        add_new(principal.tenant_id, created, principal.user_id)


def _resolve_variants(tenant_id: str, lines: list[Line], outcome: Outcome) -> list[Line]:
    wanted = [line.row.variant_of for line in lines if line.row.variant_of]
    if not wanted:
        return lines
    ids = products_repo.product_ids_by_sku(tenant_id, [sku for sku in wanted if sku])
    parents = products_repo.get_many(tenant_id, list(ids.values()))
    kept: list[Line] = []
    for line in lines:
        parent = parents.get(ids.get((line.row.variant_of or "").upper(), ""))
        if parent is None or parent.variant_of is not None:
            outcome.reject(
                line.number,
                f"variant_of: {line.row.variant_of} is not a product that can have variants",
            )
        elif line.existing is not None and line.existing.variant_of != parent.id:
            outcome.reject(line.number, "variant_of cannot change on an existing product")
        else:
            line.fields["variant_of"] = parent.id
            kept.append(line)
    return kept


def _check_barcodes(tenant_id: str, lines: list[Line], outcome: Outcome) -> list[Line]:
    owners = products_repo.product_ids_by_barcode(
        tenant_id, [line.row.barcode for line in lines if line.row.barcode]
    )
    claimed: dict[str, int] = {}
    kept = []
    for line in lines:
        code = line.row.barcode
        own_id = line.existing.id if line.existing else None
        if code and owners.get(code, own_id) != own_id:
            outcome.reject(line.number, f"barcode {code} belongs to another product")
        elif code and code in claimed:
            outcome.reject(line.number, f"barcode {code} already appears on line {claimed[code]}")
        else:
            if code:
                claimed[code] = line.number
            kept.append(line)
    return kept


def _write(principal: Principal, currency: str, lines: list[Line], outcome: Outcome) -> None:
    imported = [_prepare(currency, line) for line in lines]
    refused = products_repo.write_imported(principal.tenant_id, imported, principal.user_id)
    for line, product, error in zip(lines, imported, refused, strict=True):
        if error is not None:
            outcome.reject(line.number, error)
        elif product.fields is not None:
            outcome.created += 1
        else:
            outcome.updated += 1


def _prepare(currency: str, line: Line) -> products_repo.ImportedProduct:
    values = {
        **line.row.model_dump(exclude_none=True, exclude={"category", "brand", "variant_of"}),
        **line.fields,
    }
    if line.existing is None:
        return products_repo.ImportedProduct(fields={"currency": currency, **values})
    changes = {
        name: value for name, value in values.items() if getattr(line.existing, name) != value
    }
    return products_repo.ImportedProduct(existing=line.existing, changes=changes)
