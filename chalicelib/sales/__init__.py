"""Sales from draft to submission, receipts, cancellations and refunds. The till reads a sale
to pay (`sale_at_till`) and writes a payment's part on it (`pay`) in the payment's write; the
demo till rings sales up with the rest."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.sales.discounts import SellerDiscounts, seller_discounts
    from chalicelib.sales.handover import delivery_mark
    from chalicelib.sales.returns import cancel_sale, refund_sale
    from chalicelib.sales.schemas import (
        CancelIn,
        RefundIn,
        RefundLineIn,
        SaleIn,
        SaleLineIn,
        SaleOut,
        SalePreview,
        TillSale,
    )
    from chalicelib.sales.service import create_sale, get_sale, preview_sale, submit_sale
    from chalicelib.sales.states import SaleStatus
    from chalicelib.sales.till import Paying, pay, sale_at_till, want_payment

__all__ = [
    "CancelIn",
    "Paying",
    "RefundIn",
    "RefundLineIn",
    "SaleIn",
    "SaleLineIn",
    "SaleOut",
    "SalePreview",
    "SaleStatus",
    "SellerDiscounts",
    "TillSale",
    "cancel_sale",
    "create_sale",
    "delivery_mark",
    "get_sale",
    "pay",
    "preview_sale",
    "refund_sale",
    "sale_at_till",
    "seller_discounts",
    "submit_sale",
    "want_payment",
]

__getattr__ = lazy_face(__name__, __file__)
