"""Builds the template that `chalice package --merge-template` lays over Chalice's SAM template.

Chalice declares the functions, their roles, the API and the stream event source, but not the
table, a destination for stream records that keep failing, or partial batch failures. This
template adds those and overrides the generated resources by their logical ids. The ids come
from Chalice's own template generator, run in-process without building the deployment package,
so a handler renamed in app.py cannot silently escape the override.

Chalice merges mappings key by key; lists and scalars in this template replace its values.

    python -m infra.build --stage prod [--out dist]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalice.package import PackageOptions

ROOT = Path(__file__).resolve().parents[1]
TABLE_ID = "Table"
FAILURES_ID = "StreamFailures"
PROTECTED_STAGES = frozenset({"prod"})
SECRET_VARIABLES = ("SIGNING_KEYS_PARAMETER", "CURSOR_SECRET_PARAMETER")
REQUIRED_STATEMENTS = ("Table", "Stream", "Secrets", "StreamFailures")

TABLE_ARN = {"Fn::GetAtt": [TABLE_ID, "Arn"]}
STREAM_ARN = {"Fn::GetAtt": [TABLE_ID, "StreamArn"]}
FAILURES_ARN = {"Fn::GetAtt": [FAILURES_ID, "Arn"]}

STREAM_RETRIES = 5
# A failed batch only leaves a pointer in the queue: keep half of the stream's 24 h retention
# to replay it from the stream.
MAX_RECORD_AGE_SECONDS = 12 * 3600
FAILURE_RETENTION_SECONDS = 14 * 24 * 3600

STREAM_EVENT: dict[str, Any] = {
    "Stream": STREAM_ARN,
    "StartingPosition": "TRIM_HORIZON",
    "FunctionResponseTypes": ["ReportBatchItemFailures"],
    "BisectBatchOnFunctionError": True,
    "MaximumRetryAttempts": STREAM_RETRIES,
    "MaximumRecordAgeInSeconds": MAX_RECORD_AGE_SECONDS,
    # One batch at a time per shard: an item's changes reach the handlers in order.
    "ParallelizationFactor": 1,
    "DestinationConfig": {"OnFailure": {"Destination": FAILURES_ARN}},
}


class BuildError(Exception):
    """The Chalice project and the infrastructure disagree; nothing was written."""


@dataclass(frozen=True)
class ChaliceStage:
    """What Chalice generates for one stage, read before any deployment package exists."""

    name: str
    resources: dict[str, Any]
    environment: dict[str, str]
    policy: dict[str, Any]

    @property
    def table_name(self) -> str:
        return self.environment["TABLE_NAME"]

    @property
    def secrets_prefix(self) -> str:
        return f"/comptoir/{self.name}/"


class _Options(PackageOptions):
    """Chalice asks AWS for service principals; the roles' trust policies are not overridden."""

    def __init__(self) -> None:
        pass

    def service_principal(self, service: str) -> str:
        return f"{service}.amazonaws.com"


def stages(project_dir: Path = ROOT) -> list[str]:
    config = json.loads((project_dir / ".chalice" / "config.json").read_text())
    return sorted(config.get("stages", {}))


def load_stage(stage: str, project_dir: Path = ROOT) -> ChaliceStage:
    """Chalice's resources for a stage; imports app.py as `chalice package` does."""
    from chalice.cli.factory import CLIFactory
    from chalice.deploy.appgraph import ApplicationGraphBuilder, DependencyBuilder
    from chalice.package import SAMTemplateGenerator

    if stage not in stages(project_dir):
        raise BuildError(f"stage {stage!r} is not in .chalice/config.json")
    factory = CLIFactory(str(project_dir), environ=dict(os.environ))
    config = factory.create_config_obj(chalice_stage_name=stage)
    if config.autogen_policy or not config.iam_policy_file:
        raise BuildError("set autogen_policy false and iam_policy_file in .chalice/config.json")
    graph = ApplicationGraphBuilder().build(config, stage)
    resources = DependencyBuilder().build_dependencies(graph)
    template = SAMTemplateGenerator(config, _Options()).generate(resources)
    policy_path = project_dir / ".chalice" / config.iam_policy_file
    return ChaliceStage(
        name=stage,
        resources=template["Resources"],
        environment=dict(config.environment_variables),
        policy=json.loads(policy_path.read_text()),
    )


def table_resource(stage: ChaliceStage) -> dict[str, Any]:
    """The table as infra/table.json defines it, named as the stage's policy expects."""
    from chalicelib.db.table import table_definition

    properties: dict[str, Any] = {
        "TableName": stage.table_name,
        **table_definition(),
        "SSESpecification": {"SSEEnabled": True},
    }
    resource: dict[str, Any] = {"Type": "AWS::DynamoDB::Table", "Properties": properties}
    if stage.name in PROTECTED_STAGES:
        properties["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": True}
        properties["DeletionProtectionEnabled"] = True
        resource["DeletionPolicy"] = "Retain"
        resource["UpdateReplacePolicy"] = "Retain"
    return resource


def failures_queue(stage: ChaliceStage) -> dict[str, Any]:
    """Where Lambda reports stream batches it gave up on (shard and sequence numbers)."""
    return {
        "Type": "AWS::SQS::Queue",
        "Properties": {
            "QueueName": f"{stage.table_name}-stream-failures",
            "MessageRetentionPeriod": FAILURE_RETENTION_SECONDS,
            "SqsManagedSseEnabled": True,
        },
    }


