"""Customers of a tenant: individuals and businesses, their phones in E.164 and VAT numbers.
Other domains read one customer here, alone or with their other reads (a sale names its
customer); the demo seeds of other domains add theirs."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.customers.schemas import CustomerIn
    from chalicelib.customers.service import create_customer, get_customer, want_customer

__all__ = ["CustomerIn", "create_customer", "get_customer", "want_customer"]

__getattr__ = lazy_face(__name__, __file__)
