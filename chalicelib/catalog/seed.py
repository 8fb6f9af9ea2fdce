"""Demo catalog of an electronics and network-equipment shop in Douala (prices in XAF); its
products, brands and categories are data, in demo_catalog.json beside this module."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chalicelib.auth.principal import Principal
from chalicelib.catalog import categories, service
from chalicelib.catalog.schemas import BrandIn, CategoryIn, ProductIn

_DEMO = json.loads(Path(__file__).with_name("demo_catalog.json").read_text(encoding="utf-8"))
TREE: dict[str, list[str]] = _DEMO["tree"]
BRANDS: list[str] = _DEMO["brands"]
PHONES: list[list[Any]] = _DEMO["phones"]  # sku, name, brand, base price, storages, colours
SIMPLE: list[list[Any]] = _DEMO["simple"]  # sku, name, category, brand, price, cost
CABLE_LENGTHS: dict[str, int] = _DEMO["cable_lengths"]


def seed_catalog(admin: Principal) -> None:
    """Categories tree, brands, phones with variants, network gear, cables by length."""
    category_ids: dict[str, str] = {}
    for position, (parent, children) in enumerate(TREE.items()):
        top, _ = categories.create_category(admin, CategoryIn(name=parent, position=position))
        for index, child in enumerate(children):
            made, _ = categories.create_category(
                admin, CategoryIn(name=child, parent_id=top.id, position=index)
            )
            category_ids[child] = made.id
    brand_ids = {name: categories.create_brand(admin, BrandIn(name=name))[0].id for name in BRANDS}
    barcode = iter(range(6_901_000_000_001, 6_901_000_001_000))
    for sku, name, brand, price, storages, colours in PHONES:
        phone, _ = service.create_product(
            admin,
            ProductIn(
                sku=sku,
                name=name,
                category_id=category_ids["Smartphones"],
                brand_id=brand_ids[brand],
                price=price,
                cost=price * 80 // 100,
                tax_rate_bps=1925,
                specs={"dual_sim": True},
            ),
        )
        for step, storage in enumerate(storages):
            for colour in colours:
                variant_price = price + step * 20_000
                service.create_product(
                    admin,
                    ProductIn(
                        sku=f"{sku}-{storage}-{colour[:3].upper()}",
                        name=f"{name} {storage} {colour}",
                        barcode=str(next(barcode)),
                        category_id=category_ids["Smartphones"],
                        brand_id=brand_ids[brand],
                        price=variant_price,
                        cost=variant_price * 80 // 100,
                        tax_rate_bps=1925,
                        variant_of=phone.id,
                        attributes={"storage": storage, "colour": colour},
                    ),
                )
    for sku, name, category, brand, price, cost in SIMPLE:
        service.create_product(
            admin,
            ProductIn(
                sku=sku,
                name=name,
                barcode=str(next(barcode)),
                category_id=category_ids[category],
                brand_id=brand_ids[brand],
                price=price,
                cost=cost,
                tax_rate_bps=1925,
            ),
        )
    _seed_cables(admin, category_ids["Câbles réseau"], brand_ids["TP-Link"], barcode)


def _seed_cables(admin: Principal, category_id: str, brand_id: str, barcode: Iterator[int]) -> None:
    cable, _ = service.create_product(
        admin,
        ProductIn(
            sku="CAB-CAT6",
            name="Câble réseau RJ45 Cat6 (cordon)",
            category_id=category_id,
            brand_id=brand_id,
            price=1_500,
            cost=700,
            tax_rate_bps=1925,
        ),
    )
    for length, price in CABLE_LENGTHS.items():
        service.create_product(
            admin,
            ProductIn(
                sku=f"CAB-CAT6-{length.upper()}",
                name=f"Câble RJ45 Cat6 {length}",
                barcode=str(next(barcode)),
                category_id=category_id,
                brand_id=brand_id,
                price=price,
                cost=price // 2,
                tax_rate_bps=1925,
                variant_of=cable.id,
                attributes={"length": length},
            ),
        )
    service.create_product(
        admin,
        ProductIn(
            sku="CAB-CAT6-BOX305",
            name="Bobine câble Cat6 UTP 305 m (vendu au cm)",
            unit="cm",
            category_id=category_id,
            brand_id=brand_id,
            price=3,
            cost=2,
            tax_rate_bps=1925,
        ),
    )
