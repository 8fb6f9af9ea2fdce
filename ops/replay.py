"""`make replay-failures STAGE=prod`: re-drive the stream batches Lambda gave up on.

The StreamFailures queue holds pointers, not records: for each batch, its stream, shard and
sequence-number range (Lambda's on-failure record). While the stream still holds them (24 h;
the event source gives up on records after 12 h so half a day is left) this tool reads the
records of that range again, keeps those the stream's filters let through, and invokes the
stream function with them. A message is deleted once every record of its batch went through;
otherwise it stays, with the reason printed. Handlers are idempotent: replaying is safe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from chalicelib.local.events import to_lambda_record

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
PAGE = 100


@dataclass
class Outcome:
    replayed: int = 0
    records: int = 0
    kept: list[str] = field(default_factory=list)


def batch_info(message: dict[str, Any]) -> dict[str, Any]:
    body = json.loads(message["Body"])
    info: dict[str, Any] = body["DDBStreamBatchInfo"]
    return info


def records_of(streams: Any, info: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The records of the batch's shard from its first to its last sequence number."""
    first, last = int(info["startSequenceNumber"]), int(info["endSequenceNumber"])
    iterator = streams.get_shard_iterator(
        StreamArn=info["streamArn"],
        ShardId=info["shardId"],
        ShardIteratorType="AT_SEQUENCE_NUMBER",
        SequenceNumber=info["startSequenceNumber"],
    )["ShardIterator"]
    while iterator:
        page = streams.get_records(ShardIterator=iterator, Limit=PAGE)
        for record in page["Records"]:
            if int(record["dynamodb"]["SequenceNumber"]) > last:
                return
            if int(record["dynamodb"]["SequenceNumber"]) >= first:
                yield record
        if not page["Records"]:
            return
        iterator = page.get("NextShardIterator")


def lambda_invoke(lambda_client: Any, function: str) -> Invoke:
    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        answer = lambda_client.invoke(FunctionName=function, Payload=json.dumps(event).encode())
        payload = json.loads(answer["Payload"].read() or b"{}")
        if answer.get("FunctionError"):
            return {"error": payload}
        return dict(payload)

    return invoke


def replay_message(
    message: dict[str, Any],
    streams: Any,
    invoke: Invoke,
    criteria: dict[str, Any] | None,
    region: str,
) -> tuple[int, str | None]:
    """Replays one batch; returns (records sent, why the message must stay or None)."""
    from infra.events import matches

    info = batch_info(message)
    try:
        raw = list(records_of(streams, info))
    except streams.exceptions.TrimmedDataAccessException:
        return 0, "the records left the stream (24 h): restore from a backup"
    records = [r for r in raw if criteria is None or matches(criteria, r)]
    if not records:
        return 0, None
    event = {"Records": [to_lambda_record(r, info["streamArn"], region) for r in records]}
    answer = invoke(event)
    if answer.get("error") is not None:
        return len(records), f"the function failed again: {answer['error']}"
    failures = answer.get("batchItemFailures") or []
    if failures:
        return len(records), f"{len(failures)} record(s) failed again"
    return len(records), None


def replay(
    sqs: Any,
    queue_url: str,
    streams: Any,
    invoke: Invoke,
    criteria: dict[str, Any] | None = None,
    region: str = "eu-west-1",
) -> Outcome:
    outcome = Outcome()
    while True:
        messages = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=300, WaitTimeSeconds=0
        ).get("Messages", [])
        if not messages:
            return outcome
        for message in messages:
            sent, reason = replay_message(message, streams, invoke, criteria, region)
            outcome.records += sent
            if reason is None:
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
                outcome.replayed += 1
            else:
                # Invisible for the visibility timeout: the next receive skips it.
                outcome.kept.append(f"{message['MessageId']}: {reason}")
