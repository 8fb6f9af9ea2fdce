"""The embedded DynamoDB: moto in-process, Amazon DynamoDB Local in its own process group."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chalicelib.db.table import create_table
from chalicelib.local.dynamo import (
    EmbeddedDynamoDB,
    dynamodb_clients,
    dynamodb_local_available,
    free_port,
)
from chalicelib.local.pump import StreamPump

LOCAL_DIR = os.environ.get("DYNAMODB_LOCAL_DIR", "")
needs_dynamodb_local = pytest.mark.skipif(
    not LOCAL_DIR or not dynamodb_local_available(Path(LOCAL_DIR)),
    reason="DYNAMODB_LOCAL_DIR is not set to a folder holding DynamoDBLocal.jar",
)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_moto_serves_on_the_given_port_until_stopped() -> None:
    port = free_port()
    dynamo = EmbeddedDynamoDB("moto", port)

    endpoint = dynamo.start()
    ddb, _ = dynamodb_clients(endpoint)
    create_table(ddb, "lifecycle")
    tables = ddb.list_tables()["TableNames"]
    dynamo.stop()

    assert endpoint == f"http://127.0.0.1:{port}"
    assert "lifecycle" in tables
    assert dynamo.endpoint == ""


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="moto or local"):
        EmbeddedDynamoDB("dynalite")  # type: ignore[arg-type]


def test_missing_dynamodb_local_names_the_fetch_script(tmp_path: Path) -> None:
    dynamo = EmbeddedDynamoDB("local", jar_dir=tmp_path)

    with pytest.raises(FileNotFoundError, match=r"scripts/fetch-dynamodb-local\.sh"):
        dynamo.start()


@pytest.fixture(scope="module")
def local_dynamo() -> Iterator[EmbeddedDynamoDB]:
    dynamo = EmbeddedDynamoDB("local", jar_dir=Path(LOCAL_DIR))
    dynamo.start()
    yield dynamo
    pid = dynamo.pid
    dynamo.stop()
    assert pid is not None and not process_exists(pid)


def flaky_writer(ddb: Any, table: str, batches: list[list[str]]) -> Any:
    """Fails `p1` once, and writes an audit item for every sale it sees."""
    failed: set[str] = set()

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        records = event["Records"]
        batches.append([r["dynamodb"]["Keys"]["pk"]["S"] for r in records])
        failures = []
        for record in records:
            pk = record["dynamodb"]["Keys"]["pk"]["S"]
            if pk == "sale#1" and pk not in failed:
                failed.add(pk)
                failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
            elif pk.startswith("sale#") and not failures:
                item = {"pk": {"S": pk.replace("sale#", "audit#")}, "sk": {"S": "item"}}
                ddb.put_item(TableName=table, Item=item)
        return {"batchItemFailures": failures}

    return handler


@pytest.mark.dynamodb_local
@needs_dynamodb_local
def test_pump_on_dynamodb_local_retries_and_settles(local_dynamo: EmbeddedDynamoDB) -> None:
    ddb, streams = dynamodb_clients(local_dynamo.endpoint)
    name = f"pump-{uuid.uuid4().hex[:8]}"
    arn = create_table(ddb, name)
    for i in range(3):
        ddb.put_item(TableName=name, Item={"pk": {"S": f"sale#{i}"}, "sk": {"S": "item"}})
    batches: list[list[str]] = []
    stream = StreamPump(streams, arn, flaky_writer(ddb, name, batches), batch_size=3)

    assert stream.drain() == 6

    assert batches[:2] == [["sale#0", "sale#1", "sale#2"], ["sale#1", "sale#2"]]
    assert sorted(pk for batch in batches[2:] for pk in batch) == [
        "audit#0",
        "audit#1",
        "audit#2",
    ]
    assert stream.poll_once() == 0


@pytest.mark.dynamodb_local
@needs_dynamodb_local
def test_dynamodb_local_keeps_data_in_its_folder_across_restarts(tmp_path: Path) -> None:
    first = EmbeddedDynamoDB("local", jar_dir=Path(LOCAL_DIR), data_dir=tmp_path)
    with first:
        ddb, _ = dynamodb_clients(first.endpoint)
        create_table(ddb, "kept")
        ddb.put_item(TableName="kept", Item={"pk": {"S": "a"}, "sk": {"S": "b"}})

    second = EmbeddedDynamoDB("local", jar_dir=Path(LOCAL_DIR), data_dir=tmp_path)
    with second:
        ddb, _ = dynamodb_clients(second.endpoint, region="us-east-2")
        create_table(ddb, "kept")
        item = ddb.get_item(TableName="kept", Key={"pk": {"S": "a"}, "sk": {"S": "b"}})

    assert item["Item"]["pk"] == {"S": "a"}
    assert first.pid is None and second.pid is None
