"""Lambda's view of the world: the context object and DynamoDB stream records as JSON."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Record = dict[str, Any]


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int = 512
    timeout_ms: int = 60_000
    function_version: str = "$LATEST"
    invoked_function_arn: str = ""
    log_group_name: str = ""
    log_stream_name: str = ""
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def get_remaining_time_in_millis(self) -> int:
        return self.timeout_ms


def to_lambda_value(value: dict[str, Any]) -> dict[str, Any]:
    """One AttributeValue as Lambda's JSON carries it: binary values base64-encoded."""
    ((kind, inner),) = value.items()
    if kind == "B":
        return {"B": _b64(inner)}
    if kind == "BS":
        return {"BS": [_b64(item) for item in inner]}
    if kind == "M":
        return {"M": to_lambda_image(inner)}
    if kind == "L":
        return {"L": [to_lambda_value(item) for item in inner]}
    return {kind: inner}


def to_lambda_image(image: dict[str, Any]) -> dict[str, Any]:
    return {name: to_lambda_value(value) for name, value in image.items()}


def _b64(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    return base64.b64encode(data).decode("ascii")


def _epoch_seconds(value: Any) -> int | float:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return int(moment.timestamp())
    return value  # type: ignore[no-any-return]


def to_lambda_record(record: Record, stream_arn: str, region: str) -> Record:
    """A boto3 GetRecords record reshaped into a Lambda DynamoDB stream event record."""
    source = record["dynamodb"]
    dynamodb: dict[str, Any] = {
        "ApproximateCreationDateTime": _epoch_seconds(source.get("ApproximateCreationDateTime")),
        "Keys": to_lambda_image(source.get("Keys", {})),
        "SequenceNumber": source["SequenceNumber"],
        "SizeBytes": source.get("SizeBytes", 0),
        "StreamViewType": source.get("StreamViewType", "NEW_AND_OLD_IMAGES"),
    }
    for image in ("NewImage", "OldImage"):
        if image in source:
            dynamodb[image] = to_lambda_image(source[image])
    shaped: Record = {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": dynamodb,
        "eventSourceARN": stream_arn,
    }
    if "userIdentity" in record:
        shaped["userIdentity"] = record["userIdentity"]
    return shaped
