"""Reports: daily and monthly rollups kept from the stream, the KPIs and the sales report
read from them. No other domain calls in."""

__all__: list[str] = []
