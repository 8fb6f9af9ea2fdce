"""The deployment template: the table from infra/table.json, stream failure handling, roles,
the API stage, alarms; and `chalice package` applying it."""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chalicelib.db.table import table_definition
from infra import package
from infra.build import (
    FAILURES_ID,
    SCHEDULE_FAILURES_ID,
    TABLE_ID,
    BuildError,
    ChaliceStage,
    load_stage,
    main,
    merge_template,
)

TABLE_ARN = {"Fn::GetAtt": [TABLE_ID, "Arn"]}
STREAM_ARN = {"Fn::GetAtt": [TABLE_ID, "StreamArn"]}
DLQ_ARN = {"Fn::GetAtt": [FAILURES_ID, "Arn"]}
SCHEDULE_DLQ_ARN = {"Fn::GetAtt": [SCHEDULE_FAILURES_ID, "Arn"]}
STREAM_EVENT = "OnTableChangeDynamodbEventSource"
# Which app.py each function runs: only the API registers the routes.
KIND_OF = {"APIHandler": "api", "OnTableChange": "stream", "TenantChecks": "schedule"}
ITEM_ACTIONS = {
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
}


@pytest.fixture(scope="module")
def stages() -> dict[str, ChaliceStage]:
    return {name: load_stage(name) for name in ("dev", "prod")}


@pytest.fixture(scope="module")
def templates(stages: dict[str, ChaliceStage]) -> dict[str, dict[str, Any]]:
    return {name: merge_template(stage) for name, stage in stages.items()}


def _resources(templates: dict[str, dict[str, Any]], stage: str) -> dict[str, Any]:
    resources: dict[str, Any] = templates[stage]["Resources"]
    return resources


def _statements(role: dict[str, Any]) -> dict[str, dict[str, Any]]:
    (policy,) = role["Properties"]["Policies"]
    return {statement["Sid"]: statement for statement in policy["PolicyDocument"]["Statement"]}


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_table_is_exactly_the_shared_definition(
    templates: dict[str, dict[str, Any]], stage: str
) -> None:
    table = _resources(templates, stage)[TABLE_ID]
    properties = table["Properties"]
    assert table["Type"] == "AWS::DynamoDB::Table"
    for key, value in table_definition().items():
        assert properties[key] == value, key
    assert properties["TableName"] == f"comptoir-{stage}"
    assert properties["SSESpecification"] == {"SSEEnabled": True}
    assert properties["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert [index["IndexName"] for index in properties["GlobalSecondaryIndexes"]] == [
        "gsi1",
        "gsi2",
    ]


def test_only_production_protects_the_table(templates: dict[str, dict[str, Any]]) -> None:
    prod = _resources(templates, "prod")[TABLE_ID]
    dev = _resources(templates, "dev")[TABLE_ID]
    assert prod["Properties"]["PointInTimeRecoverySpecification"] == {
        "PointInTimeRecoveryEnabled": True
    }
    assert prod["Properties"]["DeletionProtectionEnabled"] is True
    assert prod["DeletionPolicy"] == prod["UpdateReplacePolicy"] == "Retain"
    assert "DeletionProtectionEnabled" not in dev["Properties"]
    assert "DeletionPolicy" not in dev


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_stream_handler_reports_partial_failures_to_the_queue(
    templates: dict[str, dict[str, Any]], stage: str
) -> None:
    resources = _resources(templates, stage)
    event = resources["OnTableChange"]["Properties"]["Events"][STREAM_EVENT]["Properties"]
    assert event["Stream"] == STREAM_ARN
    assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert event["BisectBatchOnFunctionError"] is True
    assert 0 < event["MaximumRetryAttempts"] <= 10
    assert 60 <= event["MaximumRecordAgeInSeconds"] < 24 * 3600
    assert event["StartingPosition"] == "TRIM_HORIZON"
    assert event["DestinationConfig"] == {"OnFailure": {"Destination": DLQ_ARN}}
    queue = resources[FAILURES_ID]
    assert queue["Type"] == "AWS::SQS::Queue"
    assert queue["Properties"]["QueueName"] == f"comptoir-{stage}-stream-failures"


