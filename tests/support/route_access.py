"""Who may call each route, written out from API.md's "who" column: the RBAC matrix's truth.

Every route of the app has a row here and every row is a route (tests/api/test_rbac_matrix.py;
tests/api/test_tenant_isolation.py reads it too).
A new route needs its row, copied from API.md rather than from the permission table, so the
test compares the contract with the code. "public" marks the routes that need no token.
"""

from __future__ import annotations

from typing import Literal

Public = Literal["public"]
PUBLIC: Public = "public"

ADMIN = "ADMIN"
MANAGER = "MANAGER"
SALES = "SALES"
CASHIER = "CASHIER"
STOCKER = "STOCKER"
COURIER = "COURIER"
VIEWER = "VIEWER"

EVERYONE = frozenset({ADMIN, MANAGER, SALES, CASHIER, STOCKER, COURIER, VIEWER})
ADMIN_ONLY = frozenset({ADMIN})
MANAGING = frozenset({ADMIN, MANAGER})
STOCK_KEEPING = frozenset({ADMIN, MANAGER, STOCKER})
STOCK_READING = STOCK_KEEPING | {VIEWER}
CUSTOMER_READING = EVERYONE - {STOCKER}
SELLING = frozenset({ADMIN, MANAGER, SALES})
TILL = frozenset({ADMIN, MANAGER, CASHIER})
TILL_READING = TILL | {VIEWER}
CASHIER_ONLY = frozenset({ADMIN, CASHIER})
CUSTOMER_WRITING = frozenset({ADMIN, MANAGER, SALES, CASHIER})

