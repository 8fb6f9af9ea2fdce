"""Demo catalog of an electronics and network-equipment shop in Douala (prices in XAF)."""

from __future__ import annotations

from collections.abc import Iterator

from chalicelib.auth.principal import Principal
from chalicelib.catalog import categories, service
from chalicelib.catalog.schemas import BrandIn, CategoryIn, ProductIn

TREE = {
    "Téléphonie": ["Smartphones", "Téléphones basiques", "Accessoires téléphone"],
    "Réseau": ["Routeurs", "Switchs", "Points d'accès Wi-Fi", "Câbles réseau"],
    "Sécurité": ["Caméras IP", "Enregistreurs"],
    "Énergie": ["Onduleurs", "Batteries externes"],
}
BRANDS = [
    "Tecno",
    "Infinix",
    "Samsung",
    "itel",
    "TP-Link",
    "Ubiquiti",
    "MikroTik",
    "Huawei",
    "Hikvision",
    "Oraimo",
    "APC",
]
PHONES = [  # sku, name, brand, base price, storages, colours
    ("TEC-SPARK20", "Tecno Spark 20", "Tecno", 89_000, ["128GB", "256GB"], ["noir", "bleu"]),
    ("TEC-CAMON30", "Tecno Camon 30", "Tecno", 165_000, ["256GB"], ["noir", "blanc"]),
    ("INF-HOT40", "Infinix Hot 40i", "Infinix", 79_000, ["128GB", "256GB"], ["noir", "vert"]),
    ("INF-NOTE40", "Infinix Note 40", "Infinix", 139_000, ["256GB"], ["noir", "or"]),
    ("SAM-A15", "Samsung Galaxy A15", "Samsung", 115_000, ["128GB"], ["noir", "bleu"]),
    ("SAM-A25", "Samsung Galaxy A25 5G", "Samsung", 175_000, ["128GB", "256GB"], ["noir"]),
]
SIMPLE = [  # sku, name, category, brand, price, cost, barcode
    ("ITL-2163", "itel it2163 double SIM", "Téléphones basiques", "itel", 9_500, 7_000),
    ("ITL-5626", "itel it5626 lampe torche", "Téléphones basiques", "itel", 12_000, 8_500),
    ("ORA-FC20", "Chargeur rapide Oraimo 20 W", "Accessoires téléphone", "Oraimo", 6_500, 3_800),
    (
        "ORA-EB10",
        "Écouteurs Oraimo FreePods Lite",
        "Accessoires téléphone",
        "Oraimo",
        14_000,
        9_000,
    ),
    (
        "ORA-PB20K",
        "Batterie externe Oraimo 20 000 mAh",
        "Batteries externes",
        "Oraimo",
        15_000,
        10_000,
    ),
    ("TPL-ARCHER-C6", "Routeur TP-Link Archer C6 AC1200", "Routeurs", "TP-Link", 32_000, 24_000),
    ("TPL-AX23", "Routeur TP-Link Archer AX23 Wi-Fi 6", "Routeurs", "TP-Link", 48_000, 37_000),
    ("TPL-SG108", "Switch TP-Link TL-SG108 8 ports Gigabit", "Switchs", "TP-Link", 22_000, 16_000),
    ("TPL-SF1016D", "Switch TP-Link TL-SF1016D 16 ports", "Switchs", "TP-Link", 27_000, 20_000),
    (
        "TPL-EAP225",
        "Point d'accès TP-Link Omada EAP225",
        "Points d'accès Wi-Fi",
        "TP-Link",
        45_000,
        34_000,
    ),
    (
        "UBI-U6-LITE",
        "Point d'accès Ubiquiti UniFi U6 Lite",
        "Points d'accès Wi-Fi",
        "Ubiquiti",
        95_000,
        76_000,
    ),
    (
        "UBI-LBE-5AC",
        "Ubiquiti LiteBeam 5AC Gen2",
        "Points d'accès Wi-Fi",
        "Ubiquiti",
        62_000,
        49_000,
    ),
    ("UBI-NSM5", "Ubiquiti NanoStation M5", "Points d'accès Wi-Fi", "Ubiquiti", 58_000, 45_000),
    ("MKT-HEX", "Routeur MikroTik hEX RB750Gr3", "Routeurs", "MikroTik", 45_000, 35_000),
    ("MKT-HAPAX2", "MikroTik hAP ax² Wi-Fi 6", "Routeurs", "MikroTik", 75_000, 60_000),
    ("MKT-CRS326", "Switch MikroTik CRS326-24G-2S+RM", "Switchs", "MikroTik", 145_000, 118_000),
    ("HUA-B311", "Routeur 4G Huawei B311", "Routeurs", "Huawei", 38_000, 29_000),
    ("HUA-E5576", "Modem Wi-Fi de poche Huawei E5576", "Routeurs", "Huawei", 25_000, 18_500),
    (
        "HIK-2CD1043",
        "Caméra IP Hikvision DS-2CD1043G0-I 4 MP",
        "Caméras IP",
        "Hikvision",
        35_000,
        26_000,
    ),
    (
        "HIK-2CD2143",
        "Caméra dôme Hikvision DS-2CD2143G2-I",
        "Caméras IP",
        "Hikvision",
        62_000,
        48_000,
    ),
    (
        "HIK-NVR-8P",
        "Enregistreur NVR Hikvision 8 voies PoE",
        "Enregistreurs",
        "Hikvision",
        95_000,
        74_000,
    ),
    ("APC-BX700", "Onduleur APC Back-UPS 700 VA", "Onduleurs", "APC", 55_000, 42_000),
    ("APC-BX1200", "Onduleur APC Back-UPS 1200 VA", "Onduleurs", "APC", 89_000, 70_000),
]
CABLE_LENGTHS = {"1m": 1_500, "3m": 2_500, "5m": 3_500, "10m": 6_000, "20m": 11_000}


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
