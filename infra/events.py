"""How the stream and the schedules invoke their functions, and where their failures go.

The stream function is invoked only for the changes the dispatch table of chalicelib/streams.py
handles (FilterCriteria, derived from that table here), a failing record never blocks its
shard, and what Lambda gives up on (stream batches, scheduled runs) lands in an SQS queue.
"""

from __future__ import annotations

import json
from typing import Any

STREAM_FAILURES = "StreamFailures"
SCHEDULE_FAILURES = "ScheduleFailures"
TABLE_ID = "Table"
STREAM_ARN = {"Fn::GetAtt": [TABLE_ID, "StreamArn"]}

STREAM_RETRIES = 5
# A failed batch only leaves a pointer in the queue: keep half of the stream's 24 h retention
# to replay it from the stream (make replay-failures).
MAX_RECORD_AGE_SECONDS = 12 * 3600
SCHEDULE_RETRIES = 2
SCHEDULE_EVENT_AGE_SECONDS = 3600
# Lambda accepts at most 5 filters per event source mapping: grouping by image and event
# names makes at most 4 (INSERT, MODIFY, INSERT+MODIFY on the new image; REMOVE on the old).
# The stream's images name the item's PynamoDB class in this attribute.
TYPE_ATTRIBUTE = "type"
IMAGE_OF = {"INSERT": "NewImage", "MODIFY": "NewImage", "REMOVE": "OldImage"}


class FilterError(Exception):
    """The dispatch table handles nothing: no filter would let a record through."""


def handled_changes() -> set[tuple[str, str]]:
    """(item type, event name) pairs the stream handlers act on: the one read of the table."""
    from chalicelib import streams

    return streams.handled_item_types()


def filter_criteria(changes: set[tuple[str, str]]) -> dict[str, Any]:
    """One filter per image and set of event names, listing the item types handled so."""
    events_by_type: dict[str, set[str]] = {}
    for item_type, event_name in changes:
        events_by_type.setdefault(item_type, set()).add(event_name)
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for item_type, events in events_by_type.items():
        for image in sorted({IMAGE_OF[event] for event in events}):
            names = tuple(sorted(e for e in events if IMAGE_OF[e] == image))
            groups.setdefault((image, names), []).append(item_type)
    if not groups:
        raise FilterError("the dispatch table handles no change: nothing would invoke it")
    filters = [
        {
            "Pattern": json.dumps(
                {
                    "eventName": list(names),
                    "dynamodb": {image: {TYPE_ATTRIBUTE: {"S": sorted(types)}}},
                },
                separators=(",", ":"),
            )
        }
        for (image, names), types in sorted(groups.items())
    ]
    return {"Filters": filters}


def matches(criteria: dict[str, Any], record: dict[str, Any]) -> bool:
    """Whether Lambda would deliver this stream record through the filters (their subset)."""
    for entry in criteria["Filters"]:
        pattern = json.loads(entry["Pattern"])
        (image,) = pattern["dynamodb"]
        allowed = pattern["dynamodb"][image][TYPE_ATTRIBUTE]["S"]
        item_type = record.get("dynamodb", {}).get(image, {}).get(TYPE_ATTRIBUTE, {}).get("S")
        if record.get("eventName") in pattern["eventName"] and item_type in allowed:
            return True
    return False


def stream_event(criteria: dict[str, Any]) -> dict[str, Any]:
    return {
        "Stream": STREAM_ARN,
        "StartingPosition": "TRIM_HORIZON",
        "FunctionResponseTypes": ["ReportBatchItemFailures"],
        "BisectBatchOnFunctionError": True,
        "MaximumRetryAttempts": STREAM_RETRIES,
        "MaximumRecordAgeInSeconds": MAX_RECORD_AGE_SECONDS,
        # One batch at a time per shard: an item's changes reach the handlers in order.
        "ParallelizationFactor": 1,
        "DestinationConfig": {
            "OnFailure": {"Destination": {"Fn::GetAtt": [STREAM_FAILURES, "Arn"]}}
        },
        "FilterCriteria": criteria,
    }


def schedule_event() -> dict[str, Any]:
    """EventBridge retries delivery, then leaves the event in the schedule failures queue."""
    return {
        "DeadLetterConfig": {"Arn": {"Fn::GetAtt": [SCHEDULE_FAILURES, "Arn"]}},
        "RetryPolicy": {
            "MaximumRetryAttempts": SCHEDULE_RETRIES,
            "MaximumEventAgeInSeconds": SCHEDULE_EVENT_AGE_SECONDS,
        },
    }


def schedule_invoke_config() -> dict[str, Any]:
    """A scheduled run that fails after Lambda's own retries is sent to the same queue."""
    return {
        "MaximumRetryAttempts": SCHEDULE_RETRIES,
        "MaximumEventAgeInSeconds": SCHEDULE_EVENT_AGE_SECONDS,
        "DestinationConfig": {
            "OnFailure": {"Type": "SQS", "Destination": {"Fn::GetAtt": [SCHEDULE_FAILURES, "Arn"]}}
        },
    }


def failure_queue(name: str, retention_seconds: int) -> dict[str, Any]:
    return {
        "Type": "AWS::SQS::Queue",
        "Properties": {
            "QueueName": name,
            "MessageRetentionPeriod": retention_seconds,
            "SqsManagedSseEnabled": True,
        },
    }


def schedule_queue_policy(rule_ids: list[str]) -> dict[str, Any]:
    """EventBridge may leave undeliverable events of this stack's schedules in the queue."""
    return {
        "Type": "AWS::SQS::QueuePolicy",
        "Properties": {
            "Queues": [{"Ref": SCHEDULE_FAILURES}],
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "ScheduleDeliveryFailures",
                        "Effect": "Allow",
                        "Principal": {"Service": "events.amazonaws.com"},
                        "Action": "sqs:SendMessage",
                        "Resource": {"Fn::GetAtt": [SCHEDULE_FAILURES, "Arn"]},
                        "Condition": {
                            "ArnEquals": {
                                "aws:SourceArn": [
                                    {"Fn::GetAtt": [rule, "Arn"]} for rule in sorted(rule_ids)
                                ]
                            }
                        },
                    }
                ],
            },
        },
    }
