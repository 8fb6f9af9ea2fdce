"""The permission table: role x action, applied by every route through http.route().

ADMIN may do everything in its tenant. Store-scoped actions are further limited to the
user's `store_ids` by `check_store`, and every store-scoped list reads the stores that
`stores_to_read` names.
"""

from __future__ import annotations

from enum import StrEnum

from chalicelib.auth.principal import Principal
from chalicelib.errors import ForbiddenError


class Role(StrEnum):
    ADMIN = "ADMIN"
    MANAGER = "MANAGER"
    SALES = "SALES"
    CASHIER = "CASHIER"
    STOCKER = "STOCKER"
    COURIER = "COURIER"
    VIEWER = "VIEWER"


ALL = frozenset(Role)
ADMIN_ONLY = frozenset({Role.ADMIN})
MANAGER = frozenset({Role.MANAGER})
SELLING = frozenset({Role.SALES, Role.MANAGER})
CASHIER = frozenset({Role.CASHIER})
TILL = frozenset({Role.CASHIER, Role.MANAGER})
STOCK_KEEPING = frozenset({Role.STOCKER, Role.MANAGER})
COURIER = frozenset({Role.COURIER})
VIEWER = frozenset({Role.VIEWER})

# API.md's route table, plus its roles table: VIEWER reads everything but users, sessions and
# the audit log. ADMIN is added to every action by `allowed_roles`.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "auth.self": ALL,
    "tenant.read": ALL,
    "tenant.update": ADMIN_ONLY,
    "stores.read": ALL,
    "stores.write": ADMIN_ONLY,
    "users.manage": ADMIN_ONLY,
    "audit.read": MANAGER,
    "catalog.read": ALL,
    "catalog.write": MANAGER,
    "catalog.transfer": MANAGER,
    "stock.read": ALL,
    "stock.write": STOCK_KEEPING,
    "stock.operations.read": STOCK_KEEPING | VIEWER,
    "customers.read": ALL - {Role.STOCKER},
    "customers.write": SELLING | CASHIER,
    "customers.delete": MANAGER,
    "sales.read": ALL,
    "sales.write": SELLING,
    "sales.supervise": MANAGER,
    "shifts.open": CASHIER | COURIER,
    "shifts.close": TILL | COURIER,
    "shifts.movements": CASHIER,
    "shifts.read": TILL | COURIER | VIEWER,
    "payments.create": CASHIER | COURIER,
    "payments.read": TILL | VIEWER,
    "credit.read": TILL | VIEWER,
    "credit.write": MANAGER,
    "credit.repay": TILL,
    "loyalty.read": ALL - {Role.STOCKER},
    "loyalty.adjust": MANAGER,
    "purchasing.read": STOCK_KEEPING | VIEWER,
    "purchasing.write": MANAGER,
    "purchasing.receive": STOCK_KEEPING,
    "alerts.read": STOCK_KEEPING | VIEWER,
    "alerts.manage": MANAGER,
    "reports.read": MANAGER | VIEWER,
    "promotions.read": ALL,
    "promotions.write": MANAGER,
    "promotions.preview": SELLING | TILL,
    "deliveries.create": SELLING,
    "deliveries.read": SELLING | TILL | COURIER | VIEWER,
    "deliveries.assign": MANAGER,
    "deliveries.move": COURIER | MANAGER,
    "deliveries.cancel": MANAGER,
}


def allowed_roles(action: str) -> frozenset[Role]:
    return PERMISSIONS[action] | ADMIN_ONLY


def authorize(principal: Principal, action: str) -> None:
    if principal.role not in allowed_roles(action):
        raise ForbiddenError(f"Your role ({principal.role}) may not do this ({action}).")


def check_store(principal: Principal, store_id: str) -> None:
    """Raise 403 when a store-scoped action targets a store outside the user's stores."""
    if not principal.is_admin and store_id not in principal.store_ids:
        raise ForbiddenError("This store is not one of yours.")


def check_any_store(principal: Principal, store_ids: tuple[str, ...]) -> None:
    """Raise 403 unless one of the stores an object joins (a transfer's two) is the user's."""
    if not principal.is_admin and not set(store_ids) & set(principal.store_ids):
        raise ForbiddenError("None of these stores is one of yours.")


def stores_to_read(principal: Principal, store_id: str | None) -> tuple[str, ...] | None:
    """The stores a list may show: the one asked for (403 when not theirs), else the user's
    own; None for every store of the tenant (an ADMIN without a `store_id` filter)."""
    if store_id:
        check_store(principal, store_id)
        return (store_id,)
    if principal.is_admin:
        return None
    return tuple(sorted(set(principal.store_ids)))


def permission_table_markdown() -> str:
    roles = list(Role)
    lines = [
        "| action | " + " | ".join(roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for action in sorted(PERMISSIONS):
        granted = allowed_roles(action)
        marks = ["yes" if role in granted else "" for role in roles]
        lines.append(f"| `{action}` | " + " | ".join(marks) + " |")
    return "\n".join(lines)
