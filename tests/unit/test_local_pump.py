"""The stream pump against a real moto server: Lambda's event shape and retry semantics."""

from __future__ import annotations

import json
import logging
import threading
import types
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from chalice import Chalice

from chalicelib.db.table import create_table
from chalicelib.local.dynamo import EmbeddedDynamoDB, dynamodb_clients
from chalicelib.local.pump import StreamPump, pumps_for_app

REGION = "eu-west-1"
Event = dict[str, Any]


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[Any, Any]]:
    with EmbeddedDynamoDB("moto") as dynamo:
        assert dynamo.endpoint.startswith("http://127.0.0.1:")
        yield dynamodb_clients(dynamo.endpoint, REGION)


@pytest.fixture
def table(clients: tuple[Any, Any]) -> tuple[str, str]:
    name = f"pump-{uuid.uuid4().hex[:8]}"
    return name, create_table(clients[0], name)


class Recorder:
    """A stream handler that records each batch and answers what the test tells it to."""

    def __init__(self, failing: set[str] | None = None, raises: int = 0) -> None:
        self.batches: list[list[Event]] = []
        self.failing = failing or set()
        self.raises = raises

    def __call__(self, event: Event, context: Any) -> Event:
        records = event["Records"]
        self.batches.append(records)
        if self.raises:
            self.raises -= 1
            raise RuntimeError("handler crashed")
        failed = [r for r in records if pk_of(r) in self.failing]
        return {"batchItemFailures": [{"itemIdentifier": seq_of(r)} for r in failed]}

    def pks(self) -> list[list[str]]:
        return [[pk_of(r) for r in batch] for batch in self.batches]


def pk_of(record: Event) -> str:
    return str(record["dynamodb"]["Keys"]["pk"]["S"])


def seq_of(record: Event) -> str:
    return str(record["dynamodb"]["SequenceNumber"])


def put(ddb: Any, table: str, pk: str, **extra: Any) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"S": "item"}, **extra})


def pump(clients: tuple[Any, Any], arn: str, handler: Any, **options: Any) -> StreamPump:
    return StreamPump(clients[1], arn, handler, region=REGION, **options)


