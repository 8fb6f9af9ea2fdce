"""The local runtime: embedded DynamoDB, stream pump, scheduler and dev server.

Never part of the Lambda bundle. `python -m chalicelib.local run` starts all of it; tests use
`start_dynamodb`, `dynamodb_clients` and `pumps_for_app(...).drain()`.
"""

from chalicelib.local.dynamo import (
    EmbeddedDynamoDB,
    dynamodb_clients,
    dynamodb_local_available,
    dynamodb_local_dir,
    start_dynamodb,
)
from chalicelib.local.pump import PumpGroup, StreamPump, pumps_for_app, stream_sources
from chalicelib.local.scheduler import Scheduler, parse_schedule, scheduled_jobs
from chalicelib.local.server import DevServer

__all__ = [
    "DevServer",
    "EmbeddedDynamoDB",
    "PumpGroup",
    "Scheduler",
    "StreamPump",
    "dynamodb_clients",
    "dynamodb_local_available",
    "dynamodb_local_dir",
    "parse_schedule",
    "pumps_for_app",
    "scheduled_jobs",
    "start_dynamodb",
    "stream_sources",
]
