"""Settings read once from the environment into one frozen object."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

LOCAL_STAGES = frozenset({"local", "test"})
ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Settings:
    stage: str
    table_name: str
    region: str
    dynamodb_endpoint: str | None
    stream_arn: str
    jwt_issuer: str
    jwt_audience: str
    signing_keys_parameter: str | None
    signing_keys_json: str | None
    cursor_secret: str | None
    cursor_secret_parameter: str | None
    access_token_ttl: int = 15 * 60
    refresh_token_ttl: int = 30 * 24 * 3600
    max_body_bytes: int = 256 * 1024
    log_level: str = "INFO"
    # How long a container trusts its last read of a session and its user (API.md: 60 s).
    access_check_seconds: int = 60
    # Attempts per fixed window (API.md, rate limits); 0 turns a limit off.
    rate_limit_login_per_email: int = 10
    rate_limit_login_per_ip: int = 100
    rate_limit_refresh_per_session: int = 10
    rate_limit_signup_per_ip: int = 20
    cors_origins: frozenset[str] = frozenset()
    # Strict-Transport-Security max-age; 0 sends none (local HTTP).
    hsts_seconds: int = 0
    # Which Lambda function runs app.py (set by infra): only `api` loads the routes.
    function: str = "api"

    @property
    def is_local(self) -> bool:
        return self.stage in LOCAL_STAGES

    @property
    def serves_routes(self) -> bool:
        return self.function == "api"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    return int(_env(name) or default)


def _origins(text: str | None) -> frozenset[str]:
    """`CORS_ORIGINS`: comma-separated origins such as `https://shop.example.cm`."""
    return frozenset(o.strip().rstrip("/") for o in (text or "").split(",") if o.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    stage = _env("STAGE", "local") or "local"
    region = _env("AWS_REGION") or _env("AWS_DEFAULT_REGION") or "eu-west-1"
    return Settings(
        stage=stage,
        table_name=_env("TABLE_NAME", "comptoir") or "comptoir",
        region=region,
        dynamodb_endpoint=_env("DYNAMODB_ENDPOINT"),
        stream_arn=_env(
            "TABLE_STREAM_ARN",
            f"arn:aws:dynamodb:{region}:000000000000:table/comptoir/stream/local",
        )
        or "",
        jwt_issuer=_env("JWT_ISSUER", "comptoir") or "comptoir",
        jwt_audience=_env("JWT_AUDIENCE", "comptoir-api") or "comptoir-api",
        signing_keys_parameter=_env("SIGNING_KEYS_PARAMETER"),
        signing_keys_json=_env("SIGNING_KEYS_JSON"),
        cursor_secret=_env("CURSOR_SECRET"),
        cursor_secret_parameter=_env("CURSOR_SECRET_PARAMETER"),
        max_body_bytes=_int("MAX_BODY_BYTES", 256 * 1024),
        log_level=_env("LOG_LEVEL", "INFO") or "INFO",
        access_check_seconds=_int("ACCESS_CHECK_SECONDS", 60),
        rate_limit_login_per_email=_int("RATE_LIMIT_LOGIN_PER_EMAIL", 10),
        rate_limit_login_per_ip=_int("RATE_LIMIT_LOGIN_PER_IP", 100),
        rate_limit_refresh_per_session=_int("RATE_LIMIT_REFRESH_PER_SESSION", 10),
        rate_limit_signup_per_ip=_int("RATE_LIMIT_SIGNUP_PER_IP", 20),
        cors_origins=_origins(_env("CORS_ORIGINS")),
        hsts_seconds=_int("HSTS_SECONDS", 0 if stage in LOCAL_STAGES else ONE_YEAR),
        function=_env("COMPTOIR_FUNCTION", "api") or "api",
    )


def read_parameter(name: str) -> str:
    """A SecureString from SSM Parameter Store (deployed secrets live there, never in env)."""
    # The process's botocore session: no boto3 import (~130 ms) and no second session.
    from chalicelib import aws

    response = aws.client("ssm").get_parameter(Name=name, WithDecryption=True)
    return str(response["Parameter"]["Value"])
