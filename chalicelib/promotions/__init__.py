"""Automatic promotions: what they are and the one engine that prices sale lines with them."""
