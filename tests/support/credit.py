"""A till that sells on credit: a store, a seller and a cashier with an open shift, products,
customers with credit accounts, and the sales they buy on credit. Shared by the API tests and
the concurrency tests on DynamoDB Local."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.support.accounts import Tenant, User, add_user, sign_up
from tests.support.client import Api, Reply
from tests.support.shop import (
    add_credit_account,
    add_customer,
    add_store,
    open_shift,
    stocked_product,
    submitted_sale,
)


@dataclass
class CreditTill:
    tenant: Tenant
    store: str
    seller: User
    cashiers: list[User]

    @property
    def cashier(self) -> User:
        return self.cashiers[0]

    def product(self, price: int = 1000, stock: int = 100) -> str:
        """A product at `price` (tax included, so a sale's total is quantity x price)."""
        fields = {"price": price, "tax_rate_bps": 0}
        return str(stocked_product(self.tenant, self.store, stock, **fields)["id"])

    def customer(self, limit: int | None = None) -> tuple[str, str | None]:
        """A customer and, when `limit` is given, its credit account: (customer, account)."""
        customer = str(add_customer(self.tenant, "Client à crédit")["id"])
        if limit is None:
            return customer, None
        return customer, str(add_credit_account(self.tenant, customer, limit)["id"])

    def sale(self, customer_id: str | None, total: int, product: str | None = None) -> str:
        """A submitted sale of `total` (in units of 1000) for the customer."""
        lines = [{"product_id": product or self.product(), "quantity": total // 1000}]
        fields = {"customer_id": customer_id} if customer_id else {}
        return str(submitted_sale(self.tenant, self.store, lines, by=self.seller, **fields)["id"])

    def pay(
        self,
        sale_id: str,
        amount: int,
        method: str = "CREDIT",
        cashier: User | None = None,
        **extra: Any,
    ) -> Reply:
        headers = extra.pop("headers", None)
        body = {"sale_id": sale_id, "method": method, "amount": amount, **extra}
        token = (cashier or self.cashier).token
        return self.tenant.post("/v1/payments", body, token=token, headers=headers)

    def refund(self, sale_id: str, product: str, quantity: int, **extra: Any) -> Reply:
        """A manager's refund of `quantity` of the product (`extra`: method, restock...)."""
        lines = [{"product_id": product, "quantity": quantity}]
        body = {"lines": lines, "reason": "retour", **extra}
        return self.tenant.post(f"/v1/sales/{sale_id}/refunds", body)

    def account(self, account_id: str) -> dict[str, Any]:
        reply = self.tenant.get(f"/v1/credit-accounts/{account_id}")
        assert reply.status == 200, reply
        return dict(reply.json)


def credit_till(api: Api, cashiers: int = 1) -> CreditTill:
    """A tenant with store Akwa, its seller, and `cashiers` cashiers each with an open shift."""
    tenant = sign_up(api, name="Téléphones à crédit")
    store = str(add_store(tenant, "Akwa", "AKW")["id"])
    seller = add_user(tenant, "SALES", [store])
    tills = [add_user(tenant, "CASHIER", [store]) for _ in range(cashiers)]
    for cashier in tills:
        open_shift(tenant, store, by=cashier)
    return CreditTill(tenant, store, seller, tills)
