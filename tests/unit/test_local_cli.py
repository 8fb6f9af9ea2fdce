"""`python -m chalicelib.local`: local secrets, runtime.json, and `run` + `invoke` end to end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from chalicelib.local import runtime
from chalicelib.local.__main__ import invoke
from chalicelib.local.dynamo import free_port

PROJECT = Path(__file__).resolve().parents[2]


def test_secrets_are_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = runtime.load_or_create_secrets(tmp_path)
    second = runtime.load_or_create_secrets(tmp_path)

    assert first == second
    assert (tmp_path / "secrets.json").stat().st_mode & 0o777 == 0o600
    keys = json.loads(runtime.secrets_env(first)["SIGNING_KEYS_JSON"])
    pem = keys["keys"][keys["active"]]
    key = load_pem_private_key(pem.encode(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    assert key.curve.name == "secp256r1"
    assert len(bytes.fromhex(runtime.secrets_env(first)["CURSOR_SECRET"])) == 32


def test_runtime_file_is_found_only_while_its_process_lives(tmp_path: Path) -> None:
    runtime.write_runtime({"env": {"TABLE_NAME": "comptoir"}}, tmp_path)

    assert runtime.read_runtime(tmp_path) == {"env": {"TABLE_NAME": "comptoir"}, "pid": os.getpid()}
    runtime.remove_runtime(tmp_path)
    assert runtime.read_runtime(tmp_path) is None

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    (tmp_path / "runtime.json").write_text(json.dumps({"pid": int(dead.stdout), "env": {}}))
    assert runtime.read_runtime(tmp_path) is None


def test_invoke_without_a_running_instance_says_to_start_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(runtime, "LOCAL_DIR", tmp_path)

    assert invoke("tenant-checks") == 2
    assert "make run" in capsys.readouterr().err


def cli_env(local_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DYNAMODB"))}
    env.update(COMPTOIR_LOCAL_DIR=str(local_dir), PORT=str(port), DYNAMODB="moto")
    env.pop("TABLE_STREAM_ARN", None)
    env.pop("SIGNING_KEYS_JSON", None)
    env.pop("CURSOR_SECRET", None)
    return env


def wait_for_banner(process: subprocess.Popen[str], timeout: float = 60) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if line.startswith("Ctrl-C to stop"):
            return lines
    process.kill()
    raise AssertionError("no banner:\n" + "\n".join(lines))


def start_run(env: dict[str, str], log: IO[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "chalicelib.local", "run"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )


def test_run_serves_the_real_app_and_invoke_reaches_it(tmp_path: Path) -> None:
    port = free_port()
    env = cli_env(tmp_path, port)
    with (tmp_path / "run.log").open("w") as log:
        process = start_run(env, log)
        try:
            banner = wait_for_banner(process)
            url = f"http://127.0.0.1:{port}/v1/openapi.json"
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200
            stored = json.loads((tmp_path / "runtime.json").read_text())
            invoked = subprocess.run(
                [sys.executable, "-m", "chalicelib.local", "invoke", "tenant-checks"],
                cwd=PROJECT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            snapshot = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "chalicelib.local",
                    "invoke",
                    "kpi-snapshot",
                    "--date",
                    "2026-01-15",
                ],
                cwd=PROJECT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=30)

    assert banner[0] == f"Comptoir is running on http://127.0.0.1:{port}  (DynamoDB: moto)"
    assert stored["pid"] == process.pid
    assert stored["env"]["TABLE_STREAM_ARN"].startswith("arn:aws:dynamodb:")
    assert invoked.returncode == 0, invoked.stderr
    assert snapshot.returncode == 0, snapshot.stderr
    taken = json.loads(snapshot.stdout)
    assert taken["tenants"] >= 1 and taken["failures"] == 0
    assert taken["findings"]["kpi-snapshot"] > taken["tenants"]  # the tenant's and each store's
    assert process.returncode == 0, (tmp_path / "run.log").read_text()
    assert not (tmp_path / "runtime.json").exists()
    assert (tmp_path / "secrets.json").exists()


def test_make_run_lets_a_local_web_client_call_the_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.local.__main__ import _prepare_env

    monkeypatch.setattr(runtime, "LOCAL_DIR", tmp_path)
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k != "CORS_ORIGINS"})
    _prepare_env()
    assert os.environ["CORS_ORIGINS"] == "http://localhost:3000,http://127.0.0.1:3000"
    deployed = json.loads((PROJECT / ".chalice" / "config.json").read_text())
    stages = [deployed, *deployed["stages"].values()]
    allowed = [s.get("environment_variables", {}).get("CORS_ORIGINS", "") for s in stages]
    assert not any("localhost" in origins or "127.0.0.1" in origins for origins in allowed)
