"""The one table definition, read by infra, the local runtime and the tests.

`infra/table.json` holds the CloudFormation properties of the table; this module turns them
into the CreateTable / UpdateTimeToLive calls used locally. It is never imported in Lambda.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

DEFINITION_PATH = Path(__file__).resolve().parents[2] / "infra" / "table.json"


def table_definition() -> dict[str, Any]:
    return json.loads(DEFINITION_PATH.read_text())


def create_table_kwargs(table_name: str) -> dict[str, Any]:
    spec = table_definition()
    stream = spec["StreamSpecification"]
    return {
        "TableName": table_name,
        "AttributeDefinitions": spec["AttributeDefinitions"],
        "KeySchema": spec["KeySchema"],
        "GlobalSecondaryIndexes": spec["GlobalSecondaryIndexes"],
        "BillingMode": spec["BillingMode"],
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]},
    }


def create_table(client: Any, table_name: str) -> str:
    """Create the table if missing, enable TTL, and return its latest stream ARN."""
    with contextlib.suppress(client.exceptions.ResourceInUseException):
        client.create_table(**create_table_kwargs(table_name))
    client.get_waiter("table_exists").wait(
        TableName=table_name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 100}
    )
    ttl = table_definition()["TimeToLiveSpecification"]
    try:
        client.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
        )
    except client.exceptions.ClientError as error:
        if "already enabled" not in str(error).lower():
            raise
    return str(client.describe_table(TableName=table_name)["Table"]["LatestStreamArn"])
