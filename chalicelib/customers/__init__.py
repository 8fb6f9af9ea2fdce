"""Customers of a tenant: individuals and businesses, their phones in E.164 and VAT numbers.
Other domains read one customer here (a sale names its customer)."""

from chalicelib.customers.service import get_customer

__all__ = ["get_customer"]
