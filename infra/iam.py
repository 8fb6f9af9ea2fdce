"""One role per function, each with the statements of its kind in infra/policies.yml.

A function's kind follows from what Chalice generated: the REST API's handler is `api`, a
function with a DynamoDB event is `stream`, one with a Schedule event is `schedule`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

POLICIES = Path(__file__).with_name("policies.yml")
KINDS = ("api", "stream", "schedule")
API_GATEWAY_LOGS = "api-gateway-logs"
JUSTIFICATION = re.compile(r"#\s*wildcard:\s*(\S.*)")


class PolicyError(Exception):
    """infra/policies.yml names a resource or a kind the build does not know."""


def load_policies(path: Path = POLICIES) -> dict[str, list[dict[str, Any]]]:
    policies: dict[str, list[dict[str, Any]]] = yaml.safe_load(path.read_text())
    return policies


def justifications(path: Path = POLICIES) -> dict[tuple[str, str], str]:
    """(kind, Sid) -> the reason given in a `# wildcard:` comment inside that statement."""
    reasons: dict[tuple[str, str], str] = {}
    kind = sid = ""
    for line in path.read_text().splitlines():
        top = re.match(r"^([A-Za-z][\w-]*):\s*$", line)
        statement = re.match(r"^\s*-\s*Sid:\s*(\S+)", line)
        comment = JUSTIFICATION.search(line)
        if top:
            kind, sid = top.group(1), ""
        elif statement:
            sid = statement.group(1)
        elif comment and kind and sid:
            reasons[(kind, sid)] = comment.group(1)
    return reasons


def function_kind(logical_id: str, resource: dict[str, Any]) -> str:
    events = resource["Properties"].get("Events", {}).values()
    types = {event["Type"] for event in events}
    if "DynamoDB" in types:
        return "stream"
    if "Schedule" in types:
        return "schedule"
    if logical_id == "APIHandler":
        return "api"
    raise PolicyError(f"{logical_id} is not the API handler, a stream handler or a schedule")


def role_of(resource: dict[str, Any]) -> str:
    role = resource["Properties"]["Role"]
    return str(role["Fn::GetAtt"][0])


def resolve(name: str, refs: dict[str, Any]) -> Any:
    if name in refs:
        return refs[name]
    if "*" in name or name.startswith("arn:"):
        return {"Fn::Sub": name} if "${" in name else name
    raise PolicyError(f"infra/policies.yml names an unknown resource {name!r}")


def document(kind: str, refs: dict[str, Any], path: Path = POLICIES) -> dict[str, Any]:
    """The policy document of one kind, its resource names resolved to this stack."""
    policies = load_policies(path)
    if kind not in policies:
        raise PolicyError(f"infra/policies.yml has no statements for {kind!r}")
    statements = [
        {
            "Sid": statement["Sid"],
            "Effect": "Allow",
            "Action": list(statement["Action"]),
            "Resource": [resolve(name, refs) for name in statement["Resource"]],
        }
        for statement in policies[kind]
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def role_policy(role_id: str, kind: str, refs: dict[str, Any]) -> dict[str, Any]:
    return {
        "Properties": {
            "Policies": [{"PolicyName": f"{role_id}Policy", "PolicyDocument": document(kind, refs)}]
        }
    }


def has_wildcard(value: Any) -> bool:
    """A `*` in a literal or a Fn::Sub string (a GetAtt's `:*` suffix is the resource's own)."""
    if isinstance(value, str):
        return "*" in value
    if isinstance(value, dict) and "Fn::Sub" in value:
        sub = value["Fn::Sub"]
        return has_wildcard(sub if isinstance(sub, str) else sub[0])
    if isinstance(value, list):
        return any(has_wildcard(v) for v in value)
    return False
