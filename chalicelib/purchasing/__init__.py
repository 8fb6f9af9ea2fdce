"""Purchasing: suppliers, purchase orders and the goods receipts that bring their stock in.
Other domains and the demo data reach suppliers and orders here."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.purchasing.schemas import OrderIn, ReceiptIn, SupplierIn
    from chalicelib.purchasing.service import create_supplier, get_supplier

__all__ = ["OrderIn", "ReceiptIn", "SupplierIn", "create_supplier", "get_supplier"]

__getattr__ = lazy_face(__name__, __file__)
