"""Demo stores: two shops in Douala; the demo tenant has loyalty points enabled."""

from __future__ import annotations

from chalicelib.auth.principal import Principal
from chalicelib.tenancy.schemas import LoyaltyPatch, StoreIn, TenantPatch
from chalicelib.tenancy.service import create_store, get_tenant, update_tenant

STORES = (
    ("Akwa", "AKW", "Boulevard de la Liberté, Akwa, Douala"),
    ("Bonamoussadi", "BNM", "Carrefour Bonamoussadi, Douala"),
)


def seed_stores(admin: Principal) -> None:
    for name, code, address in STORES:
        create_store(admin, StoreIn(name=name, code=code, address=address, phone="+237233000000"))


def seed_loyalty_setting(admin: Principal) -> None:
    """Loyalty enabled with the default rules (1 point per 1 000 FCFA, worth 10 FCFA)."""
    tenant = get_tenant(admin)
    update_tenant(admin, TenantPatch(version=tenant.version, loyalty=LoyaltyPatch(enabled=True)))
