"""DynamoDB reads taken as their JSON says (chalicelib/aws.read_plainly) give what botocore's
own parser gives, and leave to it every answer with a binary value or an error."""

from __future__ import annotations

import json
from typing import Any

import botocore.parsers
import botocore.session
import pytest

from chalicelib import aws

ITEM = {
    "pk": {"S": "T#01#SALE#02"},
    "total": {"N": "118000"},
    "ratio": {"N": "0.25"},
    "paid": {"BOOL": True},
    "note": {"NULL": True},
    "cashier_ids": {"L": [{"S": "01A"}, {"S": "01B"}]},
    "figures": {"M": {"revenue": {"N": "5"}, "label": {"S": 'a "B" in text'}}},
    "tags": {"SS": ["x", "y"]},
    "counts": {"NS": ["1", "2"]},
}
ANSWERS = {
    "Query": {
        "Items": [ITEM, ITEM],
        "Count": 2,
        "ScannedCount": 3,
        "LastEvaluatedKey": {"pk": {"S": "T#01#SALE#02"}, "sk": {"S": "SALE"}},
        "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 0.5},
    },
    "GetItem": {"Item": ITEM, "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 1.0}},
    "BatchGetItem": {"Responses": {"t": [ITEM]}, "UnprocessedKeys": {}},
    "Scan": {"Items": [], "Count": 0, "ScannedCount": 0},
}


def _parsed(operation: str, body: bytes, status: int = 200, plain: bool = True) -> Any:
    model = botocore.session.get_session().get_service_model("dynamodb")
    shape = model.operation_model(operation).output_shape
    response = {"status_code": status, "headers": {"x-amzn-requestid": "r1"}, "body": body}
    laid: dict[str, Any] = {}
    if plain:
        aws.read_plainly(response_dict=response, customized_response_dict=laid)
    parsed = botocore.parsers.create_parser("json").parse(response, shape)
    parsed.update(laid)
    return parsed


@pytest.mark.parametrize("operation", sorted(ANSWERS))
def test_a_read_taken_plainly_is_what_botocore_parses(operation: str) -> None:
    body = json.dumps(ANSWERS[operation]).encode()
    plain = _parsed(operation, body)
    assert plain == _parsed(operation, body, plain=False)
    assert plain["ResponseMetadata"]["RequestId"] == "r1"


def test_an_answer_with_a_binary_value_is_left_to_botocore() -> None:
    item = {"pk": {"S": "x"}, "blob": {"B": "aGVsbG8="}}
    response = {"status_code": 200, "headers": {}, "body": json.dumps({"Item": item}).encode()}
    laid: dict[str, Any] = {}
    aws.read_plainly(response_dict=response, customized_response_dict=laid)
    assert laid == {} and b"aGVsbG8=" in response["body"]
    assert _parsed("GetItem", response["body"])["Item"]["blob"] == {"B": b"hello"}


def test_an_error_is_left_to_botocore() -> None:
    error = {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"}
    response = {"status_code": 400, "headers": {}, "body": json.dumps(error).encode()}
    laid: dict[str, Any] = {}
    aws.read_plainly(response_dict=response, customized_response_dict=laid)
    assert laid == {} and response["body"] != b"{}"


def test_the_process_client_reads_plainly() -> None:
    aws.forget()
    try:
        events = aws.client("dynamodb").meta.events
        for operation in aws.PLAIN_READS:
            laid: dict[str, Any] = {}
            events.emit(
                f"before-parse.dynamodb.{operation}",
                response_dict={"status_code": 200, "body": b'{"Count": 7}'},
                customized_response_dict=laid,
            )
            assert laid == {"Count": 7}, operation
    finally:
        aws.forget()
