"""Demo loyalty of the Douala shop (enabled by the tenant's demo settings): one customer who
earned points on a paid sale, one whose points from an old card paid part of a sale (a REDEEM)
and who earned on the rest. The earnings are applied at once, as the stream would: each sale's
marker keeps them single when the stream delivers the same sales."""

from __future__ import annotations

from typing import Protocol

from chalicelib import customers, sales
from chalicelib.auth.principal import Principal
from chalicelib.loyalty import points
from chalicelib.loyalty import repository as repo
from chalicelib.loyalty.events import SaleFigures, settle_sale
from chalicelib.loyalty.wallet import credit_move, rules_of, written

OLD_CARD = "Points repris de l'ancienne carte"


class Till(Protocol):
    """How the demo's payments are taken (the till's demo data provides it)."""

    def sell(
        self, admin: Principal, customer_id: str, sku: str, quantity: int
    ) -> sales.SaleOut: ...

    def pay_at_till(self, sale_id: str, amount: int, method: str = "CASH") -> None: ...


def _customer(admin: Principal, name: str, phone: str) -> str:
    customer, _ = customers.create_customer(admin, customers.CustomerIn(name=name, phone=phone))
    return customer.id


def _earned(admin: Principal, customer_id: str, sale: sales.SaleOut, with_points: int) -> None:
    settle_sale(
        SaleFigures(
            admin.tenant_id, customer_id, sale.id, sale.total, with_points, 0, 0, becomes_paid=True
        )
    )


def _old_card(admin: Principal, customer_id: str, amount: int) -> None:
    rules, today = rules_of(admin.tenant_id)
    move = credit_move(
        admin.tenant_id, customer_id, amount, points.ADJUST, rules, today, reason=OLD_CARD
    )
    repo.write([written(move, admin.user_id).effect])


def seed_loyalty(admin: Principal, till: Till) -> None:
    earner = _customer(admin, "Awa Mbarga", "6 77 12 34 56")
    first = till.sell(admin, earner, "CAISSE-ECO-BT", 2)
    till.pay_at_till(first.id, first.total)
    _earned(admin, earner, first, 0)
    redeemer = _customer(admin, "Hervé Nkoulou", "6 99 87 65 43")
    _old_card(admin, redeemer, 400)
    second = till.sell(admin, redeemer, "CAISSE-CHG-20W", 2)
    till.pay_at_till(second.id, 3000, "LOYALTY")
    till.pay_at_till(second.id, second.total - 3000)
    _earned(admin, redeemer, second, 3000)
