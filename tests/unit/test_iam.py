"""Least privilege: every wildcard in a role of the template is justified in infra/policies.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infra import iam
from infra.build import load_stage, merge_template


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return merge_template(load_stage("prod"))


def _roles(template: dict[str, Any]) -> dict[str, str]:
    """Role logical id -> the kind its policy comes from (the functions' and API Gateway's)."""
    resources = template["Resources"]
    kinds = {
        iam.role_of(load_stage("prod").resources[f]): iam.function_kind(
            f, load_stage("prod").resources[f]
        )
        for f in ("APIHandler", "OnTableChange", "TenantChecks")
    }
    kinds["ApiGatewayLogsRole"] = iam.API_GATEWAY_LOGS
    assert {r for r, v in resources.items() if v.get("Type") == "AWS::IAM::Role"} <= set(kinds)
    return kinds


def unjustified_wildcards(template: dict[str, Any], policies: Path) -> list[str]:
    reasons = iam.justifications(policies)
    found = []
    for role_id, kind in _roles(template).items():
        properties = template["Resources"][role_id]["Properties"]
        for policy in properties["Policies"]:
            for statement in policy["PolicyDocument"]["Statement"]:
                wild = iam.has_wildcard(statement["Action"]) or iam.has_wildcard(
                    statement["Resource"]
                )
                if wild and (kind, statement["Sid"]) not in reasons:
                    found.append(f"{role_id}/{statement['Sid']}")
    return found


def test_every_wildcard_in_the_roles_is_justified(template: dict[str, Any]) -> None:
    assert unjustified_wildcards(template, iam.POLICIES) == []


def test_a_wildcard_without_its_comment_fails(template: dict[str, Any], tmp_path: Path) -> None:
    text = iam.POLICIES.read_text()
    stripped = text.replace(
        "    # wildcard: dynamodb:ListStreams has no resource-level permission;",
        "    # dynamodb:ListStreams has no resource-level permission;",
    )
    assert stripped != text
    policies = tmp_path / "policies.yml"
    policies.write_text(stripped)
    assert unjustified_wildcards(template, policies) == ["OnTableChangeRole/ListStreams"]


def test_wildcards_hide_in_literals_and_substitutions_not_in_attributes() -> None:
    assert iam.has_wildcard(["*"])
    assert iam.has_wildcard([{"Fn::Sub": "${Table.Arn}/index/*"}])
    assert iam.has_wildcard(["dynamodb:*"])
    assert not iam.has_wildcard([{"Fn::GetAtt": ["Table", "Arn"]}])
    assert not iam.has_wildcard(["dynamodb:GetItem"])


def test_no_role_may_create_log_groups_or_reach_other_tables(template: dict[str, Any]) -> None:
    for role_id, kind in _roles(template).items():
        if kind == iam.API_GATEWAY_LOGS:
            continue
        document = template["Resources"][role_id]["Properties"]["Policies"][0]["PolicyDocument"]
        for statement in document["Statement"]:
            assert "logs:CreateLogGroup" not in statement["Action"], role_id
            assert not any(a.endswith(":*") for a in statement["Action"]), role_id
            assert "arn:aws:dynamodb:*:*:table/comptoir-*" not in str(statement["Resource"])


def test_an_unknown_resource_name_is_refused(tmp_path: Path) -> None:
    policies = tmp_path / "policies.yml"
    policies.write_text(
        "api:\n  - Sid: Other\n    Action: [dynamodb:GetItem]\n    Resource: [other-table]\n"
    )
    with pytest.raises(iam.PolicyError, match="other-table"):
        iam.document("api", {}, policies)
