"""The deployment template: the table from infra/table.json, stream failure handling, IAM scope."""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chalicelib.db.table import table_definition
from infra.build import (
    FAILURES_ID,
    ROOT,
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
STREAM_EVENT = "OnTableChangeDynamodbEventSource"
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
        variables = resources[logical_id]["Properties"]["Environment"]["Variables"]
        assert variables == {"TABLE_NAME": {"Ref": TABLE_ID}, "TABLE_STREAM_ARN": STREAM_ARN}


def test_every_role_is_scoped_to_this_stack(
    stages: dict[str, ChaliceStage], templates: dict[str, dict[str, Any]]
) -> None:
    roles = [i for i, r in stages["dev"].resources.items() if r["Type"] == "AWS::IAM::Role"]
    assert "OnTableChangeRole" in roles
    for logical_id in roles:
        statements = _statements(_resources(templates, "dev")[logical_id])
        table = statements["Table"]
        assert set(table["Action"]) >= ITEM_ACTIONS
        assert table["Resource"] == [TABLE_ARN, {"Fn::Sub": "${Table.Arn}/index/*"}]
        assert statements["Stream"]["Resource"] == STREAM_ARN
        assert {"dynamodb:GetRecords", "dynamodb:GetShardIterator"} <= set(
            statements["Stream"]["Action"]
        )
        assert statements["StreamFailures"] == {
            "Sid": "StreamFailures",
            "Effect": "Allow",
            "Action": ["sqs:SendMessage"],
            "Resource": DLQ_ARN,
        }
        secrets = statements["Secrets"]
        assert secrets["Action"] == ["ssm:GetParameter"]
        assert secrets["Resource"]["Fn::Sub"].endswith(":parameter/comptoir/dev/*")


def test_secrets_are_named_never_included(templates: dict[str, dict[str, Any]]) -> None:
    outputs = templates["prod"]["Outputs"]
    assert outputs["SigningKeysParameter"] == {"Value": "/comptoir/prod/signing-keys"}
    assert outputs["CursorSecretParameter"] == {"Value": "/comptoir/prod/cursor-secret"}
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


def test_a_policy_without_the_dlq_statement_is_refused(stages: dict[str, ChaliceStage]) -> None:
    stage = stages["dev"]
    statements = [s for s in stage.policy["Statement"] if s["Sid"] != "StreamFailures"]
    policy = {**stage.policy, "Statement": statements}
    with pytest.raises(BuildError, match="StreamFailures"):
        merge_template(dataclasses.replace(stage, policy=policy))


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


def _app_without_dependencies(root: Path) -> Path:
    """The project with an empty requirements.txt: packaging it needs no download."""
    project = root / "project"
    shutil.copytree(ROOT / "chalicelib", project / "chalicelib")
    (project / ".chalice").mkdir()
    (project / "infra").mkdir()
    for name in ("config.json", "policy.json"):
        shutil.copy(ROOT / ".chalice" / name, project / ".chalice" / name)
    shutil.copy(ROOT / "infra" / "table.json", project / "infra" / "table.json")
    shutil.copy(ROOT / "app.py", project / "app.py")
    (project / "requirements.txt").write_text("")
    return project


def test_chalice_package_applies_the_merge_template(tmp_path: Path) -> None:
    assert main(["--stage", "prod", "--out", str(tmp_path)]) == 0
    project = _app_without_dependencies(tmp_path)
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
    assert resources[TABLE_ID]["Properties"]["DeletionProtectionEnabled"] is True
    assert resources[FAILURES_ID]["Type"] == "AWS::SQS::Queue"


def test_api_gateway_answers_missing_routes_with_problem_json(
    templates: dict[str, dict[str, Any]],
) -> None:
    responses = {
        resource["Properties"]["ResponseType"]: resource["Properties"]
        for resource in _resources(templates, "prod").values()
        if resource.get("Type") == "AWS::ApiGateway::GatewayResponse"
    }
    missing = responses["MISSING_AUTHENTICATION_TOKEN"]
    assert missing["StatusCode"] == "404"
    assert json.loads(missing["ResponseTemplates"]["application/json"])["code"] == "NOT_FOUND"
    content_type = missing["ResponseParameters"]["gatewayresponse.header.Content-Type"]
    assert content_type == "'application/problem+json'"