def test_records_reach_the_handler_in_lambda_shape(
    clients: tuple[Any, Any], table: tuple[str, str]
) -> None:
    ddb, name, arn = clients[0], *table
    item_key = {"pk": {"S": "sale#1"}, "sk": {"S": "item"}}
    put(
        ddb,
        name,
        "sale#1",
        amount={"N": "1250"},
        blob={"B": b"\x00\x01"},
        nested={"M": {"tags": {"BS": [b"\xff"]}, "lines": {"L": [{"B": b"a"}]}}},
    )
    ddb.update_item(
        TableName=name,
        Key=item_key,
        UpdateExpression="SET amount = :t",
        ExpressionAttributeValues={":t": {"N": "900"}},
    )
    ddb.delete_item(TableName=name, Key=item_key)
    recorder = Recorder()

    assert pump(clients, arn, recorder).drain() == 3

    insert, modify, remove = [r for batch in recorder.batches for r in batch]
    json.dumps(recorder.batches)
    assert [insert["eventName"], modify["eventName"], remove["eventName"]] == [
        "INSERT",
        "MODIFY",
        "REMOVE",
    ]
    for record in (insert, modify, remove):
        assert record["eventVersion"] == "1.1"
        assert record["eventSource"] == "aws:dynamodb"
        assert record["awsRegion"] == REGION
        assert record["eventSourceARN"] == arn
        assert record["eventID"]
        dynamodb = record["dynamodb"]
        assert dynamodb["Keys"] == item_key
        assert dynamodb["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert isinstance(dynamodb["ApproximateCreationDateTime"], int)
        assert isinstance(dynamodb["SizeBytes"], int)
    assert insert["dynamodb"]["NewImage"]["blob"] == {"B": "AAE="}
    assert insert["dynamodb"]["NewImage"]["nested"] == {
        "M": {"tags": {"BS": ["/w=="]}, "lines": {"L": [{"B": "YQ=="}]}}
    }
    assert "OldImage" not in insert["dynamodb"]
    assert modify["dynamodb"]["OldImage"]["amount"] == {"N": "1250"}
    assert modify["dynamodb"]["NewImage"]["amount"] == {"N": "900"}
    assert "NewImage" not in remove["dynamodb"]
    assert int(seq_of(insert)) < int(seq_of(modify)) < int(seq_of(remove))


def test_batch_size_is_honoured(clients: tuple[Any, Any], table: tuple[str, str]) -> None:
    name, arn = table
    for i in range(7):
        put(clients[0], name, f"p{i}")
    recorder = Recorder()

    delivered = pump(clients, arn, recorder, batch_size=3).drain()

    assert delivered == 7
    assert recorder.pks() == [["p0", "p1", "p2"], ["p3", "p4", "p5"], ["p6"]]


def test_partial_failure_is_retried_from_the_first_failed_record(
    clients: tuple[Any, Any], table: tuple[str, str]
) -> None:
    name, arn = table
    for i in range(5):
        put(clients[0], name, f"p{i}")
    recorder = Recorder(failing={"p2", "p4"})
    original = recorder.__call__

    def fail_once(event: Event, context: Any) -> Event:
        response = original(event, context)
        recorder.failing = set()
        return response

    pump(clients, arn, fail_once, batch_size=5).drain()

    assert recorder.pks() == [["p0", "p1", "p2", "p3", "p4"], ["p2", "p3", "p4"]]


def test_poison_record_is_given_up_after_bounded_attempts_and_logged(
    clients: tuple[Any, Any], table: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    name, arn = table
    for pk in ("p0", "poison", "p2", "p3"):
        put(clients[0], name, pk)
    recorder = Recorder(failing={"poison"})
    stream = pump(clients, arn, recorder, batch_size=4, max_attempts=3)

    with caplog.at_level(logging.ERROR, logger="comptoir.local.pump"):
        assert stream.drain() == 4
    put(clients[0], name, "later")
    stream.drain()

    assert recorder.pks() == [
        ["p0", "poison", "p2", "p3"],
        ["poison", "p2", "p3"],
        ["poison", "p2", "p3"],
        ["p2", "p3"],
        ["later"],
    ]
    (logged,) = [json.loads(r.getMessage()) for r in caplog.records]
    assert logged["message"] == "stream record given up"
    assert logged["keys"] == {"pk": {"S": "poison"}, "sk": {"S": "item"}}
    assert logged["attempts"] == 3


def test_a_raising_handler_gets_the_whole_batch_again(
    clients: tuple[Any, Any], table: tuple[str, str]
) -> None:
    name, arn = table
    for i in range(3):
        put(clients[0], name, f"p{i}")
    recorder = Recorder(raises=2)

    pump(clients, arn, recorder, batch_size=10, max_attempts=3).drain()

    assert recorder.pks() == [["p0", "p1", "p2"]] * 3


def test_a_batch_that_always_raises_is_logged_and_skipped(
    clients: tuple[Any, Any], table: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    name, arn = table
    put(clients[0], name, "p0")
    put(clients[0], name, "p1")
    recorder = Recorder(raises=3)
    stream = pump(clients, arn, recorder, batch_size=2, max_attempts=3)

    with caplog.at_level(logging.ERROR, logger="comptoir.local.pump"):
        stream.drain()
    put(clients[0], name, "p2")
    stream.drain()

    assert recorder.pks() == [["p0", "p1"]] * 3 + [["p2"]]
    given_up = [json.loads(r.getMessage()) for r in caplog.records if r.levelname == "ERROR"]
    assert [g["keys"]["pk"]["S"] for g in given_up] == ["p0", "p1"]
    assert {g["reason"] for g in given_up} == {"handler raised"}


def writes_back(ddb: Any, table: str, recorder: Recorder) -> Any:
    """A handler that, like the audit log, writes one item per sale it sees."""

    def handler(event: Event, context: Any) -> Event:
        recorder(event, context)
        for record in event["Records"]:
            pk = pk_of(record)
            if pk.startswith("sale#") and record["eventName"] == "INSERT":
                put(ddb, table, pk.replace("sale#", "audit#"))
        return {"batchItemFailures": []}

    return handler


def test_drain_settles_when_the_handler_writes_to_the_table(
    clients: tuple[Any, Any], table: tuple[str, str]
) -> None:
    name, arn = table
    for i in range(4):
        put(clients[0], name, f"sale#{i}")
    recorder = Recorder()
    stream = pump(clients, arn, writes_back(clients[0], name, recorder), batch_size=3)

    assert stream.drain() == 8
    assert stream.poll_once() == 0

    seen = sorted(pk for batch in recorder.pks() for pk in batch)
    assert seen == sorted([f"sale#{i}" for i in range(4)] + [f"audit#{i}" for i in range(4)])


def test_background_thread_delivers_new_records_until_stopped(
    clients: tuple[Any, Any], table: tuple[str, str]
) -> None:
    name, arn = table
    arrived = threading.Event()
    recorder = Recorder()

    def handler(event: Event, context: Any) -> Event:
        arrived.set()
        return recorder(event, context)

    stream = pump(clients, arn, handler)
    stream.start(interval=0.02)
    try:
        put(clients[0], name, "p0")
        assert arrived.wait(5)
    finally:
        stream.stop()

    put(clients[0], name, "p1")
    threading.Event().wait(0.1)
    assert recorder.pks() == [["p0"]]


def fake_app_module(stream_arn: str) -> types.ModuleType:
    module = types.ModuleType("fake_stream_app")
    app = Chalice(app_name="fakeshop")
    seen: list[tuple[str, dict[str, Any] | None]] = []

    @app.on_dynamodb_record(stream_arn=stream_arn, batch_size=2, starting_position="TRIM_HORIZON")
    def on_change(event: Any) -> dict[str, Any]:
        for record in event:
            seen.append((record.event_name, record.new_image))
        return {"batchItemFailures": []}

    module.app = app  # type: ignore[attr-defined]
    module.on_change = on_change  # type: ignore[attr-defined]
    module.seen = seen  # type: ignore[attr-defined]
    return module


def test_pumps_for_app_feeds_the_declared_chalice_handler(
    clients: tuple[Any, Any], table: tuple[str, str]
) -> None:
    name, arn = table
    module = fake_app_module("arn:aws:dynamodb:eu-west-1:000000000000:table/x/stream/declared")
    for i in range(3):
        put(clients[0], name, f"p{i}", qty={"N": str(i)})

    group = pumps_for_app(module, clients[1], stream_arn=arn, region=REGION)

    (only,) = group.pumps
    assert (only.name, only.batch_size, only.stream_arn) == ("on_change", 2, arn)
    assert group.drain() == 3
    assert only.invocations == 2
    assert [image["qty"] for _, image in module.seen] == [{"N": "0"}, {"N": "1"}, {"N": "2"}]


def test_latest_starting_position_skips_what_was_written_before_the_first_poll(
    clients: tuple[Any, Any], table: tuple[str, str]
) -> None:
    name, arn = table
    put(clients[0], name, "old")
    recorder = Recorder()
    stream = pump(clients, arn, recorder, starting_position="LATEST")

    assert stream.drain() == 0
    put(clients[0], name, "new")
    assert stream.drain() == 1

    assert recorder.pks() == [["new"]]
