"""Reports: daily and monthly rollups kept from the stream, the KPIs and the sales report
read from them. Purchasing reads the units each product sold (`units_sold`) for its reorder
suggestions."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.reports.service import units_sold

__all__ = ["units_sold"]

__getattr__ = lazy_face(__name__, __file__)
