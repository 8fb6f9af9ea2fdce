"""The KPI totals of API.md ("What the figures mean"), declared once: the figures computed from
rollups (`formulas.Kpis`) and the response (`schemas.KpisOut`) both extend them. A leaf module:
the response's schema loads it without the formulas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class KpiTotals(BaseModel):
    """The totals of a KPI read; built on first use, like the response models."""

    model_config = ConfigDict(defer_build=True)

    revenue: int
    net_revenue: int
    sales_count: int
    average_basket: int
    gross_margin: int
    items_sold: int
    discount_total: int
    tax_total: int
    refunds_total: int