def function_overrides(stage: ChaliceStage) -> dict[str, Any]:
    """Every function gets the deployed table; every stream event source the failure handling."""
    overrides: dict[str, Any] = {}
    stream_events = 0
    for logical_id, resource in stage.resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        variables = {"TABLE_NAME": {"Ref": TABLE_ID}, "TABLE_STREAM_ARN": STREAM_ARN}
        properties: dict[str, Any] = {"Environment": {"Variables": variables}}
        events = {
            name: {"Properties": copy.deepcopy(STREAM_EVENT)}
            for name, event in resource["Properties"].get("Events", {}).items()
            if event["Type"] == "DynamoDB"
        }
        if events:
            properties["Events"] = events
            stream_events += len(events)
        overrides[logical_id] = {"Properties": properties}
    if not stream_events:
        raise BuildError("app.py declares no DynamoDB stream handler to configure")
    return overrides


def scoped_policy(stage: ChaliceStage) -> dict[str, Any]:
    """The policy file's statements, narrowed to this stack's table, queue and parameters."""
    parameters = (
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"
        f"{stage.secrets_prefix}*"
    )
    scoped: dict[str, Any] = {
        "Table": [TABLE_ARN, {"Fn::Sub": f"${{{TABLE_ID}.Arn}}/index/*"}],
        "Stream": STREAM_ARN,
        "Secrets": {"Fn::Sub": parameters},
        "StreamFailures": FAILURES_ARN,
    }
    statements = stage.policy["Statement"]
    missing = set(REQUIRED_STATEMENTS) - {statement.get("Sid") for statement in statements}
    if missing:
        raise BuildError(f"the IAM policy file lacks statements {sorted(missing)}")
    return {
        **stage.policy,
        "Statement": [
            {**statement, "Resource": scoped.get(statement.get("Sid", ""), statement["Resource"])}
            for statement in statements
        ],
    }


def role_overrides(stage: ChaliceStage) -> dict[str, Any]:
    document = scoped_policy(stage)
    return {
        logical_id: {
            "Properties": {
                "Policies": [{"PolicyName": f"{logical_id}Policy", "PolicyDocument": document}]
            }
        }
        for logical_id, resource in stage.resources.items()
        if resource["Type"] == "AWS::IAM::Role"
    }


def secret_parameters(stage: ChaliceStage) -> dict[str, str]:
    """The SSM parameter names the functions read; they are created once, outside the stack."""
    names = {variable: stage.environment.get(variable, "") for variable in SECRET_VARIABLES}
    wrong = [v for v, name in names.items() if not name.startswith(stage.secrets_prefix)]
    if wrong:
        raise BuildError(f"{wrong} must name SSM parameters under {stage.secrets_prefix}")
    return names


def gateway_responses() -> dict[str, Any]:
    """API Gateway's own answers (no such route or method) as problem+json, like the app's."""

    def problem(kind: str, status: int, code: str, title: str, detail: str) -> dict[str, Any]:
        body = {
            "type": f"https://comptoir.app/problems/{code.lower().replace('_', '-')}",
            "title": title,
            "status": status,
            "code": code,
            "detail": detail,
        }
        return {
            "Type": "AWS::ApiGateway::GatewayResponse",
            "Properties": {
                "RestApiId": {"Ref": "RestAPI"},
                "ResponseType": kind,
                "StatusCode": str(status),
                "ResponseTemplates": {"application/json": json.dumps(body)},
                "ResponseParameters": {
                    "gatewayresponse.header.Content-Type": "'application/problem+json'"
                },
            },
        }

    return {
        "MissingRouteResponse": problem(
            "MISSING_AUTHENTICATION_TOKEN",
            404,
            "NOT_FOUND",
            "Not found",
            "No such route or method.",
        ),
        "ThrottledResponse": problem(
            "THROTTLED", 429, "RATE_LIMITED", "Too many requests", "Slow down and retry shortly."
        ),
        "BodyTooLargeResponse": problem(
            "REQUEST_TOO_LARGE",
            413,
            "PAYLOAD_TOO_LARGE",
            "Payload too large",
            "The body is too large.",
        ),
    }


def merge_template(stage: ChaliceStage) -> dict[str, Any]:
    taken = {TABLE_ID, FAILURES_ID} & set(stage.resources)
    if taken:
        raise BuildError(f"Chalice already generates {sorted(taken)}")
    parameters = secret_parameters(stage)
    resources = {
        TABLE_ID: table_resource(stage),
        FAILURES_ID: failures_queue(stage),
        **function_overrides(stage),
        **role_overrides(stage),
        **gateway_responses(),
    }
    outputs = {
        "TableName": {"Value": {"Ref": TABLE_ID}},
        "TableStreamArn": {"Value": STREAM_ARN},
        "StreamFailuresQueueUrl": {"Value": {"Ref": FAILURES_ID}},
        "SigningKeysParameter": {"Value": parameters["SIGNING_KEYS_PARAMETER"]},
        "CursorSecretParameter": {"Value": parameters["CURSOR_SECRET_PARAMETER"]},
    }
    return {"Resources": resources, "Outputs": outputs}


def write_merge_template(stage: str, out: Path, project_dir: Path = ROOT) -> Path:
    template = merge_template(load_stage(stage, project_dir))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"merge-{stage}.json"
    path.write_text(json.dumps(template, indent=2, sort_keys=True) + "\n")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.build", description=__doc__)
    parser.add_argument("--stage", default="dev", choices=stages())
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    try:
        path = write_merge_template(args.stage, args.out)
    except BuildError as error:
        print(f"infra.build: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
