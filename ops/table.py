"""The table as the operator tools see it: low-level DynamoDB JSON, read by Scan.

A tenant spans many partitions and some of its items are not keyed by it (e-mail markers), so
these tools scan; they run outside any request path or job, on demand.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from chalicelib.config import get_settings

Item = dict[str, dict[str, Any]]


def client() -> Any:
    import boto3

    settings = get_settings()
    return boto3.session.Session().client(
        "dynamodb", region_name=settings.region, endpoint_url=settings.dynamodb_endpoint
    )


def table_name() -> str:
    return get_settings().table_name


def tenant_items(tenant_id: str, dynamodb: Any | None = None) -> Iterator[Item]:
    """Every item of the tenant: keyed by it, or carrying it (e-mail markers, sessions)."""
    dynamodb = dynamodb or client()
    paginator = dynamodb.get_paginator("scan")
    pages = paginator.paginate(
        TableName=table_name(),
        FilterExpression="tenant_id = :t OR begins_with(pk, :p)",
        ExpressionAttributeValues={":t": {"S": tenant_id}, ":p": {"S": f"T#{tenant_id}#"}},
        ConsistentRead=True,
    )
    for page in pages:
        yield from page["Items"]


def to_json(value: Any) -> Any:
    """DynamoDB JSON with binaries as base64, so a backup line is plain JSON."""
    if isinstance(value, (bytes, bytearray)):
        return {"__b64__": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__b64__"}:
            return base64.b64decode(value["__b64__"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def write_items(items: list[Item], dynamodb: Any | None = None) -> None:
    """BatchWriteItem in chunks of 25, retrying what DynamoDB leaves unprocessed."""
    dynamodb = dynamodb or client()
    for start in range(0, len(items), 25):
        requests = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        pending = {table_name(): requests}
        while pending:
            answer = dynamodb.batch_write_item(RequestItems=pending)
            pending = answer.get("UnprocessedItems") or {}


def delete_items(items: list[Item], dynamodb: Any | None = None) -> None:
    dynamodb = dynamodb or client()
    keys = [{"pk": item["pk"], "sk": item["sk"]} for item in items]
    for start in range(0, len(keys), 25):
        requests = [{"DeleteRequest": {"Key": key}} for key in keys[start : start + 25]]
        pending = {table_name(): requests}
        while pending:
            answer = dynamodb.batch_write_item(RequestItems=pending)
            pending = answer.get("UnprocessedItems") or {}
