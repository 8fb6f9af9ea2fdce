"""Builds the whole stack in one process: an embedded DynamoDB (moto server, or Amazon
DynamoDB Local), the table, the app, a JSON client and the stream pump. Shared by the test
fixtures, the benchmarks and the fuzz run.

`configure_environment` must run before anything imports chalicelib's models: PynamoDB reads
the endpoint and table name when they are defined.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from tests.support.client import Api


def configure_environment(port: int, table_name: str) -> None:
    os.environ.update(
        STAGE="test",
        TABLE_NAME=table_name,
        DYNAMODB_ENDPOINT=f"http://127.0.0.1:{port}",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_REGION="eu-west-1",
        AWS_DEFAULT_REGION="eu-west-1",
        AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled",
        LOG_LEVEL="WARNING",
        # Tests sign up and log in hundreds of times from one address: the limits are off here
        # (no counter writes on the stream either); tests/api/test_rate_limits.py sets small ones.
        RATE_LIMIT_LOGIN_PER_EMAIL="0",
        RATE_LIMIT_LOGIN_PER_IP="0",
        RATE_LIMIT_REFRESH_PER_SESSION="0",
        RATE_LIMIT_SIGNUP_PER_IP="0",
    )


@dataclass
class Stack:
    backend: str
    endpoint: str
    app_module: ModuleType
    api: Api
    dynamodb: Any
    drain: Callable[[], int]

    def replay_from_now(self) -> Any:
        """A second pump on the table's stream, placed at its end now: its `drain()` delivers
        again what is written after this call, as a retried or duplicated batch would, without
        reading the backlog every earlier test of the lane left on the shared stream."""
        from chalicelib.local.dynamo import dynamodb_clients
        from chalicelib.local.pump import StreamPump

        _, streams = dynamodb_clients(self.endpoint, os.environ["AWS_REGION"])
        stream_arn = os.environ["TABLE_STREAM_ARN"]
        replay = StreamPump(
            streams, stream_arn, self.app_module.on_table_change, starting_position="LATEST"
        )
        replay.poll_once()
        return replay


@contextmanager
def open_stack(kind: str, port: int) -> Iterator[Stack]:
    """Start DynamoDB on `port`, create the table, import the app; stop it all on exit."""
    from chalice.test import Client

    from chalicelib.db.table import create_table
    from chalicelib.local.dynamo import EmbeddedDynamoDB, dynamodb_clients
    from chalicelib.local.pump import StreamPump

    embedded = EmbeddedDynamoDB(kind, port)  # type: ignore[arg-type]
    endpoint = embedded.start()
    try:
        dynamodb, streams = dynamodb_clients(endpoint, os.environ["AWS_REGION"])
        stream_arn = create_table(dynamodb, os.environ["TABLE_NAME"])
        os.environ["TABLE_STREAM_ARN"] = stream_arn
        import app as app_module

        pump = StreamPump(streams, stream_arn, app_module.on_table_change, batch_size=100)
        with Client(app_module.app) as client:
            yield Stack(kind, endpoint, app_module, Api(client), dynamodb, pump.drain)
    finally:
        embedded.stop()
