"""The demo catalog and customers seed into a fresh tenant."""

from __future__ import annotations

from tests.support import Tenant, principal


def test_the_demo_catalog_has_products_variants_and_customers(tenant: Tenant) -> None:
    from chalicelib.catalog.seed import seed_catalog
    from chalicelib.customers.seed import seed_customers

    admin = principal(tenant)
    seed_catalog(admin)
    seed_customers(admin)
    products = tenant.get("/v1/products?limit=200").json["items"]
    assert len(products) >= 50
    assert sum(1 for p in products if p["variant_of"]) >= 20
    assert {b["name"] for b in tenant.get("/v1/brands").json["items"]} >= {
        "Tecno",
        "Infinix",
        "Samsung",
        "TP-Link",
        "Ubiquiti",
        "MikroTik",
        "Huawei",
        "Hikvision",
    }
    assert tenant.get("/v1/products?search=spark").json["items"]
    customers = tenant.get("/v1/customers").json["items"]
    assert {c["type"] for c in customers} == {"INDIVIDUAL", "BUSINESS"}
    assert all(c["phone"].startswith("+237") for c in customers)
