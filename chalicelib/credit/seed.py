"""Demo credit accounts of a Douala shop moving off its notebook: each opening balance comes in
as an ADJUSTMENT. One account is near its limit after a charger bought on credit at the till,
one is overdue on its schedule, one is suspended; one repaid part of its debt by mobile
money."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from chalicelib import customers, sales
from chalicelib.auth.principal import Principal
from chalicelib.credit import ledger, repayments, schedules, service
from chalicelib.credit.schemas import (
    AdjustmentIn,
    CreditAccountIn,
    CreditAccountPatch,
    InstalmentIn,
    RepaymentIn,
    ScheduleIn,
)

NOTEBOOK = "Solde repris du cahier"


class Till(Protocol):
    """How the demo's sales are rung up and paid (the till's demo data provides it)."""

    def sell(
        self, admin: Principal, customer_id: str, sku: str, quantity: int
    ) -> sales.SaleOut: ...

    def pay_at_till(self, sale_id: str, amount: int, method: str = "CASH") -> None: ...


def _account(admin: Principal, name: str, phone: str, limit: int, owed: int) -> tuple[str, str]:
    """(customer, account) with its opening balance."""
    customer, _ = customers.create_customer(admin, customers.CustomerIn(name=name, phone=phone))
    account, _ = service.create_account(
        admin, CreditAccountIn(customer_id=customer.id, credit_limit=limit)
    )
    if owed:
        ledger.adjust(admin, account.id, AdjustmentIn(amount=owed, reason=NOTEBOOK))
    return customer.id, account.id


def seed_credit(admin: Principal, till: Till) -> None:
    today = service.today_of(admin.tenant_id)
    near, _ = _account(admin, "Alain Fotso (réparateur)", "6 70 11 22 33", 300000, 280000)
    charger = till.sell(admin, near, "CAISSE-CHG-20W", 1)
    till.pay_at_till(charger.id, charger.total, "CREDIT")  # the till's CREDIT tender
    _, overdue = _account(admin, "Boutique Chez Mama Ngono", "6 91 44 55 66", 200000, 120000)
    plan = [(-12, 40000), (18, 40000), (48, 40000)]
    schedules.create_schedule(
        admin,
        overdue,
        ScheduleIn(
            installments=[
                InstalmentIn(due_date=today + timedelta(days=days), amount=amount)
                for days, amount in plan
            ]
        ),
    )
    repayments.take_repayment(
        admin,
        overdue,
        RepaymentIn(amount=15000, method="MOBILE_MONEY", reference="MP260101.0900.C4455"),
    )
    _, suspended = _account(admin, "Paul Essomba", "6 55 66 77 88", 100000, 65000)
    service.update_account(admin, suspended, CreditAccountPatch(version=1, status="SUSPENDED"))
