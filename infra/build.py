"""Builds the template that `chalice package --merge-template` lays over Chalice's SAM template.

Chalice declares the functions, their roles, the API and the event sources, but not the table,
the failure queues, partial batch failures, stream filters, alarms or the API stage's settings.
This template adds those and overrides the generated resources by their logical ids: each
function gets its own role (infra/policies.yml), log group, the bundle of infra.bundle and
arm64. The ids come from Chalice's own template generator, run in-process without building
the deployment package, so a handler renamed in app.py cannot silently escape the override.

Chalice merges mappings key by key; lists and scalars in this template replace its values.

    python -m infra.build --stage prod [--out dist]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalice.package import PackageOptions

from infra import api, bundle, events, iam, observability

ROOT = Path(__file__).resolve().parents[1]
TABLE_ID = events.TABLE_ID
FAILURES_ID = events.STREAM_FAILURES
SCHEDULE_FAILURES_ID = events.SCHEDULE_FAILURES
LAYER_ID = "DocumentsLayer"
PROTECTED_STAGES = frozenset({"prod"})
# Environment variable -> the stack parameter that carries the SSM parameter's name.
SECRET_VARIABLES = {
    "SIGNING_KEYS_PARAMETER": "SigningKeysParameter",
    "CURSOR_SECRET_PARAMETER": "CursorSecretParameter",
}
ARCHITECTURE = bundle.DEFAULT_ARCHITECTURE
FUNCTION_ZIP = "../bundle/function.zip"
LAYER_ZIP = "../bundle/documents-layer.zip"

TABLE_ARN = {"Fn::GetAtt": [TABLE_ID, "Arn"]}
STREAM_ARN = events.STREAM_ARN
FAILURE_RETENTION_SECONDS = 14 * 24 * 3600
# Reserved concurrency: the stream needs one per shard (ParallelizationFactor 1).
CONCURRENCY_PARAMETERS = {
    "stream": ("StreamConcurrency", 10),
    "schedule": ("ScheduleConcurrency", 2),
}


class BuildError(Exception):
    """The Chalice project and the infrastructure disagree; nothing was written."""


@dataclass(frozen=True)
class ChaliceStage:
    """What Chalice generates for one stage, read before any deployment package exists."""

    name: str
    resources: dict[str, Any]
    environment: dict[str, str]
    paths: list[str]

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
    return ChaliceStage(
        name=stage,
        resources=template["Resources"],
        environment=dict(config.environment_variables),
        paths=sorted(config.chalice_app.routes),
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


def functions_of(stage: ChaliceStage) -> observability.Functions:
    kinds: dict[str, list[str]] = {kind: [] for kind in iam.KINDS}
    for logical_id, resource in stage.resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        try:
            kinds[iam.function_kind(logical_id, resource)].append(logical_id)
        except iam.PolicyError as error:
            raise BuildError(str(error)) from error
    if len(kinds["api"]) != 1:
        raise BuildError("app.py declares no REST API")
    if len(kinds["stream"]) != 1:
        raise BuildError("app.py declares no DynamoDB stream handler to configure")
    return observability.Functions(
        api=kinds["api"][0], stream=kinds["stream"][0], schedules=tuple(kinds["schedule"])
    )


def log_group_name(stage: ChaliceStage, logical_id: str) -> str:
    return f"/comptoir/{stage.name}/{logical_id}"


def function_override(
    stage: ChaliceStage, logical_id: str, kind: str, criteria: dict[str, Any]
) -> dict[str, Any]:
    """The deployed table, the bundle, arm64, tracing, its log group, its events' settings."""
    resource = stage.resources[logical_id]
    variables: dict[str, Any] = {"TABLE_NAME": {"Ref": TABLE_ID}, "TABLE_STREAM_ARN": STREAM_ARN}
    # Every function runs app.py: only the API function registers the routes (cold start).
    variables["COMPTOIR_FUNCTION"] = kind
    variables |= {variable: {"Ref": name} for variable, name in SECRET_VARIABLES.items()}
    properties: dict[str, Any] = {
        "Environment": {"Variables": variables},
        "CodeUri": FUNCTION_ZIP,
        "Architectures": [ARCHITECTURE],
        "Tracing": "Active",
        "LoggingConfig": {"LogGroup": {"Ref": f"{logical_id}Logs"}, "LogFormat": "Text"},
    }
    event_settings = {
        "DynamoDB": events.stream_event(criteria),
        "Schedule": events.schedule_event(),
    }
    overridden = {
        name: {"Properties": event_settings[event["Type"]]}
        for name, event in resource["Properties"].get("Events", {}).items()
        if event["Type"] in event_settings
    }
    if overridden:
        properties["Events"] = overridden
    if kind == "api":
        properties["Layers"] = [{"Ref": LAYER_ID}]
    if kind == "schedule":
        properties["EventInvokeConfig"] = events.schedule_invoke_config()
    if kind in CONCURRENCY_PARAMETERS:
        properties["ReservedConcurrentExecutions"] = {"Ref": CONCURRENCY_PARAMETERS[kind][0]}
    return {"Properties": properties}


def policy_refs(stage: ChaliceStage, logical_id: str) -> dict[str, Any]:
    parameters = (
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"
        f"{stage.secrets_prefix}*"
    )
    return {
        "table": TABLE_ARN,
        "indexes": {"Fn::Sub": f"${{{TABLE_ID}.Arn}}/index/*"},
        "stream": STREAM_ARN,
        "stream-failures": {"Fn::GetAtt": [FAILURES_ID, "Arn"]},
        "schedule-failures": {"Fn::GetAtt": [SCHEDULE_FAILURES_ID, "Arn"]},
        "secrets": {"Fn::Sub": parameters},
        "log-group": {"Fn::GetAtt": [f"{logical_id}Logs", "Arn"]},
    }


