"""The demo tenant that `make run` seeds: logins to print, data in every domain.

Idempotent: with DynamoDB Local keeping its data, a second run finds the tenant and stops.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from chalicelib.auth.principal import Principal
from chalicelib.cashier.history_seed import seed_sales_history
from chalicelib.cashier.seed import DemoCash, seed_sales
from chalicelib.catalog.seed import seed_catalog
from chalicelib.credit.seed import seed_credit
from chalicelib.customers.seed import seed_customers
from chalicelib.deliveries.seed import seed_deliveries
from chalicelib.identity.schemas import AdminIn, SignUpIn
from chalicelib.identity.seed import DEMO_PASSWORD, DEMO_TEAM, seed_team
from chalicelib.identity.service import principal_by_email, sign_up
from chalicelib.loyalty.seed import seed_loyalty
from chalicelib.promotions.seed import seed_promotions
from chalicelib.purchasing.seed import seed_purchasing
from chalicelib.stock.seed import seed_stock
from chalicelib.tenancy.seed import seed_loyalty_setting, seed_stores

DEMO_EMAIL = "admin@demo.comptoir.cm"
# Each domain's demo data, in dependency order; each takes the demo ADMIN principal. The sales
# history of the last 60 days follows the stock it sells and precedes today's demo (purchases
# at their costs, the till's sales and shifts); the promotions come last, so the demo sales
# before them show the prices as they were rung up.
DOMAIN_SEEDS: tuple[Callable[[Principal], None], ...] = (
    seed_stores,
    seed_team,
    seed_catalog,
    seed_customers,
    seed_stock,
    seed_sales_history,
    seed_purchasing,
    seed_sales,
    partial(seed_credit, till=DemoCash()),
    seed_loyalty_setting,
    partial(seed_loyalty, till=DemoCash()),
    partial(seed_deliveries, cash=DemoCash()),
    seed_promotions,
)


def seed_demo() -> list[str]:
    if principal_by_email(DEMO_EMAIL) is not None:
        return [*_logins(), "(demo tenant already present)"]
    created = sign_up(
        SignUpIn(
            name="Comptoir Demo Électronique",
            currency="XAF",
            timezone="Africa/Douala",
            locale="fr",
            country="CM",
            admin=AdminIn(email=DEMO_EMAIL, password=DEMO_PASSWORD, full_name="Awa Ndiaye"),
        ),
        ip="127.0.0.1",
        user_agent="seed",
    )
    admin = Principal(tenant_id=created.tenant.id, user_id=created.user.id, role="ADMIN")
    for seed_domain in DOMAIN_SEEDS:
        seed_domain(admin)
    return _logins()


def _logins() -> list[str]:
    team = [f"{role.value:<8}{email}  /  {DEMO_PASSWORD}" for role, email, _ in DEMO_TEAM]
    return [f"ADMIN   {DEMO_EMAIL}  /  {DEMO_PASSWORD}", *team]