def test_every_function_reads_the_deployed_table(
    stages: dict[str, ChaliceStage], templates: dict[str, dict[str, Any]]
) -> None:
    functions = [
        logical_id
        for logical_id, resource in stages["prod"].resources.items()
        if resource["Type"] == "AWS::Serverless::Function"
    ]
    assert {"APIHandler", "OnTableChange", "TenantChecks"} <= set(functions)
    resources = _resources(templates, "prod")
    for logical_id in functions:
        properties = resources[logical_id]["Properties"]
        variables = properties["Environment"]["Variables"]
        assert variables == {
            "TABLE_NAME": {"Ref": TABLE_ID},
            "TABLE_STREAM_ARN": STREAM_ARN,
            "SIGNING_KEYS_PARAMETER": {"Ref": "SigningKeysParameter"},
            "CURSOR_SECRET_PARAMETER": {"Ref": "CursorSecretParameter"},
            "COMPTOIR_FUNCTION": KIND_OF[logical_id],
        }
        assert properties["Architectures"] == ["arm64"]
        assert properties["Tracing"] == "Active"
        assert properties["CodeUri"] == "../bundle/function.zip"
        log_group = resources[properties["LoggingConfig"]["LogGroup"]["Ref"]]
        assert log_group["Properties"]["RetentionInDays"] == 90


def test_each_function_has_its_own_role_with_only_what_it_uses(
    stages: dict[str, ChaliceStage], templates: dict[str, dict[str, Any]]
) -> None:
    resources = _resources(templates, "dev")
    roles = {
        logical_id: resource["Properties"]["Role"]["Fn::GetAtt"][0]
        for logical_id, resource in stages["dev"].resources.items()
        if resource["Type"] == "AWS::Serverless::Function"
    }
    assert len(set(roles.values())) == len(roles) == 3
    api = _statements(resources[roles["APIHandler"]])
    stream = _statements(resources[roles["OnTableChange"]])
    schedule = _statements(resources[roles["TenantChecks"]])
    for statements in (api, stream, schedule):
        assert statements["Table"]["Resource"] == [TABLE_ARN, {"Fn::Sub": "${Table.Arn}/index/*"}]
    assert set(api["Table"]["Action"]) >= ITEM_ACTIONS
    assert set(stream["Table"]["Action"]) >= ITEM_ACTIONS
    assert "dynamodb:DeleteItem" not in schedule["Table"]["Action"]
    # Only the stream function reads the stream and reports to its failure queue.
    assert set(stream) - set(api) == {"Stream", "ListStreams", "StreamFailures"}
    assert stream["Stream"]["Resource"] == [STREAM_ARN]
    assert stream["StreamFailures"]["Resource"] == [DLQ_ARN]
    assert schedule["ScheduleFailures"]["Resource"] == [SCHEDULE_DLQ_ARN]
    assert "Secrets" not in stream and "Secrets" not in schedule
    assert api["Secrets"]["Action"] == ["ssm:GetParameter"]
    (parameters,) = api["Secrets"]["Resource"]
    assert parameters["Fn::Sub"].endswith(":parameter/comptoir/dev/*")
    for function, role in roles.items():
        logs = _statements(resources[role])["Logs"]
        assert logs["Resource"] == [{"Fn::GetAtt": [f"{function}Logs", "Arn"]}]
        assert "logs:CreateLogGroup" not in logs["Action"]


def test_secrets_are_named_never_included(templates: dict[str, dict[str, Any]]) -> None:
    parameters = templates["prod"]["Parameters"]
    assert parameters["SigningKeysParameter"]["Default"] == "/comptoir/prod/signing-keys"
    assert parameters["CursorSecretParameter"]["Default"] == "/comptoir/prod/cursor-secret"
    assert parameters["CursorSecretParameter"]["AllowedPattern"].startswith("^/comptoir/prod/")
    text = json.dumps(templates)
    assert "PRIVATE KEY" not in text
    assert "SIGNING_KEYS_JSON" not in text
    assert '"CURSOR_SECRET"' not in text


def test_secret_parameters_outside_the_stage_are_refused(
    stages: dict[str, ChaliceStage],
) -> None:
    stage = stages["prod"]
    elsewhere = {**stage.environment, "CURSOR_SECRET_PARAMETER": "/comptoir/dev/cursor-secret"}
    with pytest.raises(BuildError, match="CURSOR_SECRET_PARAMETER"):
        merge_template(dataclasses.replace(stage, environment=elsewhere))


def test_an_app_without_a_stream_handler_is_refused(stages: dict[str, ChaliceStage]) -> None:
    stage = stages["dev"]
    resources = {
        logical_id: {**resource, "Properties": {**resource["Properties"], "Events": {}}}
        if resource["Type"] == "AWS::Serverless::Function"
        else resource
        for logical_id, resource in stage.resources.items()
    }
    with pytest.raises(BuildError, match="stream handler"):
        merge_template(dataclasses.replace(stage, resources=resources))


