"""Demo stores: two shops in Douala."""

from __future__ import annotations

from chalicelib.auth.principal import Principal
from chalicelib.tenancy.schemas import StoreIn
from chalicelib.tenancy.service import create_store

STORES = (
    ("Akwa", "AKW", "Boulevard de la Liberté, Akwa, Douala"),
    ("Bonamoussadi", "BNM", "Carrefour Bonamoussadi, Douala"),
)


def seed_stores(admin: Principal) -> None:
    for name, code, address in STORES:
        create_store(admin, StoreIn(name=name, code=code, address=address, phone="+237233000000"))
