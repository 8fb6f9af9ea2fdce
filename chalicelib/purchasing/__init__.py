"""Purchasing: suppliers, purchase orders and the goods receipts that bring their stock in.
Other domains and the demo data reach suppliers and orders here."""

from chalicelib.purchasing.schemas import OrderIn, ReceiptIn, SupplierIn
from chalicelib.purchasing.service import create_supplier, get_supplier

__all__ = ["OrderIn", "ReceiptIn", "SupplierIn", "create_supplier", "get_supplier"]
