"""docs/operations.md says what to do for every alarm the template declares, and only those."""

from __future__ import annotations

import re
from pathlib import Path

from infra.build import load_stage, merge_template

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def test_every_alarm_has_its_row_in_the_operations_page() -> None:
    resources = merge_template(load_stage("prod"))["Resources"]
    alarms = {k for k, v in resources.items() if v.get("Type") == "AWS::CloudWatch::Alarm"}
    documented = set(re.findall(r"`(\w+Alarm)`", DOC.read_text()))
    assert alarms == documented
