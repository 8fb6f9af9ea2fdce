"""Every model and transaction goes through the table's one connection (PynamoDB makes one
per model class otherwise, each with its own botocore session and client)."""

from __future__ import annotations

from chalicelib import aws
from chalicelib.db import base
from chalicelib.db.models.catalog import ProductItem, SkuMarkerItem
from chalicelib.db.models.sales import SaleItem


def test_models_and_transactions_share_the_tables_connection() -> None:
    shared = base.table_connection()
    assert ProductItem._get_connection() is SaleItem._get_connection() is shared
    assert SkuMarkerItem._get_connection() is shared
    assert base.Tx()._connection is shared.connection


def test_the_connection_runs_on_the_process_session() -> None:
    assert base.table_connection().connection.session is aws.session()
    assert aws.client("ssm") is aws.client("ssm")
