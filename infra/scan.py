"""Lints and scans every packaged template: cfn-lint and checkov, on sam.json and on its SAM
transform (transformed.json, written beside it by samtranslator, offline).

Fails on any cfn-lint error or warning and on any checkov finding that infra/checkov-allow.yml
does not list with a reason. Runs in the scanners' own virtualenv (.venv-scan): it imports
nothing of the application.

    .venv-scan/bin/python -m infra.scan dist
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ALLOW_LIST = Path(__file__).with_name("checkov-allow.yml")
REGION = "eu-west-1"
PSEUDO_PARAMETERS = {
    "AWS::Region": REGION,
    "AWS::Partition": "aws",
    "AWS::AccountId": "123456789012",
    "AWS::StackName": "comptoir",
    "AWS::URLSuffix": "amazonaws.com",
}


@dataclass(frozen=True)
class Finding:
    stage: str
    template: str
    check: str
    resource: str
    title: str


class _NoManagedPolicies:
    """The roles carry inline policies only: the translator needs no IAM lookups."""

    def load(self) -> dict[str, str]:
        return {}


def sam_transform(sam: Path) -> Path:
    """The CloudFormation that SAM produces from sam.json; local code paths become S3 URIs."""
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    template = json.loads(sam.read_text())
    prepared = copy.deepcopy(template)
    for resource in prepared["Resources"].values():
        properties = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if isinstance(properties.get(key), str):
                properties[key] = f"s3://artifacts/{Path(properties[key]).name}"
    # The translator reads the region (for ARNs it builds) from the environment.
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    translator = Translator(managed_policy_map={}, sam_parser=Parser())
    try:
        transformed = translator.translate(
            sam_template=prepared, parameter_values=dict(PSEUDO_PARAMETERS)
        )
    except InvalidDocumentException as error:
        causes = "; ".join(str(cause) for cause in error.causes)
        raise SystemExit(f"infra.scan: SAM cannot transform {sam}: {causes}") from error
    out = sam.with_name("transformed.json")
    out.write_text(json.dumps(transformed, indent=1, sort_keys=True) + "\n")
    return out


def cfn_lint(templates: Sequence[Path]) -> list[str]:
    """cfn-lint's errors and warnings (informational notes are printed, not counted)."""
    executable = str(Path(sys.executable).with_name("cfn-lint"))
    command = [executable, "--regions", REGION, "--format", "parseable"]
    done = subprocess.run(
        [*command, "--", *map(str, templates)], capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    problems = [line for line in lines if ":E" in line or ":W" in line]
    if done.returncode not in (0, 2, 4, 6, 8, 10, 12, 14) or (done.stderr and not lines):
        problems.append(f"cfn-lint did not run: {done.stderr[-2000:]}")
    for line in lines:
        if line not in problems:
            print(f"  cfn-lint note: {line}")
    return problems


def checkov(templates: Sequence[Path]) -> list[Finding]:
    """One run over every stage's templates (checkov's start-up is most of its time)."""
    command = [sys.executable, "-m", "checkov.main", "--framework", "cloudformation"]
    command += ["--output", "json", "--quiet", "--skip-download", "--soft-fail"]
    for template in templates:
        command += ["--file", str(template)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        reports = json.loads(done.stdout)
    except ValueError as error:
        raise SystemExit(f"infra.scan: checkov did not run:\n{done.stderr[-3000:]}") from error
    findings = []
    for report in reports if isinstance(reports, list) else [reports]:
        for failed in report.get("results", {}).get("failed_checks", []):
            path = Path(failed["file_abs_path"])
            findings.append(
                Finding(
                    stage=path.parent.name,
                    template=path.name,
                    check=failed["check_id"],
                    resource=failed["resource"].split(".", 1)[-1],
                    title=failed.get("check_name", ""),
                )
            )
    return findings


def load_allow_list(path: Path = ALLOW_LIST) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text()) or []
    for entry in entries:
        if not str(entry.get("reason", "")).strip():
            raise SystemExit(f"infra.scan: {path.name}: {entry} has no reason")
    return entries


def allowed(finding: Finding, entries: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    for entry in entries:
        resources = entry.get("resources", ["*"])
        stages = entry.get("stages", [finding.stage])
        if (
            entry["check"] == finding.check
            and ("*" in resources or finding.resource in resources)
            and finding.stage in stages
        ):
            return entry
    return None


def scan(dist: Path) -> int:
    entries = load_allow_list()
    used: set[int] = set()
    failures: list[str] = []
    stages = sorted(p.parent.name for p in dist.glob("*/sam.json"))
    if not stages:
        raise SystemExit(f"infra.scan: no {dist}/<stage>/sam.json: run infra.package first")
    templates: list[Path] = []
    for stage in stages:
        sam = dist / stage / "sam.json"
        templates += [sam, sam_transform(sam)]
    started = time.monotonic()
    failures += [f"cfn-lint {line}" for line in cfn_lint(templates)]
    linted = time.monotonic()
    for finding in checkov(templates):
        entry = allowed(finding, entries)
        if entry is None:
            failures.append(
                f"checkov {finding.check} on {finding.resource} ({finding.stage}, "
                f"{finding.template}): {finding.title}"
            )
        else:
            used.add(id(entry))
    print(
        f"infra.scan: cfn-lint {linted - started:.0f} s, "
        f"checkov {time.monotonic() - linted:.0f} s, {len(templates)} templates"
    )
    for entry in entries:
        if id(entry) not in used:
            print(f"infra.scan: allow-list entry no longer needed: {entry['check']}")
    for failure in failures:
        print(f"  {failure}")
    print(f"infra.scan: {len(failures)} problem(s) in {', '.join(stages)}")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    return scan(Path(args[0] if args else "dist"))


if __name__ == "__main__":
    sys.exit(main())
