"""The REST API's stage and the gateway's own answers.

API Gateway answers some requests itself (no such route, throttled, body too large, the
function failed or timed out). Those answers are declared inside the swagger body
(`x-amazon-apigateway-gateway-responses`), so they are live with the first deployment and
cannot drift from it, and they are problem+json with the headers the app sends.
"""

from __future__ import annotations

import json
from typing import Any

API_ID = "RestAPI"
ACCESS_LOGS = "ApiAccessLogs"
ACCOUNT = "ApiGatewayAccount"
ACCOUNT_ROLE = "ApiGatewayLogsRole"
MANAGE_ACCOUNT = "ManageApiGatewayAccount"
HSTS = "max-age=31536000; includeSubDomains"
PROBLEM_BASE = "https://comptoir.app/problems/"

# Response type -> (status, code, title, detail, Retry-After seconds or None).
GATEWAY_ANSWERS: dict[str, tuple[int, str, str, str, int | None]] = {
    "MISSING_AUTHENTICATION_TOKEN": (
        404,
        "NOT_FOUND",
        "Not found",
        "No such route or method.",
        None,
    ),
    "RESOURCE_NOT_FOUND": (404, "NOT_FOUND", "Not found", "No such route or method.", None),
    "UNAUTHORIZED": (
        401,
        "UNAUTHENTICATED",
        "Unauthenticated",
        "A valid bearer token is required.",
        None,
    ),
    "THROTTLED": (429, "RATE_LIMITED", "Too many requests", "Slow down and retry shortly.", 1),
    "QUOTA_EXCEEDED": (
        429,
        "RATE_LIMITED",
        "Too many requests",
        "Slow down and retry shortly.",
        60,
    ),
    "REQUEST_TOO_LARGE": (
        413,
        "PAYLOAD_TOO_LARGE",
        "Payload too large",
        "The body is too large.",
        None,
    ),
    "UNSUPPORTED_MEDIA_TYPE": (
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Unsupported media type",
        "Send the body as application/json.",
        None,
    ),
    "INTEGRATION_TIMEOUT": (
        503,
        "UNAVAILABLE",
        "Service unavailable",
        "The request took too long; retry it.",
        1,
    ),
    "INTEGRATION_FAILURE": (
        503,
        "UNAVAILABLE",
        "Service unavailable",
        "The service failed to answer; retry it.",
        1,
    ),
    "DEFAULT_4XX": (403, "FORBIDDEN", "Forbidden", "The gateway refused the request.", None),
    "DEFAULT_5XX": (
        500,
        "INTERNAL",
        "Internal error",
        "The service failed to answer; retry it.",
        1,
    ),
}

ACCESS_LOG_FORMAT = json.dumps(
    {
        "request_id": "$context.requestId",
        "at": "$context.requestTime",
        "ip": "$context.identity.sourceIp",
        "method": "$context.httpMethod",
        "path": "$context.path",
        "status": "$context.status",
        "bytes": "$context.responseLength",
        "latency_ms": "$context.responseLatency",
        "integration_ms": "$context.integrationLatency",
        "error": "$context.error.responseType",
        "user_agent": "$context.identity.userAgent",
    },
    separators=(",", ":"),
)


def cors_origins(environment: dict[str, str]) -> list[str]:
    """The stage's CORS_ORIGINS setting: comma-separated origins, empty for none."""
    raw = environment.get("CORS_ORIGINS", "")
    return [origin.strip() for origin in raw.split(",") if origin.strip()]


def answer_headers(origins: list[str], retry_after: int | None) -> dict[str, str]:
    """The headers every answer carries; CORS only when one origin is allowed (a gateway
    answer cannot choose among several by the request's Origin)."""
    headers = {
        "Content-Type": "application/problem+json",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "Strict-Transport-Security": HSTS,
    }
    if len(origins) == 1:
        headers["Access-Control-Allow-Origin"] = origins[0]
        headers["Vary"] = "Origin"
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return {f"gatewayresponse.header.{name}": f"'{value}'" for name, value in headers.items()}


