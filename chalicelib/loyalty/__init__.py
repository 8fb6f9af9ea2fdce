"""Loyalty points: earned on paid sales, redeemed as a tender, expiring earning by earning."""
