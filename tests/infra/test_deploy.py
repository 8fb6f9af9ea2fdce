"""make deploy up to the AWS calls: S3 and SSM on moto's server, CloudFormation recorded."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer

from infra import deploy

BUCKET = "comptoir-artifacts"
REGION = "eu-west-1"


class RecordedCloudFormation:
    """Records the calls; moto cannot run the SAM transform the template needs."""

    class exceptions:
        ClientError = ClientError

    def __init__(self, existing: bool = False) -> None:
        self.existing = existing
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def describe_stacks(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("describe_stacks", kwargs))
        if not self.existing:
            error = {"Code": "ValidationError", "Message": "Stack with id x does not exist"}
            raise ClientError({"Error": error}, "DescribeStacks")
        return {"Stacks": [{"StackStatus": "UPDATE_COMPLETE"}]}

    def create_change_set(self, **kwargs: Any) -> None:
        self.calls.append(("create_change_set", kwargs))

    def execute_change_set(self, **kwargs: Any) -> None:
        self.calls.append(("execute_change_set", kwargs))

    def get_waiter(self, name: str) -> Any:
        calls = self.calls

        class Waiter:
            def wait(self, **kwargs: Any) -> None:
                calls.append((f"wait:{name}", kwargs))

        return Waiter()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture()
def aws(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
    ssm = boto3.client("ssm", endpoint_url=endpoint, region_name=REGION)
    if BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    return {"s3": s3, "ssm": ssm}


def _secrets(ssm: Any, stage: str) -> None:
    for name in ("signing-keys", "cursor-secret"):
        ssm.put_parameter(
            Name=f"/comptoir/{stage}/{name}", Value="x", Type="SecureString", Overwrite=True
        )


def test_deploy_uploads_the_bundle_and_creates_the_stack(
    aws: dict[str, Any], dist: Path, tmp_path: Path
) -> None:
    _secrets(aws["ssm"], "prod")
    cloudformation = RecordedCloudFormation()
    clients = deploy.Clients(aws["s3"], aws["ssm"], cloudformation)
    argv = ["--stage", "prod", "--bucket", BUCKET, "--alarm-email", "ops@shop.example"]
    assert deploy.main([*argv, "--dist", str(dist)], clients=clients) == 0

    names = [name for name, _ in cloudformation.calls]
    assert names == [
        "describe_stacks",
        "create_change_set",
        "wait:change_set_create_complete",
        "execute_change_set",
        "wait:stack_create_complete",
    ]
    arguments = cloudformation.calls[1][1]
    assert arguments["StackName"] == "comptoir-prod"
    assert arguments["ChangeSetType"] == "CREATE"
    assert set(arguments["Capabilities"]) == {"CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"}
    parameters = {p["ParameterKey"]: p["ParameterValue"] for p in arguments["Parameters"]}
    assert parameters == {
        "AlarmEmail": "ops@shop.example",
        "CursorSecretParameter": "/comptoir/prod/cursor-secret",
        "SigningKeysParameter": "/comptoir/prod/signing-keys",
    }
    assert "TemplateBody" not in arguments
    key = arguments["TemplateURL"].split(f"/{BUCKET}/", 1)[1]
    template = json.loads(aws["s3"].get_object(Bucket=BUCKET, Key=key)["Body"].read())
    uploaded = {o["Key"]: o["Size"] for o in aws["s3"].list_objects_v2(Bucket=BUCKET)["Contents"]}
    sizes = {(dist / "bundle" / n).stat().st_size for n in ("function.zip", "documents-layer.zip")}
    assert sizes <= set(uploaded.values())
    for logical_id in ("APIHandler", "OnTableChange", "TenantChecks"):
        uri = template["Resources"][logical_id]["Properties"]["CodeUri"]
        assert uri.startswith(f"s3://{BUCKET}/comptoir/prod/code/") and uri.endswith(".zip")
        assert uri.split(f"s3://{BUCKET}/", 1)[1] in uploaded
    layer = template["Resources"]["DocumentsLayer"]["Properties"]["ContentUri"]
    assert layer.split(f"s3://{BUCKET}/", 1)[1] in uploaded


def test_a_second_deploy_updates_and_uploads_nothing_new(aws: dict[str, Any], dist: Path) -> None:
    _secrets(aws["ssm"], "prod")
    first = RecordedCloudFormation()
    deploy.deploy(deploy.Clients(aws["s3"], aws["ssm"], first), "prod", BUCKET, dist=dist)
    before = {o["Key"] for o in aws["s3"].list_objects_v2(Bucket=BUCKET)["Contents"]}
    again = RecordedCloudFormation(existing=True)
    arguments = deploy.deploy(
        deploy.Clients(aws["s3"], aws["ssm"], again), "prod", BUCKET, dist=dist
    )
    assert arguments["ChangeSetType"] == "UPDATE"
    assert ("wait:stack_update_complete", {"StackName": "comptoir-prod"}) in again.calls
    after = {o["Key"] for o in aws["s3"].list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert after == before


def test_missing_secrets_stop_the_deploy_before_any_upload(
    aws: dict[str, Any], dist: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "dist"
    shutil.copytree(dist / "dev", copy / "dev")
    shutil.copytree(dist / "bundle", copy / "bundle")
    for name in ("signing-keys", "cursor-secret"):
        with contextlib.suppress(ClientError):
            aws["ssm"].delete_parameter(Name=f"/comptoir/dev/{name}")
    cloudformation = RecordedCloudFormation()
    clients = deploy.Clients(aws["s3"], aws["ssm"], cloudformation)
    with pytest.raises(deploy.DeployError, match="/comptoir/dev/signing-keys"):
        deploy.deploy(clients, "dev", BUCKET, dist=copy)
    assert cloudformation.calls == []


def test_a_deploy_without_a_bucket_is_refused(aws: dict[str, Any], dist: Path) -> None:
    clients = deploy.Clients(aws["s3"], aws["ssm"], RecordedCloudFormation())
    assert deploy.main(["--stage", "prod", "--dist", str(dist)], clients=clients) == 1
