"""`make deploy STAGE=prod BUCKET=...`: upload what `make package` wrote and deploy the stack.

What `aws cloudformation package` and `aws cloudformation deploy --s3-bucket` do, with boto3:
the function zip and the layer go to S3 under their content hash, the template that points at
them goes there too (a template over 51 200 bytes must be passed by URL), then one change set
creates or updates the stack `comptoir-<stage>` and is executed once it is ready.

Before anything is uploaded the stage's two SSM secrets must exist (infra/README.md says how
to create them): a stack without them would deploy and fail on its first request.

    python -m infra.deploy --stage prod --bucket my-artifacts [--alarm-email ops@example.com]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]
PREFIX = "comptoir"


class DeployError(Exception):
    """Something the operator must fix before the stack can be deployed."""


@dataclass(frozen=True)
class Clients:
    s3: Any
    ssm: Any
    cloudformation: Any


def aws_clients(region: str | None) -> Clients:
    import boto3

    session = boto3.session.Session(region_name=region)
    return Clients(
        s3=session.client("s3"),
        ssm=session.client("ssm"),
        cloudformation=session.client("cloudformation"),
    )


def stack_name(stage: str) -> str:
    return f"{PREFIX}-{stage}"


def upload(clients: Clients, bucket: str, path: Path, key_prefix: str) -> str:
    """Uploads a file under its content hash (once), returns its key."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    key = f"{key_prefix}/{digest}{path.suffix}"
    try:
        clients.s3.head_object(Bucket=bucket, Key=key)
    except clients.s3.exceptions.ClientError:
        clients.s3.upload_file(str(path), bucket, key)
    return key


def read_template(stage: str, dist: Path) -> dict[str, Any]:
    sam = dist / stage / "sam.json"
    if not sam.is_file():
        raise DeployError(f"{sam} is missing: run make package first")
    template: dict[str, Any] = json.loads(sam.read_text())
    return template


def package_code(
    clients: Clients, template: dict[str, Any], stage: str, bucket: str, dist: Path
) -> None:
    """Replaces every local code path of the template by the S3 URI of its upload."""
    sam = dist / stage / "sam.json"
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        for field in ("CodeUri", "ContentUri"):
            local = properties.get(field)
            if isinstance(local, str) and not local.startswith("s3://"):
                key = upload(clients, bucket, sam.parent / local, f"{PREFIX}/{stage}/code")
                properties[field] = f"s3://{bucket}/{key}"


def check_secrets(clients: Clients, template: dict[str, Any]) -> dict[str, str]:
    """The names the stack will read, each checked to exist (its value is never read)."""
    names = {
        name: str(parameter["Default"])
        for name, parameter in template.get("Parameters", {}).items()
        if name in ("SigningKeysParameter", "CursorSecretParameter")
    }
    missing = []
    for name in names.values():
        try:
            clients.ssm.get_parameter(Name=name, WithDecryption=False)
        except clients.ssm.exceptions.ParameterNotFound:
            missing.append(name)
    if missing:
        raise DeployError(f"create the SSM parameters {missing} first (see infra/README.md)")
    return names


def stack_exists(clients: Clients, name: str) -> bool:
    try:
        stacks = clients.cloudformation.describe_stacks(StackName=name)["Stacks"]
    except clients.cloudformation.exceptions.ClientError as error:
        if "does not exist" in str(error):
            return False
        raise
    return bool(stacks) and stacks[0]["StackStatus"] != "REVIEW_IN_PROGRESS"


def change_set_arguments(
    stage: str, template_url: str, parameters: dict[str, str], exists: bool
) -> dict[str, Any]:
    return {
        "StackName": stack_name(stage),
        "ChangeSetName": f"{PREFIX}-{stage}-{int(time.time())}",
        "ChangeSetType": "UPDATE" if exists else "CREATE",
        "TemplateURL": template_url,
        "Capabilities": CAPABILITIES,
        "Parameters": [
            {"ParameterKey": key, "ParameterValue": value}
            for key, value in sorted(parameters.items())
        ],
        "Tags": [{"Key": "app", "Value": PREFIX}, {"Key": "stage", "Value": stage}],
    }


def deploy(
    clients: Clients, stage: str, bucket: str, alarm_email: str = "", dist: Path = ROOT / "dist"
) -> dict[str, Any]:
    """Uploads, creates the change set and executes it; returns the change set's arguments."""
    if not bucket:
        raise DeployError("name the artifact bucket: make deploy STAGE=prod BUCKET=...")
    template = read_template(stage, dist)
    parameters = check_secrets(clients, template)
    package_code(clients, template, stage, bucket, dist)
    if alarm_email:
        parameters["AlarmEmail"] = alarm_email
    packaged = dist / stage / "packaged.json"
    packaged.write_text(json.dumps(template, indent=1, sort_keys=True) + "\n")
    key = upload(clients, bucket, packaged, f"{PREFIX}/{stage}/templates")
    url = clients.s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=3600
    )
    exists = stack_exists(clients, stack_name(stage))
    arguments = change_set_arguments(stage, url.split("?", 1)[0], parameters, exists)
    cloudformation = clients.cloudformation
    cloudformation.create_change_set(**arguments)
    names = {"StackName": arguments["StackName"], "ChangeSetName": arguments["ChangeSetName"]}
    cloudformation.get_waiter("change_set_create_complete").wait(**names)
    cloudformation.execute_change_set(**names)
    done = "stack_update_complete" if exists else "stack_create_complete"
    cloudformation.get_waiter(done).wait(StackName=arguments["StackName"])
    return arguments


def main(argv: Sequence[str] | None = None, clients: Clients | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.deploy", description=__doc__)
    parser.add_argument("--stage", required=True)
    parser.add_argument("--bucket", default="")
    parser.add_argument("--alarm-email", default="")
    parser.add_argument("--region", default=None)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    try:
        arguments = deploy(
            clients or aws_clients(args.region),
            args.stage,
            args.bucket,
            args.alarm_email,
            args.dist,
        )
    except DeployError as error:
        print(f"infra.deploy: {error}", file=sys.stderr)
        return 1
    print(f"infra.deploy: {arguments['StackName']} {arguments['ChangeSetType'].lower()}d")
    return 0


if __name__ == "__main__":
    sys.exit(main())
