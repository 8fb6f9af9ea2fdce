"""Alarms to an SNS topic, a dashboard, and log groups that do not keep logs forever.

docs/operations.md says what to do when each alarm fires; a test keeps the two in step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

TOPIC = "AlarmTopic"
EMAIL = "AlarmEmail"
HAS_EMAIL = "HasAlarmEmail"
PERIOD = 300
LOG_RETENTION_DAYS = {"prod": 90}
DEFAULT_RETENTION_DAYS = 14
API_LATENCY_P95_MS = 2000
ITERATOR_AGE_MS = 5 * 60 * 1000
API_5XX_PER_PERIOD = 5


@dataclass(frozen=True)
class Functions:
    """The logical ids of the functions, by what they are for."""

    api: str
    stream: str
    schedules: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (self.api, self.stream, *self.schedules)


def log_group(name: str, stage: str) -> dict[str, Any]:
    return {
        "Type": "AWS::Logs::LogGroup",
        "Properties": {
            "LogGroupName": name,
            "RetentionInDays": LOG_RETENTION_DAYS.get(stage, DEFAULT_RETENTION_DAYS),
        },
    }


def _alarm(
    description: str,
    namespace: str,
    metric: str,
    dimensions: dict[str, Any],
    threshold: float,
    statistic: str = "Sum",
    periods: int = 1,
) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "AlarmDescription": description,
        "Namespace": namespace,
        "MetricName": metric,
        "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
        "Period": PERIOD,
        "EvaluationPeriods": periods,
        "DatapointsToAlarm": periods,
        "Threshold": threshold,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "TreatMissingData": "notBreaching",
        "AlarmActions": [{"Ref": TOPIC}],
        "OKActions": [{"Ref": TOPIC}],
    }
    if statistic.startswith("p"):
        properties["ExtendedStatistic"] = statistic
    else:
        properties["Statistic"] = statistic
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": properties}


def alarms(functions: Functions, api_name: str) -> dict[str, Any]:
    """Logical id -> alarm. Each id is a heading of docs/operations.md's alarm table."""
    found: dict[str, Any] = {}
    for function in functions.all:
        name = {"FunctionName": {"Ref": function}}
        found[f"{function}ErrorsAlarm"] = _alarm(
            f"{function} raised errors", "AWS/Lambda", "Errors", name, 1
        )
        found[f"{function}ThrottlesAlarm"] = _alarm(
            f"{function} was throttled", "AWS/Lambda", "Throttles", name, 1
        )
    found["StreamIteratorAgeAlarm"] = _alarm(
        "The stream function lags the table by 5 minutes or more",
        "AWS/Lambda",
        "IteratorAge",
        {"FunctionName": {"Ref": functions.stream}},
        ITERATOR_AGE_MS,
        statistic="Maximum",
        periods=2,
    )
    for queue in ("StreamFailures", "ScheduleFailures"):
        found[f"{queue}DepthAlarm"] = _alarm(
            f"{queue} holds work Lambda gave up on",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            {"QueueName": {"Fn::GetAtt": [queue, "QueueName"]}},
            1,
            statistic="Maximum",
        )
    api = {"ApiName": api_name, "Stage": "api"}
    found["Api5xxAlarm"] = _alarm(
        "The API answered 5 or more 5XX in 5 minutes",
        "AWS/ApiGateway",
        "5XXError",
        api,
        API_5XX_PER_PERIOD,
    )
    found["ApiLatencyAlarm"] = _alarm(
        "The API's p95 latency is 2 s or more for 15 minutes",
        "AWS/ApiGateway",
        "Latency",
        api,
        API_LATENCY_P95_MS,
        statistic="p95",
        periods=3,
    )
    for kind in ("Read", "Write"):
        found[f"Table{kind}ThrottlesAlarm"] = _alarm(
            f"DynamoDB throttled {kind.lower()}s of the table",
            "AWS/DynamoDB",
            f"{kind}ThrottleEvents",
            {"TableName": {"Ref": "Table"}},
            1,
        )
    return found


def topic_resources() -> dict[str, Any]:
    return {
        TOPIC: {
            "Type": "AWS::SNS::Topic",
            "Properties": {"KmsMasterKeyId": "alias/aws/sns"},
        },
        "AlarmEmailSubscription": {
            "Type": "AWS::SNS::Subscription",
            "Condition": HAS_EMAIL,
            "Properties": {
                "TopicArn": {"Ref": TOPIC},
                "Protocol": "email",
                "Endpoint": {"Ref": EMAIL},
            },
        },
    }


def _widget(title: str, metrics: list[list[Any]], stat: str = "Sum") -> dict[str, Any]:
    return {
        "type": "metric",
        "width": 12,
        "height": 6,
        "properties": {
            "title": title,
            "region": "${AWS::Region}",
            "stat": stat,
            "period": PERIOD,
            "metrics": metrics,
        },
    }


def dashboard(functions: Functions, api_name: str) -> dict[str, Any]:
    """One page: the API, each function, the stream's lag, the failure queues, the table."""
    refs = {f"fn{i}": {"Ref": f} for i, f in enumerate(functions.all)}
    lambda_metrics = [
        ["AWS/Lambda", metric, "FunctionName", f"${{fn{i}}}"]
        for i, _ in enumerate(functions.all)
        for metric in ("Invocations", "Errors", "Throttles")
    ]
    api = ["ApiName", api_name, "Stage", "api"]
    widgets = [
        _widget(
            "API requests and errors",
            [["AWS/ApiGateway", m, *api] for m in ("Count", "4XXError", "5XXError")],
        ),
        _widget("API latency p95", [["AWS/ApiGateway", "Latency", *api]], stat="p95"),
        _widget("Functions", lambda_metrics),
        _widget(
            "Function duration p95",
            [
                ["AWS/Lambda", "Duration", "FunctionName", f"${{fn{i}}}"]
                for i, _ in enumerate(functions.all)
            ],
            stat="p95",
        ),
        _widget(
            "Stream lag (IteratorAge, ms)",
            [["AWS/Lambda", "IteratorAge", "FunctionName", "${fn1}"]],
            stat="Maximum",
        ),
        _widget(
            "Failure queues",
            [
                ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q]
                for q in ("${streamQueue}", "${scheduleQueue}")
            ],
            stat="Maximum",
        ),
        _widget(
            "Table capacity and throttles",
            [
                ["AWS/DynamoDB", m, "TableName", "${table}"]
                for m in (
                    "ConsumedReadCapacityUnits",
                    "ConsumedWriteCapacityUnits",
                    "ReadThrottleEvents",
                    "WriteThrottleEvents",
                )
            ],
        ),
    ]
    variables = {
        **refs,
        "streamQueue": {"Fn::GetAtt": ["StreamFailures", "QueueName"]},
        "scheduleQueue": {"Fn::GetAtt": ["ScheduleFailures", "QueueName"]},
        "table": {"Ref": "Table"},
    }
    body = json.dumps({"widgets": widgets}, separators=(",", ":"))
    return {
        "Type": "AWS::CloudWatch::Dashboard",
        "Properties": {
            "DashboardName": f"{api_name}",
            "DashboardBody": {"Fn::Sub": [body, variables]},
        },
    }


PARAMETERS = {
    EMAIL: {
        "Type": "String",
        "Default": "",
        "Description": "E-mail address subscribed to the alarms (empty: subscribe later).",
    }
}
CONDITIONS = {HAS_EMAIL: {"Fn::Not": [{"Fn::Equals": [{"Ref": EMAIL}, ""]}]}}
