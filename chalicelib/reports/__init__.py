"""What the shop owner reads: rollups kept by the stream, KPIs, sales reports and snapshots."""
