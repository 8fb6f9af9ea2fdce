"""Demo users: one per role, working in every demo store, all with the demo password."""

from __future__ import annotations

from chalicelib.auth.permissions import Role
from chalicelib.auth.principal import Principal
from chalicelib.identity.schemas import UserIn
from chalicelib.identity.service import create_user
from chalicelib.tenancy import list_stores

DEMO_PASSWORD = "demo-password-2026"
DEMO_TEAM = (
    (Role.MANAGER, "manager@demo.comptoir.cm", "Jean-Pierre Mbarga"),
    (Role.SALES, "sales@demo.comptoir.cm", "Chantal Ewane"),
    (Role.CASHIER, "cashier@demo.comptoir.cm", "Samuel Fotso"),
    (Role.STOCKER, "stocker@demo.comptoir.cm", "Brice Tchoumi"),
    (Role.VIEWER, "viewer@demo.comptoir.cm", "Aïcha Bello"),
    (Role.COURIER, "courier@demo.comptoir.cm", "Ibrahim Njoya"),
)


def seed_team(admin: Principal) -> None:
    """Demo data: one user per role, working in every demo store."""
    store_ids = [store.id for store in list_stores(admin, 50, None)[0]]
    for role, email, full_name in DEMO_TEAM:
        create_user(
            admin,
            UserIn(
                email=email,
                password=DEMO_PASSWORD,
                full_name=full_name,
                role=role,
                store_ids=store_ids,
            ),
        )
