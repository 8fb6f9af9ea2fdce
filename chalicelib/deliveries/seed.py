"""Demo deliveries of the Douala shop, carried by the demo courier: one paid and delivered, one
out for delivery collecting its cash at the door, one waiting for a courier."""

from __future__ import annotations

from collections.abc import Callable

from chalicelib import catalog, identity, sales, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.deliveries import service
from chalicelib.deliveries.schemas import AssignIn, DeliverIn, DeliveryIn

COURIER_EMAIL = "courier@demo.comptoir.cm"
# (sku, address, contact, paid at the till first, how far it goes)
DELIVERIES = (
    ("CAISSE-ECO-BT", "Rue Joss, Bonanjo, Douala", "Mireille Etoa", True, "deliver"),
    ("CAISSE-CHG-20W", "Carrefour Ndokoti, Douala", "Paul Ekwalla", False, "dispatch"),
    ("CAISSE-ECO-BT", "Avenue de Gaulle, Bonapriso", "Rose Ngo Bassa", True, None),
)
STEPS = ("assign", "dispatch", "deliver")


def _staff(email: str) -> Principal:
    found = identity.principal_by_email(email)
    if found is None:
        raise LookupError(f"the demo team has no {email}")
    return found


def _product_id(admin: Principal, sku: str) -> str:
    page, _ = catalog.list_products(admin.tenant_id, catalog.ProductQuery(sku=sku), None)
    return page[0].id


def seed_deliveries(admin: Principal, pay: Callable[[str, int], None]) -> None:
    """`pay(sale_id, amount)` settles a sale at the till before it leaves."""
    store_id = tenancy.list_stores(admin, 1, None)[0][0].id
    seller = _staff("sales@demo.comptoir.cm")
    manager, courier = _staff("manager@demo.comptoir.cm"), _staff(COURIER_EMAIL)
    for sku, address, contact, paid, last_step in DELIVERIES:
        line = sales.SaleLineIn(product_id=_product_id(admin, sku), quantity=1)
        sale, _ = sales.create_sale(seller, sales.SaleIn(store_id=store_id, lines=[line]))
        sale = sales.submit_sale(seller, sale.id)
        if paid:
            pay(sale.id, sale.balance_due)
        delivery, _ = service.create_delivery(
            seller,
            DeliveryIn(
                sale_id=sale.id,
                address=address,
                contact_name=contact,
                phone="+237690000000",
                collect_on_delivery=not paid,
            ),
        )
        steps = STEPS[: STEPS.index(last_step) + 1] if last_step else ()
        for step in steps:
            if step == "assign":
                service.assign_delivery(manager, delivery.id, AssignIn(courier_id=courier.user_id))
            elif step == "dispatch":
                service.dispatch_delivery(courier, delivery.id)
            else:
                handed = DeliverIn(note="Remis en main propre")
                service.deliver_delivery(manager, delivery.id, handed)
