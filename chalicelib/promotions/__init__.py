"""Automatic promotions: what they are and the one engine that prices sale lines with them.
Sales price their lines here (`price_lines`) when a draft is made, edited or submitted."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.promotions.service import price_lines, want_promotions
    from chalicelib.promotions.types import REASON_TEXTS, LinePricing, SaleLine

__all__ = ["REASON_TEXTS", "LinePricing", "SaleLine", "price_lines", "want_promotions"]

__getattr__ = lazy_face(__name__, __file__)
