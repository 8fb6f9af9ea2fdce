"""Deployed, the signing keys and the cursor secret come from SSM Parameter Store."""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from chalicelib import pagination
from chalicelib.auth import keys
from chalicelib.config import get_settings
from tests.support import changed_settings

DEPLOYED_ENV: dict[str, str | None] = {
    "STAGE": "prod",
    "SIGNING_KEYS_JSON": None,
    "CURSOR_SECRET": None,
    "SIGNING_KEYS_PARAMETER": "/comptoir/prod/signing-keys",
    "CURSOR_SECRET_PARAMETER": "/comptoir/prod/cursor-secret",
}


@pytest.fixture
def deployed() -> Iterator[object]:
    """The environment of a deployed stage, restored (and the settings re-read) afterwards."""
    try:
        with changed_settings(**DEPLOYED_ENV), mock_aws():
            yield boto3.client("ssm", region_name="eu-west-1")
    finally:
        pagination._secret.cache_clear()


def test_signing_keys_are_read_from_the_parameter(deployed: object) -> None:
    ssm = deployed
    ssm.put_parameter(  # type: ignore[attr-defined]
        Name="/comptoir/prod/signing-keys",
        Value=keys.generate_key_set("k-2026"),
        Type="SecureString",
    )
    ring = keys._load()
    assert ring.active_kid == "k-2026" and ring.public_key("k-2026") is not None


def test_the_cursor_secret_is_read_from_the_parameter(deployed: object) -> None:
    ssm = deployed
    ssm.put_parameter(  # type: ignore[attr-defined]
        Name="/comptoir/prod/cursor-secret", Value="s3cret-from-ssm", Type="SecureString"
    )
    pagination._secret.cache_clear()
    assert pagination._secret() == b"s3cret-from-ssm"


def test_without_a_parameter_a_deployed_stage_refuses_to_sign(deployed: object) -> None:
    os.environ.pop("SIGNING_KEYS_PARAMETER")
    get_settings.cache_clear()
    with pytest.raises(RuntimeError):
        keys._load()
