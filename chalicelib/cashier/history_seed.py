"""Demo history of the till: the first demo store's last 60 local days, rung up through the
services with the clock pinned at each moment, so that the sales, payments and shifts, and the
rollups the stream derives from them, land on their local days as real history would.

It runs once the demo stock is in and before the present-day demo: the stock it sells is
received at its start (each level ends where it began, never under its minimum), every sale
is paid in full, each day's shift closes with the cash counted as expected, and the last day
ends before today."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from chalicelib import catalog, clock, identity, sales, stock, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.cashier import payments
from chalicelib.cashier import service as shifts
from chalicelib.cashier.schemas import PaymentIn, ShiftCloseIn, ShiftIn

HISTORY_DAYS = 60
SALES_A_DAY = (1, 2)  # one more on Saturdays; each sale costs the stream about 50 records
RANDOM_SEED = 2026
OPENING_FLOAT = 20_000
SHIFT_OPENS, SHIFT_CLOSES = time(7, 45), time(20, 30)
FIRST_SALE, LAST_SALE = 8 * 60, 19 * 60 + 50  # minutes into the local day
METHODS, METHOD_WEIGHTS = ("CASH", "MOBILE_MONEY", "CARD"), (5, 3, 2)
REFUND_ODDS = 0.1  # of the sales paid by card or mobile money: one unit back, not restocked
SELLERS = ("sales@demo.comptoir.cm", "manager@demo.comptoir.cm")
CASHIER, MANAGER = "cashier@demo.comptoir.cm", "manager@demo.comptoir.cm"


@dataclass(frozen=True)
class PlannedSale:
    minute: int  # into the local day
    seller: int  # index in SELLERS
    lines: tuple[tuple[str, int], ...]  # product id, quantity
    method: str
    refund: bool


def seed_sales_history(admin: Principal) -> None:
    rng = random.Random(RANDOM_SEED)
    zone = tenancy.tenant_settings(admin.tenant_id).timezone
    store_id = tenancy.list_stores(admin, 1, None)[0][0].id
    products = _sellable(admin, store_id)
    today = clock.local_date(clock.now(), zone)
    days = [today - timedelta(days=back) for back in range(HISTORY_DAYS, 0, -1)]
    plans = [(day, _plan_day(rng, day, products)) for day in days]
    start = _local(days[0], time(7, 0), zone)
    tenancy.move_activity_back(admin.tenant_id, clock.iso(start))
    till = _HistoryTill(admin, store_id, zone)
    with clock.pinned_at(start):
        till.receive(products, Counter(_units(plans)))
    for day, planned in plans:
        till.ring_up(day, planned, rng)


def _sellable(admin: Principal, store_id: str) -> dict[str, catalog.ProductOut]:
    """The pieces sold from stock in the store, but for variant parents, lots and
    levels at or under their minimum (their alerts stay as the stock demo left them)."""
    found: list[catalog.ProductOut] = []
    start_key = None
    while True:
        page, start_key = catalog.list_products(
            admin.tenant_id, catalog.ProductQuery(limit=200), start_key
        )
        found += page
        if start_key is None:
            break
    parents = {product.variant_of for product in found}
    short = {
        level.product_id for level in stock.levels_at_or_below_minimum(admin.tenant_id, (store_id,))
    }
    return {
        product.id: product
        for product in found
        if product.track_stock
        and not product.track_lots
        and product.active
        and product.unit == "piece"
        and product.id not in parents | short
    }


def _plan_day(
    rng: random.Random, day: date, products: dict[str, catalog.ProductOut]
) -> list[PlannedSale]:
    low, high = SALES_A_DAY
    count = rng.randint(low, high) + (1 if day.weekday() == 5 else 0)
    minutes = sorted(rng.sample(range(FIRST_SALE, LAST_SALE), count))
    ids = sorted(products, key=lambda pid: products[pid].sku)  # ids differ from run to run
    planned = []
    for minute in minutes:
        picked = rng.sample(ids, rng.choices((1, 2), weights=(7, 3))[0])
        lines = tuple(
            (pid, 1 if products[pid].price >= 50_000 else rng.randint(1, 3)) for pid in picked
        )
        method = rng.choices(METHODS, weights=METHOD_WEIGHTS)[0]
        refund = method != "CASH" and rng.random() < REFUND_ODDS
        planned.append(PlannedSale(minute, rng.randrange(len(SELLERS)), lines, method, refund))
    return planned


def _units(plans: list[tuple[date, list[PlannedSale]]]) -> list[str]:
    return [pid for _, day in plans for sale in day for pid, q in sale.lines for _ in range(q)]


def _local(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


def _member(email: str) -> Principal:
    found = identity.principal_by_email(email)
    if found is None:
        raise LookupError(f"the demo team has no {email}")
    return found


class _HistoryTill:
    """The demo team at the first store's till, each step at its moment of the past."""

    def __init__(self, admin: Principal, store_id: str, zone: str) -> None:
        self.admin, self.store_id, self.zone = admin, store_id, zone
        self.sellers = [_member(email) for email in SELLERS]
        self.cashier, self.manager = _member(CASHIER), _member(MANAGER)

    def receive(self, products: dict[str, catalog.ProductOut], units: Counter[str]) -> None:
        """What the history sells, received at the cost the demo stock came in at."""
        for product_id, quantity in sorted(units.items()):
            stock.record_movement(
                self.admin,
                stock.MovementIn(
                    store_id=self.store_id,
                    product_id=product_id,
                    type="RECEIPT",
                    quantity=quantity,
                    unit_cost=products[product_id].cost or None,
                    reason="Réassort",
                ),
            )

    def ring_up(self, day: date, planned: list[PlannedSale], rng: random.Random) -> None:
        """One local day: the shift opened, the sales paid as they come, the drawer counted."""
        with clock.pinned_at(_local(day, SHIFT_OPENS, self.zone)):
            shift, _ = shifts.open_shift(
                self.cashier, ShiftIn(store_id=self.store_id, opening_float=OPENING_FLOAT)
            )
        for sale in planned:
            self._sell(day, sale, rng)
        with clock.pinned_at(_local(day, SHIFT_CLOSES, self.zone)):
            expected = shifts.get_shift(self.cashier, shift.id).expected_cash
            shifts.close_shift(self.cashier, shift.id, ShiftCloseIn(counted_cash=expected))

    def _sell(self, day: date, sale: PlannedSale, rng: random.Random) -> None:
        at = _local(day, time(*divmod(sale.minute, 60)), self.zone)
        seller = self.sellers[sale.seller]
        lines = [sales.SaleLineIn(product_id=pid, quantity=q) for pid, q in sale.lines]
        with clock.pinned_at(at):
            created, _ = sales.create_sale(
                seller, sales.SaleIn(store_id=self.store_id, lines=lines)
            )
        with clock.pinned_at(at + timedelta(minutes=1)):
            submitted = sales.submit_sale(seller, created.id)
        with clock.pinned_at(at + timedelta(minutes=3)):
            payments.take_payment(
                self.cashier, _payment(created.id, sale.method, submitted.total, at, rng), None
            )
        if sale.refund:
            with clock.pinned_at(at + timedelta(minutes=25)):
                pid = sale.lines[0][0]
                sales.refund_sale(
                    self.manager,
                    created.id,
                    sales.RefundIn(
                        lines=[sales.RefundLineIn(product_id=pid, quantity=1)],
                        restock=False,
                        reason="Article défectueux, renvoyé au fournisseur",
                    ),
                )


def _payment(sale_id: str, method: str, total: int, at: datetime, rng: random.Random) -> PaymentIn:
    body: dict[str, object] = {"sale_id": sale_id, "method": method, "amount": total}
    if method == "CASH":
        body["tendered"] = -(-total // 5_000) * 5_000
    if method == "MOBILE_MONEY":
        body["reference"] = f"MP{at:%y%m%d.%H%M}.{rng.choice('ABCDEF')}{rng.randint(10000, 99999)}"
    return PaymentIn.model_validate(body)
