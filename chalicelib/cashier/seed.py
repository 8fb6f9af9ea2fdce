"""Demo data of the till: sales in every state, a closed shift with a variance, an open one."""

from __future__ import annotations

from chalicelib import catalog, identity, sales, stock, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.cashier import payments
from chalicelib.cashier import service as shifts
from chalicelib.cashier.schemas import PaymentIn, ShiftCloseIn, ShiftIn

SELLER_EMAIL = "sales@demo.comptoir.cm"
DEMO_PRODUCTS = (
    ("CAISSE-TEL-A15", "Téléphone Galaxy A15", 95000),
    ("CAISSE-ECO-BT", "Écouteurs Bluetooth", 12500),
    ("CAISSE-CHG-20W", "Chargeur rapide 20 W", 6500),
)


def _principal(admin: Principal, email: str, store_id: str) -> Principal:
    found = identity.principal_by_email(email)
    return found or Principal(admin.tenant_id, admin.user_id, "ADMIN", (store_id,))


def _stocked_products(admin: Principal, store_id: str) -> list[str]:
    ids = []
    for sku, name, price in DEMO_PRODUCTS:
        product, _ = catalog.create_product(
            admin, catalog.ProductIn(sku=sku, name=name, price=price, tax_rate_bps=1925)
        )
        stock.record_movement(
            admin,
            stock.MovementIn(store_id=store_id, product_id=product.id, type="RECEIPT", quantity=40),
        )
        ids.append(product.id)
    return ids


class _DemoTill:
    """The demo store's seller, cashier and manager, ringing up sales through the services."""

    def __init__(self, admin: Principal) -> None:
        self.store_id = tenancy.list_stores(admin, 1, None)[0][0].id
        self.seller = _principal(admin, "sales@demo.comptoir.cm", self.store_id)
        self.cashier = _principal(admin, "cashier@demo.comptoir.cm", self.store_id)
        self.manager = _principal(admin, "manager@demo.comptoir.cm", self.store_id)
        self.products = _stocked_products(admin, self.store_id)

    def sale(self, *lines: tuple[int, int], submit: bool = True) -> str:
        body = sales.SaleIn(
            store_id=self.store_id,
            lines=[sales.SaleLineIn(product_id=self.products[n], quantity=q) for n, q in lines],
        )
        created, _ = sales.create_sale(self.seller, body)
        if submit:
            sales.submit_sale(self.seller, created.id)
        return created.id

    def pay(
        self,
        sale_id: str,
        method: str,
        amount: int,
        tendered: int | None = None,
        reference: str | None = None,
    ) -> None:
        body = PaymentIn.model_validate(
            {
                "sale_id": sale_id,
                "method": method,
                "amount": amount,
                "tendered": tendered,
                "reference": reference,
            }
        )
        payments.take_payment(self.cashier, body, None)

    def refund(self, sale_id: str, product: int) -> None:
        lines = [sales.RefundLineIn(product_id=self.products[product], quantity=1)]
        sales.refund_sale(self.manager, sale_id, sales.RefundIn(lines=lines))

    def shift(self, opening_float: int) -> str:
        opened, _ = shifts.open_shift(
            self.cashier, ShiftIn(store_id=self.store_id, opening_float=opening_float)
        )
        return opened.id


PHONE, EARBUDS, CHARGER = 0, 1, 2


class DemoCash:
    """Cash taken by the demo team, for other domains' demo data: at the till by the demo
    cashier, or at the door by a courier in their own drawer."""

    def sell(self, admin: Principal, customer_id: str, sku: str, quantity: int) -> sales.SaleOut:
        """A sale of `quantity` of the product `sku` to the customer, submitted by the demo
        seller in the demo store."""
        seller = identity.principal_by_email(SELLER_EMAIL)
        if seller is None:
            raise LookupError(f"the demo team has no {SELLER_EMAIL}")
        store_id = tenancy.list_stores(admin, 1, None)[0][0].id
        found, _ = catalog.list_products(admin.tenant_id, catalog.ProductQuery(sku=sku), None)
        line = sales.SaleLineIn(product_id=found[0].id, quantity=quantity)
        body = sales.SaleIn(store_id=store_id, customer_id=customer_id, lines=[line])
        created, _ = sales.create_sale(seller, body)
        return sales.submit_sale(seller, created.id)

    def pay_at_till(self, sale_id: str, amount: int, method: str = "CASH") -> None:
        cashier = identity.principal_by_email("cashier@demo.comptoir.cm")
        if cashier is None:
            raise LookupError("the demo team has no cashier")
        self.collect(cashier, sale_id, amount, method)

    def open_drawer(self, principal: Principal, store_id: str) -> None:
        shifts.open_shift(principal, ShiftIn(store_id=store_id, opening_float=0))

    def collect(
        self, principal: Principal, sale_id: str, amount: int, method: str = "CASH"
    ) -> None:
        body = PaymentIn.model_validate({"sale_id": sale_id, "method": method, "amount": amount})
        payments.take_payment(principal, body, None)


def seed_sales(admin: Principal) -> None:
    till = _DemoTill(admin)
    morning = till.shift(25000)
    till.pay(till.sale((EARBUDS, 2)), "CASH", 25000, tendered=30000)
    till.pay(
        till.sale((PHONE, 1), (CHARGER, 1)),
        "MOBILE_MONEY",
        101500,
        reference="MP260101.1200.A12345",
    )
    shifts.close_shift(till.cashier, morning, ShiftCloseIn(counted_cash=49500))
    till.shift(20000)
    till.sale((CHARGER, 1), submit=False)
    till.sale((EARBUDS, 1))
    till.pay(till.sale((PHONE, 1)), "CARD", 50000)
    paid = till.sale((EARBUDS, 1), (CHARGER, 2))
    till.pay(paid, "CASH", 20000, tendered=20000)
    till.pay(paid, "MOBILE_MONEY", 5500, reference="OM260101.1300.B6789")
    cancelled = till.sale((CHARGER, 3))
    till.pay(cancelled, "CASH", 5000)
    sales.cancel_sale(till.manager, cancelled, sales.CancelIn(reason="Le client a changé d'avis"))
    partly = till.sale((EARBUDS, 2), (CHARGER, 1))
    till.pay(partly, "CASH", 31500)
    till.refund(partly, CHARGER)
    refunded = till.sale((EARBUDS, 1))
    till.pay(refunded, "CASH", 12500)
    till.refund(refunded, EARBUDS)
