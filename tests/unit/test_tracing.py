"""X-Ray: the SDK is imported on the first traced invocation, never at import or locally."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATCHED = (
    "import botocore.client as c; "
    "print(type(c.BaseClient.__dict__['_make_api_call']).__name__ == 'FunctionWrapper')"
)


def _run(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("AWS_XRAY_DAEMON_ADDRESS",)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "AWS_DEFAULT_REGION": "eu-west-1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_app_does_not_import_the_sdk() -> None:
    code = "import sys, app; print('aws_xray_sdk' in sys.modules)"
    traced = {"AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000", "LAMBDA_TASK_ROOT": "/var/task"}
    assert _run(code, **traced) == "False"


def test_a_traced_invocation_patches_botocore_once() -> None:
    code = (
        "from chalicelib.tracing import trace_aws_calls; "
        "print(trace_aws_calls(), trace_aws_calls()); " + PATCHED
    )
    traced = {"AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000", "LAMBDA_TASK_ROOT": "/var/task"}
    assert _run(code, **traced).splitlines() == ["True True", "True"]


def test_locally_nothing_is_patched() -> None:
    code = (
        "import sys; from chalicelib.tracing import trace_aws_calls; "
        "print(trace_aws_calls(), 'aws_xray_sdk' in sys.modules); " + PATCHED
    )
    assert _run(code).splitlines() == ["False False", "False"]