def gateway_responses(origins: list[str]) -> dict[str, Any]:
    responses = {}
    for kind, (status, code, title, detail, retry_after) in GATEWAY_ANSWERS.items():
        body = {
            "type": PROBLEM_BASE + code.lower().replace("_", "-"),
            "title": title,
            "status": status,
            "code": code,
            "detail": detail,
            "request_id": "$context.requestId",
        }
        responses[kind] = {
            "statusCode": str(status),
            "responseParameters": answer_headers(origins, retry_after),
            "responseTemplates": {"application/json": json.dumps(body)},
        }
    return responses


def preflight_paths(paths: list[str]) -> dict[str, Any]:
    """OPTIONS on every route reaches the app, which answers preflights per CORS_ORIGINS."""
    uri = {
        "Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31"
        "/functions/${APIHandler.Arn}/invocations"
    }
    integration = {
        "type": "aws_proxy",
        "httpMethod": "POST",
        "uri": uri,
        "passthroughBehavior": "when_no_match",
        "contentHandling": "CONVERT_TO_TEXT",
    }
    return {
        path: {
            "options": {
                "consumes": ["application/json"],
                "produces": ["application/json"],
                "responses": {"204": {"description": "preflight answer"}},
                "x-amazon-apigateway-integration": integration,
            }
        }
        for path in sorted(paths)
    }


def rest_api(name: str, origins: list[str], paths: list[str]) -> dict[str, Any]:
    """Overrides of Chalice's RestAPI: no extra `Stage` stage, throttling, logs, tracing."""
    body: dict[str, Any] = {"x-amazon-apigateway-gateway-responses": gateway_responses(origins)}
    if origins:
        body["paths"] = preflight_paths(paths)
    method_settings = {
        "ResourcePath": "/*",
        "HttpMethod": "*",
        "ThrottlingRateLimit": {"Ref": "ThrottleRateLimit"},
        "ThrottlingBurstLimit": {"Ref": "ThrottleBurstLimit"},
        "MetricsEnabled": True,
        "LoggingLevel": "ERROR",
        "DataTraceEnabled": False,
    }
    return {
        "Properties": {
            "Name": name,
            # Any value removes the `Stage` stage SAM otherwise adds beside `api`.
            "OpenApiVersion": "2.0",
            "DefinitionBody": body,
            "TracingEnabled": True,
            "MethodSettings": [method_settings],
            "AccessLogSetting": {
                "DestinationArn": {"Fn::GetAtt": [ACCESS_LOGS, "Arn"]},
                "Format": ACCESS_LOG_FORMAT,
            },
            # A reference to the account settings orders the first deployment after them:
            # API Gateway refuses stage logging until its CloudWatch role is set.
            "Variables": {"logsRole": {"Fn::If": [MANAGE_ACCOUNT, {"Ref": ACCOUNT}, "account"]}},
        }
    }


def account_resources(role_policy: dict[str, Any]) -> dict[str, Any]:
    """API Gateway's account-wide CloudWatch role, set by this stack unless told not to."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "apigateway.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    return {
        ACCOUNT_ROLE: {
            "Type": "AWS::IAM::Role",
            "Condition": MANAGE_ACCOUNT,
            "Properties": {
                "AssumeRolePolicyDocument": trust,
                "Policies": [{"PolicyName": f"{ACCOUNT_ROLE}Policy", **role_policy}],
            },
        },
        ACCOUNT: {
            "Type": "AWS::ApiGateway::Account",
            "Condition": MANAGE_ACCOUNT,
            "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": [ACCOUNT_ROLE, "Arn"]}},
        },
    }


PARAMETERS = {
    "ThrottleRateLimit": {
        "Type": "Number",
        "Default": 100,
        "MinValue": 1,
        "Description": "Requests per second the API stage accepts (steady rate), all routes.",
    },
    "ThrottleBurstLimit": {
        "Type": "Number",
        "Default": 200,
        "MinValue": 1,
        "Description": "Requests the API stage accepts in a burst, all routes.",
    },
    "ApiGatewayAccountSetup": {
        "Type": "String",
        "AllowedValues": ["true", "false"],
        "Default": "true",
        "Description": "Set API Gateway's account-wide CloudWatch role (once per account "
        "and region; false where another stack already does).",
    },
}
CONDITIONS = {MANAGE_ACCOUNT: {"Fn::Equals": [{"Ref": "ApiGatewayAccountSetup"}, "true"]}}