def function_resources(stage: ChaliceStage, functions: observability.Functions) -> dict[str, Any]:
    """Each function's override, its own role's policy and its own log group."""
    try:
        criteria = events.filter_criteria(events.handled_changes())
    except events.FilterError as error:
        raise BuildError(str(error)) from error
    found: dict[str, Any] = {}
    rules = []
    for logical_id in functions.all:
        resource = stage.resources[logical_id]
        kind = iam.function_kind(logical_id, resource)
        found[logical_id] = function_override(stage, logical_id, kind, criteria)
        role_id = iam.role_of(resource)
        found[role_id] = iam.role_policy(role_id, kind, policy_refs(stage, logical_id))
        found[f"{logical_id}Logs"] = observability.log_group(
            log_group_name(stage, logical_id), stage.name
        )
        rules += [
            f"{logical_id}{name}"
            for name, event in resource["Properties"].get("Events", {}).items()
            if event["Type"] == "Schedule"
        ]
    found["ScheduleFailuresPolicy"] = events.schedule_queue_policy(rules)
    return found


def documents_layer(stage: ChaliceStage) -> dict[str, Any]:
    return {
        "Type": "AWS::Serverless::LayerVersion",
        "Properties": {
            "LayerName": f"{stage.table_name}-documents",
            "Description": "PDF, XLSX and SVG chart rendering, imported on use",
            "ContentUri": LAYER_ZIP,
            "CompatibleRuntimes": [f"python{bundle.PYTHON_VERSION}"],
            "CompatibleArchitectures": [ARCHITECTURE],
            "RetentionPolicy": "Delete",
        },
    }


def api_resources(stage: ChaliceStage) -> dict[str, Any]:
    logs = iam.document(iam.API_GATEWAY_LOGS, {})
    return {
        api.API_ID: api.rest_api(
            stage.table_name, api.cors_origins(stage.environment), stage.paths
        ),
        api.ACCESS_LOGS: observability.log_group(log_group_name(stage, "api-access"), stage.name),
        **api.account_resources({"PolicyDocument": logs}),
    }


def secret_parameters(stage: ChaliceStage) -> dict[str, str]:
    """The SSM parameter names the functions read; they are created once, outside the stack."""
    names = {variable: stage.environment.get(variable, "") for variable in SECRET_VARIABLES}
    wrong = [v for v, name in names.items() if not name.startswith(stage.secrets_prefix)]
    if wrong:
        raise BuildError(f"{wrong} must name SSM parameters under {stage.secrets_prefix}")
    return names


def parameters(stage: ChaliceStage) -> dict[str, Any]:
    secrets = {
        name: {
            "Type": "String",
            "Default": secret_parameters(stage)[variable],
            "AllowedPattern": f"^{stage.secrets_prefix}[A-Za-z0-9_.-]+$",
            "Description": f"SSM SecureString parameter read as {variable}.",
        }
        for variable, name in SECRET_VARIABLES.items()
    }
    concurrency = {
        name: {
            "Type": "Number",
            "Default": default,
            "MinValue": 1,
            "Description": f"Reserved concurrency of the {kind} function(s).",
        }
        for kind, (name, default) in CONCURRENCY_PARAMETERS.items()
    }
    return {**secrets, **api.PARAMETERS, **observability.PARAMETERS, **concurrency}


def merge_template(stage: ChaliceStage) -> dict[str, Any]:
    ours = {TABLE_ID, FAILURES_ID, SCHEDULE_FAILURES_ID, LAYER_ID}
    taken = ours & set(stage.resources)
    if taken:
        raise BuildError(f"Chalice already generates {sorted(taken)}")
    functions = functions_of(stage)
    try:
        resources = {
            TABLE_ID: table_resource(stage),
            FAILURES_ID: events.failure_queue(
                f"{stage.table_name}-stream-failures", FAILURE_RETENTION_SECONDS
            ),
            SCHEDULE_FAILURES_ID: events.failure_queue(
                f"{stage.table_name}-schedule-failures", FAILURE_RETENTION_SECONDS
            ),
            LAYER_ID: documents_layer(stage),
            **function_resources(stage, functions),
            **api_resources(stage),
            **observability.topic_resources(),
            **observability.alarms(functions, stage.table_name),
            "Dashboard": observability.dashboard(functions, stage.table_name),
        }
    except (iam.PolicyError, events.FilterError) as error:
        raise BuildError(str(error)) from error
    outputs = {
        "TableName": {"Value": {"Ref": TABLE_ID}},
        "TableStreamArn": {"Value": STREAM_ARN},
        "StreamFailuresQueueUrl": {"Value": {"Ref": FAILURES_ID}},
        "ScheduleFailuresQueueUrl": {"Value": {"Ref": SCHEDULE_FAILURES_ID}},
        "AlarmTopicArn": {"Value": {"Ref": observability.TOPIC}},
        "SigningKeysParameter": {"Value": {"Ref": "SigningKeysParameter"}},
        "CursorSecretParameter": {"Value": {"Ref": "CursorSecretParameter"}},
    }
    return {
        "Parameters": parameters(stage),
        "Conditions": {**api.CONDITIONS, **observability.CONDITIONS},
        "Resources": resources,
        "Outputs": outputs,
    }


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