def test_models_use_the_deployed_keys_and_indexes() -> None:
    from chalicelib.db.base import Entity

    definition = table_definition()
    schema = Entity._get_schema()
    assert schema["key_schema"] == definition["KeySchema"]
    deployed = {index["IndexName"]: index for index in definition["GlobalSecondaryIndexes"]}
    modelled = {index["index_name"]: index for index in schema["global_secondary_indexes"]}
    assert set(modelled) == set(deployed)
    for name, index in modelled.items():
        assert index["key_schema"] == deployed[name]["KeySchema"], name
        assert index["projection"] == deployed[name]["Projection"], name
    declared = {a["AttributeName"]: a["AttributeType"] for a in definition["AttributeDefinitions"]}
    assert {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]} == (
        declared
    )


def test_every_model_lives_in_the_one_table() -> None:
    import chalicelib.db.models as package
    from chalicelib.db.base import Entity

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    models = Entity.__subclasses__()
    assert models
    for model in models:
        assert model.Meta.table_name == Entity.Meta.table_name, model
        assert set(model._indexes) == {"gsi1", "gsi2"}, model


def test_access_patterns_only_name_deployed_indexes() -> None:
    from chalicelib.db.keys import ACCESS_PATTERNS

    indexes = {"table"} | {i["IndexName"] for i in table_definition()["GlobalSecondaryIndexes"]}
    for pattern in ACCESS_PATTERNS:
        assert set(pattern.index.split(" / ")) <= indexes, pattern


def test_the_command_writes_the_merge_template(
    tmp_path: Path, templates: dict[str, dict[str, Any]]
) -> None:
    assert main(["--stage", "prod", "--out", str(tmp_path)]) == 0
    written = json.loads((tmp_path / "merge-prod.json").read_text())
    assert written == json.loads(json.dumps(templates["prod"]))


