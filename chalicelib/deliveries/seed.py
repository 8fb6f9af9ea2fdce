"""Demo deliveries of the Douala shop, one in each state, carried by the demo courier. The
courier's cash shift stays open with the cash collected at one door: its X report shows what
the rider hands over, and a second cash-on-delivery order is still out, its cash to collect."""

from __future__ import annotations

from typing import Protocol

from chalicelib import catalog, identity, sales, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.deliveries import service
from chalicelib.deliveries.schemas import AssignIn, DeliverIn, DeliveryIn, DeliveryOut, FailIn

COURIER_EMAIL = "courier@demo.comptoir.cm"
# The moves that bring a delivery to each state. "collect" is the courier taking the balance
# due in cash at the door, into their shift.
ASSIGNED = ("assign",)
OUT = (*ASSIGNED, "dispatch")
FAILED = (*OUT, "fail")
# (sku, address, contact, paid at the till first, its moves in order)
DELIVERIES: tuple[tuple[str, str, str, bool, tuple[str, ...]], ...] = (
    ("CAISSE-ECO-BT", "Avenue de Gaulle, Bonapriso", "Rose Ngo Bassa", True, ()),
    ("CAISSE-CHG-20W", "Rue Njo-Njo, Bonapriso", "Alain Mbarga", True, ASSIGNED),
    ("CAISSE-CHG-20W", "Carrefour Ndokoti", "Paul Ekwalla", False, OUT),
    ("CAISSE-ECO-BT", "Rue Joss, Bonanjo", "Mireille Etoa", True, (*OUT, "deliver")),
    ("CAISSE-ECO-BT", "Marché Sandaga, Akwa", "Jean Tchoupo", False, (*OUT, "collect", "deliver")),
    ("CAISSE-CHG-20W", "Rue des Écoles, Deïdo", "Grace Fotso", True, FAILED),
    ("CAISSE-ECO-BT", "Boulevard de la Liberté, Akwa", "Samuel Eto", True, (*FAILED, "return")),
    ("CAISSE-CHG-20W", "Rue Gallieni, Akwa", "Nadège Kamga", True, ("cancel",)),
)


class Cash(Protocol):
    """How the demo's cash changes hands (the till's demo data provides it)."""

    def pay_at_till(self, sale_id: str, amount: int) -> None: ...

    def open_drawer(self, principal: Principal, store_id: str) -> None: ...

    def collect(self, principal: Principal, sale_id: str, amount: int) -> None: ...


def _staff(email: str) -> Principal:
    found = identity.principal_by_email(email)
    if found is None:
        raise LookupError(f"the demo team has no {email}")
    return found


def _product_id(admin: Principal, sku: str) -> str:
    page, _ = catalog.list_products(admin.tenant_id, catalog.ProductQuery(sku=sku), None)
    return page[0].id


class _Round:
    """The demo courier's round: the manager assigns and settles, the courier carries."""

    def __init__(self, admin: Principal, cash: Cash) -> None:
        self.cash = cash
        self.store_id = tenancy.list_stores(admin, 1, None)[0][0].id
        self.seller = _staff("sales@demo.comptoir.cm")
        self.manager, self.courier = _staff("manager@demo.comptoir.cm"), _staff(COURIER_EMAIL)
        cash.open_drawer(self.courier, self.store_id)

    def move(self, delivery: DeliveryOut, step: str) -> None:
        if step == "assign":
            courier = AssignIn(courier_id=self.courier.user_id)
            service.assign_delivery(self.manager, delivery.id, courier)
        elif step == "dispatch":
            service.dispatch_delivery(self.courier, delivery.id)
        elif step == "collect":
            self.cash.collect(self.courier, delivery.sale_id, delivery.cash_to_collect)
        elif step == "deliver":
            handed = DeliverIn(delivery_code=delivery.delivery_code, note="Remis en main propre")
            service.deliver_delivery(self.courier, delivery.id, handed)
        elif step == "fail":
            absent = FailIn(reason="Client absent, téléphone éteint")
            service.fail_delivery(self.courier, delivery.id, absent)
        elif step == "return":
            service.return_delivery(self.manager, delivery.id)
        else:
            service.cancel_delivery(self.manager, delivery.id)


def seed_deliveries(admin: Principal, cash: Cash) -> None:
    round_ = _Round(admin, cash)
    for sku, address, contact, paid, steps in DELIVERIES:
        line = sales.SaleLineIn(product_id=_product_id(admin, sku), quantity=1)
        sale, _ = sales.create_sale(
            round_.seller, sales.SaleIn(store_id=round_.store_id, lines=[line])
        )
        sale = sales.submit_sale(round_.seller, sale.id)
        if paid:
            cash.pay_at_till(sale.id, sale.balance_due)
        delivery, _ = service.create_delivery(
            round_.seller,
            DeliveryIn(
                sale_id=sale.id,
                address=f"{address}, Douala",
                contact_name=contact,
                phone="+237690000000",
                collect_on_delivery=not paid,
            ),
        )
        for step in steps:
            round_.move(delivery, step)