ACCESS: dict[tuple[str, str], frozenset[str] | Public] = {
    # Public
    ("GET", "/v1/health"): PUBLIC,
    ("GET", "/v1/openapi.json"): PUBLIC,
    ("GET", "/v1/docs"): PUBLIC,
    ("GET", "/v1/docs/docs.js"): PUBLIC,
    ("GET", "/v1/docs/swagger-ui-bundle.js"): PUBLIC,
    ("GET", "/v1/docs/swagger-ui.css"): PUBLIC,
    ("GET", "/v1/.well-known/jwks.json"): PUBLIC,
    ("POST", "/v1/tenants"): PUBLIC,
    ("POST", "/v1/auth/token"): PUBLIC,
    ("POST", "/v1/auth/token/refresh"): PUBLIC,
    ("POST", "/v1/auth/logout"): PUBLIC,
    # Identity, tenant, stores, users
    ("GET", "/v1/auth/me"): EVERYONE,
    ("POST", "/v1/auth/change-password"): EVERYONE,
    ("GET", "/v1/auth/sessions"): EVERYONE,
    ("DELETE", "/v1/auth/sessions/{session_id}"): EVERYONE,
    ("GET", "/v1/tenant"): EVERYONE,
    ("PATCH", "/v1/tenant"): ADMIN_ONLY,
    ("GET", "/v1/stores"): EVERYONE,
    ("POST", "/v1/stores"): ADMIN_ONLY,
    ("GET", "/v1/stores/{store_id}"): EVERYONE,
    ("PATCH", "/v1/stores/{store_id}"): ADMIN_ONLY,
    ("DELETE", "/v1/stores/{store_id}"): ADMIN_ONLY,
    ("POST", "/v1/stores/{store_id}/assign-users"): ADMIN_ONLY,
    ("GET", "/v1/users"): ADMIN_ONLY,
    ("POST", "/v1/users"): ADMIN_ONLY,
    ("GET", "/v1/users/{user_id}"): ADMIN_ONLY,
    ("PATCH", "/v1/users/{user_id}"): ADMIN_ONLY,
    ("DELETE", "/v1/users/{user_id}"): ADMIN_ONLY,
    # Catalog
    ("GET", "/v1/categories"): EVERYONE,
    ("POST", "/v1/categories"): MANAGING,
    ("POST", "/v1/categories/reorder"): MANAGING,
    ("GET", "/v1/categories/{category_id}"): EVERYONE,
    ("PATCH", "/v1/categories/{category_id}"): MANAGING,
    ("DELETE", "/v1/categories/{category_id}"): MANAGING,
    ("GET", "/v1/brands"): EVERYONE,
    ("POST", "/v1/brands"): MANAGING,
    ("GET", "/v1/brands/{brand_id}"): EVERYONE,
    ("PATCH", "/v1/brands/{brand_id}"): MANAGING,
    ("DELETE", "/v1/brands/{brand_id}"): MANAGING,
    ("GET", "/v1/products"): EVERYONE,
    ("POST", "/v1/products"): MANAGING,
    ("POST", "/v1/products/import"): MANAGING,
    ("GET", "/v1/products/export"): MANAGING,
    ("GET", "/v1/import-jobs"): MANAGING,
    ("GET", "/v1/import-jobs/{job_id}"): MANAGING,
    ("GET", "/v1/products/{product_id}"): EVERYONE,
    ("PATCH", "/v1/products/{product_id}"): MANAGING,
    ("DELETE", "/v1/products/{product_id}"): MANAGING,
    # Stock
    ("GET", "/v1/stock"): EVERYONE,
    ("GET", "/v1/stock/lots"): EVERYONE,
    ("PATCH", "/v1/stock/{store_id}/{product_id}"): STOCK_KEEPING,
    ("GET", "/v1/stock-movements"): EVERYONE,
    ("POST", "/v1/stock-movements"): STOCK_KEEPING,
    ("GET", "/v1/stock-transfers"): STOCK_READING,
    ("POST", "/v1/stock-transfers"): STOCK_KEEPING,
    ("GET", "/v1/stock-transfers/{transfer_id}"): STOCK_READING,
    ("POST", "/v1/stock-transfers/{transfer_id}/ship"): STOCK_KEEPING,
    ("POST", "/v1/stock-transfers/{transfer_id}/receive"): STOCK_KEEPING,
    ("POST", "/v1/stock-transfers/{transfer_id}/cancel"): STOCK_KEEPING,
    ("GET", "/v1/stock-counts"): STOCK_READING,
    ("POST", "/v1/stock-counts"): STOCK_KEEPING,
    ("GET", "/v1/stock-counts/{count_id}"): STOCK_READING,
    ("POST", "/v1/stock-counts/{count_id}/apply"): STOCK_KEEPING,
    # Sales and the till
    ("POST", "/v1/sales"): SELLING,
    ("GET", "/v1/sales"): EVERYONE,
    ("GET", "/v1/sales/{sale_id}"): EVERYONE,
    ("PATCH", "/v1/sales/{sale_id}"): SELLING,
    ("POST", "/v1/sales/{sale_id}/submit"): SELLING,
    ("POST", "/v1/sales/{sale_id}/approve-discount"): MANAGING,
    ("POST", "/v1/sales/{sale_id}/cancel"): MANAGING,
    ("POST", "/v1/sales/{sale_id}/refunds"): MANAGING,
    ("GET", "/v1/sales/{sale_id}/receipt"): EVERYONE,
    ("POST", "/v1/cash-shifts"): CASHIER_ONLY | {COURIER},
    ("GET", "/v1/cash-shifts"): TILL_READING | {COURIER},
    ("GET", "/v1/cash-shifts/{shift_id}"): TILL_READING | {COURIER},
    ("POST", "/v1/cash-shifts/{shift_id}/close"): TILL | {COURIER},
    ("POST", "/v1/cash-shifts/{shift_id}/movements"): CASHIER_ONLY,
    ("POST", "/v1/payments"): CASHIER_ONLY | {COURIER},
    ("GET", "/v1/payments"): TILL_READING,
    # Customers and credit
    ("GET", "/v1/customers"): CUSTOMER_READING,
    ("POST", "/v1/customers"): CUSTOMER_WRITING,
    ("GET", "/v1/customers/{customer_id}"): CUSTOMER_READING,
    ("PATCH", "/v1/customers/{customer_id}"): CUSTOMER_WRITING,
    ("DELETE", "/v1/customers/{customer_id}"): MANAGING,
    # Purchasing
    ("GET", "/v1/suppliers"): STOCK_READING,
    ("POST", "/v1/suppliers"): MANAGING,
    ("GET", "/v1/suppliers/{supplier_id}"): STOCK_READING,
    ("PATCH", "/v1/suppliers/{supplier_id}"): MANAGING,
    ("DELETE", "/v1/suppliers/{supplier_id}"): MANAGING,
    ("GET", "/v1/purchase-orders"): STOCK_READING,
    ("POST", "/v1/purchase-orders"): MANAGING,
    ("GET", "/v1/purchase-orders/{order_id}"): STOCK_READING,
    ("PATCH", "/v1/purchase-orders/{order_id}"): MANAGING,
    ("POST", "/v1/purchase-orders/{order_id}/send"): MANAGING,
    ("POST", "/v1/purchase-orders/{order_id}/cancel"): MANAGING,
    ("POST", "/v1/purchase-orders/{order_id}/close"): MANAGING,
    ("GET", "/v1/goods-receipts"): STOCK_READING,
    ("POST", "/v1/goods-receipts"): STOCK_KEEPING,
    ("GET", "/v1/goods-receipts/{receipt_id}"): STOCK_READING,
    ("GET", "/v1/reorder-suggestions"): STOCK_READING,
    ("POST", "/v1/reorder-suggestions/purchase-orders"): MANAGING,
    ("POST", "/v1/credit-accounts"): MANAGING,
    ("GET", "/v1/credit-accounts"): TILL_READING,
    ("GET", "/v1/credit-accounts/{account_id}"): TILL_READING,
    ("PATCH", "/v1/credit-accounts/{account_id}"): MANAGING,
    ("POST", "/v1/credit-accounts/{account_id}/adjustments"): MANAGING,
    ("POST", "/v1/credit-accounts/{account_id}/repayments"): TILL,
    ("POST", "/v1/credit-accounts/{account_id}/schedules"): MANAGING,
    ("GET", "/v1/credit-accounts/{account_id}/schedules"): TILL_READING,
    ("GET", "/v1/credit-accounts/{account_id}/statement"): TILL_READING,
    ("GET", "/v1/credit-ledger"): TILL_READING,
    ("GET", "/v1/customers/{customer_id}/loyalty"): CUSTOMER_READING,
    ("GET", "/v1/loyalty-ledger"): CUSTOMER_READING,
    ("POST", "/v1/customers/{customer_id}/loyalty-adjustments"): MANAGING,
    # Alerts, reports, audit
    ("GET", "/v1/alerts"): STOCK_READING,
    ("GET", "/v1/alerts/{alert_id}"): STOCK_READING,
    ("POST", "/v1/alerts/{alert_id}/acknowledge"): MANAGING,
    ("POST", "/v1/alerts/{alert_id}/resolve"): MANAGING,
    ("GET", "/v1/reports/kpis"): MANAGING | {VIEWER},
    ("GET", "/v1/reports/sales"): MANAGING | {VIEWER},
    ("GET", "/v1/reports/kpi-snapshots"): MANAGING | {VIEWER},
    ("GET", "/v1/audit-log"): frozenset({ADMIN, MANAGER}),
    # Promotions
    ("GET", "/v1/promotions"): EVERYONE,
    ("POST", "/v1/promotions"): MANAGING,
    ("GET", "/v1/promotions/{promotion_id}"): EVERYONE,
    ("PATCH", "/v1/promotions/{promotion_id}"): MANAGING,
    ("DELETE", "/v1/promotions/{promotion_id}"): MANAGING,
    ("POST", "/v1/promotions/preview"): SELLING | {CASHIER},
    # Deliveries
    ("POST", "/v1/deliveries"): SELLING,
    ("GET", "/v1/deliveries"): SELLING | TILL_READING | {COURIER},
    ("GET", "/v1/deliveries/{delivery_id}"): SELLING | TILL_READING | {COURIER},
    ("POST", "/v1/deliveries/{delivery_id}/assign"): MANAGING,
    ("POST", "/v1/deliveries/{delivery_id}/dispatch"): MANAGING | {COURIER},
    ("POST", "/v1/deliveries/{delivery_id}/deliver"): MANAGING | {COURIER},
    ("POST", "/v1/deliveries/{delivery_id}/fail"): MANAGING | {COURIER},
    ("POST", "/v1/deliveries/{delivery_id}/return"): MANAGING | {COURIER},
    ("POST", "/v1/deliveries/{delivery_id}/cancel"): MANAGING,
}

OWN_ROWS_ONLY: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/v1/cash-shifts"): frozenset({COURIER}),
    ("GET", "/v1/deliveries"): frozenset({COURIER}),
}
"""Lists whose rows these roles see only when the rows are theirs (a courier's own shifts and
the deliveries assigned to them), among their stores' rows."""

HIDDEN_FROM: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "/v1/deliveries": (frozenset({COURIER, VIEWER}), ("delivery_code",)),
}
"""List fields some roles see as null (couriers and viewers never read a delivery's code)."""