def test_chalice_package_applies_the_merge_template(tmp_path: Path) -> None:
    assert main(["--stage", "prod", "--out", str(tmp_path)]) == 0
    project = package.staging_project(tmp_path)
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from chalice.cli import main; main()", "package"]
    command += ["--stage", "prod", "--merge-template", str(tmp_path / "merge-prod.json"), str(out)]
    env = {**os.environ, "AWS_DEFAULT_REGION": "eu-west-1"}
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    resources = json.loads((out / "sam.json").read_text())["Resources"]
    event = resources["OnTableChange"]["Properties"]["Events"][STREAM_EVENT]
    assert event["Type"] == "DynamoDB"
    assert event["Properties"]["BatchSize"] == 100
    assert event["Properties"]["Stream"] == STREAM_ARN
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert event["Properties"]["DestinationConfig"] == {"OnFailure": {"Destination": DLQ_ARN}}
    variables = resources["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert variables["TABLE_NAME"] == {"Ref": TABLE_ID}
    assert variables["STAGE"] == "prod"
    assert variables["COMPTOIR_FUNCTION"] == "api"
    stream_variables = resources["OnTableChange"]["Properties"]["Environment"]["Variables"]
    assert stream_variables["COMPTOIR_FUNCTION"] == "stream"
    assert resources[TABLE_ID]["Properties"]["DeletionProtectionEnabled"] is True
    assert resources[FAILURES_ID]["Type"] == "AWS::SQS::Queue"
    assert resources["APIHandler"]["Properties"]["CodeUri"] == "../bundle/function.zip"
    assert resources["APIHandler"]["Properties"]["Architectures"] == ["arm64"]
    swagger = resources["RestAPI"]["Properties"]["DefinitionBody"]
    assert "/v1/health" in swagger["paths"]
    assert "DEFAULT_5XX" in swagger["x-amazon-apigateway-gateway-responses"]


def _gateway_responses(templates: dict[str, dict[str, Any]], stage: str) -> dict[str, Any]:
    api = _resources(templates, stage)["RestAPI"]["Properties"]
    responses: dict[str, Any] = api["DefinitionBody"]["x-amazon-apigateway-gateway-responses"]
    return responses


def test_gateway_answers_are_problem_json_inside_the_swagger(
    templates: dict[str, dict[str, Any]],
) -> None:
    responses = _gateway_responses(templates, "prod")
    assert {"DEFAULT_4XX", "DEFAULT_5XX", "MISSING_AUTHENTICATION_TOKEN", "THROTTLED"} <= set(
        responses
    )
    codes = {"NOT_FOUND", "RATE_LIMITED", "PAYLOAD_TOO_LARGE", "UNAVAILABLE", "INTERNAL"}
    seen = set()
    for kind, response in responses.items():
        body = json.loads(response["responseTemplates"]["application/json"])
        assert body["status"] == int(response["statusCode"]), kind
        seen.add(body["code"])
        headers = response["responseParameters"]
        assert headers["gatewayresponse.header.Content-Type"] == "'application/problem+json'"
        assert headers["gatewayresponse.header.X-Content-Type-Options"] == "'nosniff'"
        assert headers["gatewayresponse.header.Strict-Transport-Security"].startswith("'max-age=")
    assert codes <= seen
    assert responses["MISSING_AUTHENTICATION_TOKEN"]["statusCode"] == "404"
    assert responses["THROTTLED"]["responseParameters"]["gatewayresponse.header.Retry-After"]
    assert not any(
        r.get("Type") == "AWS::ApiGateway::GatewayResponse"
        for r in _resources(templates, "prod").values()
    )


def test_the_api_stage_throttles_logs_and_traces(templates: dict[str, dict[str, Any]]) -> None:
    template = templates["prod"]
    api = template["Resources"]["RestAPI"]["Properties"]
    assert api["OpenApiVersion"] == "2.0"
    assert api["TracingEnabled"] is True
    (settings,) = api["MethodSettings"]
    assert settings["ThrottlingRateLimit"] == {"Ref": "ThrottleRateLimit"}
    assert settings["ThrottlingBurstLimit"] == {"Ref": "ThrottleBurstLimit"}
    assert {"ThrottleRateLimit", "ThrottleBurstLimit"} <= set(template["Parameters"])
    access = api["AccessLogSetting"]
    assert access["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]}
    assert json.loads(access["Format"])["request_id"] == "$context.requestId"


def test_cors_origins_of_the_stage_shape_the_gateway(stages: dict[str, ChaliceStage]) -> None:
    stage = stages["prod"]
    closed = merge_template(stage)
    assert "paths" not in closed["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    one = {**stage.environment, "CORS_ORIGINS": "https://shop.example"}
    template = merge_template(dataclasses.replace(stage, environment=one))
    body = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    assert set(body["paths"]) == set(stage.paths)
    assert all(set(methods) == {"options"} for methods in body["paths"].values())
    headers = body["x-amazon-apigateway-gateway-responses"]["DEFAULT_4XX"]["responseParameters"]
    allow = headers["gatewayresponse.header.Access-Control-Allow-Origin"]
    assert allow == "'https://shop.example'"
    two = {**stage.environment, "CORS_ORIGINS": "https://a.example, https://b.example"}
    template = merge_template(dataclasses.replace(stage, environment=two))
    body = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    headers = body["x-amazon-apigateway-gateway-responses"]["DEFAULT_4XX"]["responseParameters"]
    assert "gatewayresponse.header.Access-Control-Allow-Origin" not in headers


def test_schedules_send_their_failures_to_a_queue(templates: dict[str, dict[str, Any]]) -> None:
    resources = _resources(templates, "prod")
    properties = resources["TenantChecks"]["Properties"]
    (event,) = properties["Events"].values()
    assert event["Properties"]["DeadLetterConfig"] == {"Arn": SCHEDULE_DLQ_ARN}
    destination = properties["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]
    assert destination == {"Type": "SQS", "Destination": SCHEDULE_DLQ_ARN}
    assert properties["ReservedConcurrentExecutions"] == {"Ref": "ScheduleConcurrency"}
    stream = resources["OnTableChange"]["Properties"]
    assert stream["ReservedConcurrentExecutions"] == {"Ref": "StreamConcurrency"}
    assert "ReservedConcurrentExecutions" not in resources["APIHandler"]["Properties"]
    policy = resources["ScheduleFailuresPolicy"]["Properties"]["PolicyDocument"]
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    rules = statement["Condition"]["ArnEquals"]["aws:SourceArn"]
    assert rules == [{"Fn::GetAtt": ["TenantChecksTenantChecksEvent", "Arn"]}]


def test_only_the_api_carries_the_documents_layer(templates: dict[str, dict[str, Any]]) -> None:
    resources = _resources(templates, "prod")
    assert resources["APIHandler"]["Properties"]["Layers"] == [{"Ref": "DocumentsLayer"}]
    assert "Layers" not in resources["OnTableChange"]["Properties"]
    layer = resources["DocumentsLayer"]["Properties"]
    assert layer["ContentUri"] == "../bundle/documents-layer.zip"
    assert layer["CompatibleArchitectures"] == ["arm64"]
