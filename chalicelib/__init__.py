"""Comptoir: a multi-tenant retail management API."""

__version__ = "0.1.0"
