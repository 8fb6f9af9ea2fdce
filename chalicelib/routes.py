"""Every blueprint of the API, registered in one explicit list."""

from __future__ import annotations

from chalice import Chalice

from chalicelib.alerts.routes import bp as alerts
from chalicelib.audit.routes import bp as audit
from chalicelib.cashier.routes import bp as cashier
from chalicelib.catalog.routes import bp as catalog
from chalicelib.customers.routes import bp as customers
from chalicelib.identity.routes import bp as identity
from chalicelib.meta.routes import bp as meta
from chalicelib.sales.routes import bp as sales
from chalicelib.stock.routes import bp as stock
from chalicelib.tenancy.routes import bp as tenancy


def register_blueprints(app: Chalice) -> None:
    for blueprint in (
        meta,
        tenancy,
        identity,
        audit,
        catalog,
        customers,
        stock,
        alerts,
        sales,
        cashier,
    ):
        app.register_blueprint(blueprint)
