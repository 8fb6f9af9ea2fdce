"""The local moto server's Query reads only the asked partition and answers as moto did: on the
table and on a global index, after updates that move an item to another index key, deletes,
cancelled transactions, paging and descending order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.local.dynamo import EmbeddedDynamoDB, dynamodb_clients

TABLE = "query-partitions"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with EmbeddedDynamoDB("moto") as embedded:
        dynamodb, _ = dynamodb_clients(embedded.endpoint)
        keys = [("pk", "HASH"), ("sk", "RANGE")]
        dynamodb.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gpk", "gsk")
            ],
            KeySchema=[{"AttributeName": n, "KeyType": t} for n, t in keys],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "gsi",
                    "KeySchema": [
                        {"AttributeName": "gpk", "KeyType": "HASH"},
                        {"AttributeName": "gsk", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        yield dynamodb


def put(client: Any, pk: str, sk: str, **attributes: str) -> None:
    item = {"pk": {"S": pk}, "sk": {"S": sk}, **{k: {"S": v} for k, v in attributes.items()}}
    client.put_item(TableName=TABLE, Item=item)


def sks(client: Any, **query: Any) -> list[str]:
    found: list[str] = []
    start: dict[str, Any] | None = None
    while True:
        paging = {"ExclusiveStartKey": start} if start else {}
        page = client.query(TableName=TABLE, **query, **paging)
        found += [item["sk"]["S"] for item in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            return found


def in_partition(pk: str, **more: Any) -> dict[str, Any]:
    return {
        "KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": {":p": {"S": pk}},
        **more,
    }


def on_index(gpk: str, **more: Any) -> dict[str, Any]:
    return {
        "IndexName": "gsi",
        "KeyConditionExpression": "gpk = :g",
        "ExpressionAttributeValues": {":g": {"S": gpk}},
        **more,
    }


def test_a_table_query_answers_its_partition_only_in_key_order(client: Any) -> None:
    for sk in ("c", "a", "b"):
        put(client, "P1", sk)
    put(client, "P2", "a")
    assert sks(client, **in_partition("P1")) == ["a", "b", "c"]
    assert sks(client, **in_partition("P1", ScanIndexForward=False, Limit=1)) == ["c", "b", "a"]
    assert sks(client, **in_partition("nobody")) == []


def test_an_index_query_follows_items_that_move_and_leave(client: Any) -> None:
    put(client, "I1", "one", gpk="open", gsk="2")
    put(client, "I2", "two", gpk="open", gsk="1")
    put(client, "I3", "three", gpk="open", gsk="3")
    assert sks(client, **on_index("open")) == ["two", "one", "three"]

    client.update_item(
        TableName=TABLE,
        Key={"pk": {"S": "I1"}, "sk": {"S": "one"}},
        UpdateExpression="SET gpk = :c",
        ExpressionAttributeValues={":c": {"S": "closed"}},
    )
    client.delete_item(TableName=TABLE, Key={"pk": {"S": "I3"}, "sk": {"S": "three"}})
    assert sks(client, **on_index("open")) == ["two"]
    assert sks(client, **on_index("closed")) == ["one"]
    assert sks(client, **on_index("open", ScanIndexForward=False, Limit=1)) == ["two"]


def test_an_item_a_cancelled_transaction_restores_is_found_under_its_key(client: Any) -> None:
    put(client, "T1", "kept", gpk="before", gsk="1")
    put(client, "T2", "taken")
    with pytest.raises(client.exceptions.TransactionCanceledException):
        client.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": {"pk": {"S": "T1"}, "sk": {"S": "kept"}},
                        "UpdateExpression": "SET gpk = :a",
                        "ExpressionAttributeValues": {":a": {"S": "after"}},
                    }
                },
                {
                    "Put": {
                        "TableName": TABLE,
                        "Item": {"pk": {"S": "T2"}, "sk": {"S": "taken"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    assert sks(client, **on_index("before")) == ["kept"]
    assert sks(client, **on_index("after")) == []


def test_filters_and_range_conditions_still_apply(client: Any) -> None:
    for sk, colour in (("x1", "red"), ("x2", "blue"), ("y1", "red")):
        put(client, "F1", sk, colour=colour)
    found = sks(
        client,
        KeyConditionExpression="pk = :p AND begins_with(sk, :x)",
        FilterExpression="colour = :r",
        ExpressionAttributeValues={":p": {"S": "F1"}, ":x": {"S": "x"}, ":r": {"S": "red"}},
    )
    assert found == ["x1"]
