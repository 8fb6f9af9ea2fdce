"""What every test lane builds its data with: the JSON clients, tenants and their users, one
builder per API action (stores, products with stock, shifts, sales), the module-wide worlds,
changed settings and the test stack. Test modules import from here, never from each other.

Nothing here imports chalicelib's models at import time: tests/conftest.py sets the environment
(endpoint, table name) first, and PynamoDB reads it when the models are defined.
"""

from tests.support.accounts import PASSWORD, Tenant, User, add_user, principal, sign_up, unique
from tests.support.client import Api, HttpApi, Reply, outgoing
from tests.support.containers import Creations, counted_creations, new_container
from tests.support.settings import changed_settings
from tests.support.shop import (
    add_brand,
    add_category,
    add_count,
    add_customer,
    add_product,
    add_store,
    add_transfer,
    draft_sale,
    import_csv,
    move_stock,
    open_shift,
    paid_sale,
    pay_sale,
    receive_stock,
    set_thresholds,
    stock_level,
    stocked_product,
    submit_sale,
    submitted_sale,
)
from tests.support.stack import Stack, configure_environment, open_stack
from tests.support.worlds import STORE_FIELDS, Shop, StoreWorld, open_shop, store_world, stores_of

__all__ = [
    "PASSWORD",
    "STORE_FIELDS",
    "Api",
    "Creations",
    "HttpApi",
    "Reply",
    "Shop",
    "Stack",
    "StoreWorld",
    "Tenant",
    "User",
    "add_brand",
    "add_category",
    "add_count",
    "add_customer",
    "add_product",
    "add_store",
    "add_transfer",
    "add_user",
    "changed_settings",
    "configure_environment",
    "counted_creations",
    "draft_sale",
    "import_csv",
    "move_stock",
    "new_container",
    "open_shift",
    "open_shop",
    "open_stack",
    "outgoing",
    "paid_sale",
    "pay_sale",
    "principal",
    "receive_stock",
    "set_thresholds",
    "sign_up",
    "stock_level",
    "stocked_product",
    "store_world",
    "stores_of",
    "submit_sale",
    "submitted_sale",
    "unique",
]
