"""Loyalty points: earned on paid sales, redeemed as a tender, expiring earning by earning.
The till redeems a LOYALTY payment through `redeem_for_sale` (its part of the payment's
write); the stream earns, reverses and restores through `on_sale_points`; the daily job is
`expire_points`."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.loyalty.events import on_sale_points
    from chalicelib.loyalty.expiry import expire_points
    from chalicelib.loyalty.points import InsufficientPointsError
    from chalicelib.loyalty.wallet import REDEEM_ACTIONS, PointsWrite, redeem_for_sale, want_redeem

__all__ = [
    "REDEEM_ACTIONS",
    "InsufficientPointsError",
    "PointsWrite",
    "expire_points",
    "on_sale_points",
    "redeem_for_sale",
    "want_redeem",
]

__getattr__ = lazy_face(__name__, __file__)
