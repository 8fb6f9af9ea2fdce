"""The local moto server's TransactWriteItems keeps DynamoDB's all-or-nothing semantics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.local.dynamo import EmbeddedDynamoDB, dynamodb_clients

TABLE = "tx-semantics"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with EmbeddedDynamoDB("moto") as embedded:
        dynamodb, _ = dynamodb_clients(embedded.endpoint)
        dynamodb.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        )
        yield dynamodb


def put(pk: str, condition: str | None = None, **values: int) -> dict[str, Any]:
    item = {"pk": {"S": pk}, **{k: {"N": str(v)} for k, v in values.items()}}
    action: dict[str, Any] = {"TableName": TABLE, "Item": item}
    if condition:
        action["ConditionExpression"] = condition
    return {"Put": action}


def test_a_failed_condition_cancels_every_action(client: Any) -> None:
    client.put_item(TableName=TABLE, Item={"pk": {"S": "taken"}})
    with pytest.raises(client.exceptions.TransactionCanceledException) as raised:
        client.transact_write_items(
            TransactItems=[
                put("fresh", qty=1),
                put("taken", "attribute_not_exists(pk)"),
            ]
        )
    reasons = [r["Code"] for r in raised.value.response["CancellationReasons"]]
    assert reasons == ["None", "ConditionalCheckFailed"]
    assert "Item" not in client.get_item(TableName=TABLE, Key={"pk": {"S": "fresh"}})


def test_conditions_see_the_state_before_the_transaction(client: Any) -> None:
    client.transact_write_items(
        TransactItems=[
            {
                "Update": {
                    "TableName": TABLE,
                    "Key": {"pk": {"S": "counter"}},
                    "UpdateExpression": "ADD qty :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}},
                }
            },
            {
                "ConditionCheck": {
                    "TableName": TABLE,
                    "Key": {"pk": {"S": "other"}},
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
        ]
    )
    item = client.get_item(TableName=TABLE, Key={"pk": {"S": "counter"}})["Item"]
    assert item["qty"] == {"N": "1"}


def test_the_same_item_twice_is_refused(client: Any) -> None:
    with pytest.raises(client.exceptions.ClientError):
        client.transact_write_items(TransactItems=[put("twice"), put("twice")])


def test_an_invalid_update_rolls_back_earlier_writes(client: Any) -> None:
    with pytest.raises(client.exceptions.ClientError):
        client.transact_write_items(
            TransactItems=[
                put("rolled-back", qty=1),
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": {"pk": {"S": "bad"}},
                        "UpdateExpression": "SET qty = qty + :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
            ]
        )
    assert "Item" not in client.get_item(TableName=TABLE, Key={"pk": {"S": "rolled-back"}})
