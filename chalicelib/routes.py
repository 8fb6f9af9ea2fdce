"""Every blueprint of the API, registered in one explicit list, and the access check."""

from __future__ import annotations

from chalice import Chalice

from chalicelib.alerts.routes import bp as alerts
from chalicelib.audit.routes import bp as audit
from chalicelib.cashier.routes import bp as cashier
from chalicelib.catalog.routes import bp as catalog
from chalicelib.credit.routes import bp as credit
from chalicelib.customers.routes import bp as customers
from chalicelib.deliveries.routes import bp as deliveries
from chalicelib.http import ComptoirApp
from chalicelib.identity.access import current_principal
from chalicelib.identity.routes import bp as identity
from chalicelib.loyalty.routes import bp as loyalty
from chalicelib.meta.routes import bp as meta
from chalicelib.promotions.routes import bp as promotions
from chalicelib.purchasing.routes import bp as purchasing
from chalicelib.reports.routes import bp as reports
from chalicelib.sales.routes import bp as sales
from chalicelib.stock.routes import bp as stock
from chalicelib.tenancy.routes import bp as tenancy


def register_api(app: ComptoirApp) -> None:
    """The routes of the API function, and the check of every token's session and user."""
    app.access_check = current_principal
    register_blueprints(app)


def register_blueprints(app: Chalice) -> None:
    for blueprint in (
        meta,
        tenancy,
        identity,
        audit,
        catalog,
        customers,
        credit,
        loyalty,
        stock,
        alerts,
        sales,
        cashier,
        purchasing,
        promotions,
        deliveries,
        reports,
    ):
        app.register_blueprint(blueprint)
