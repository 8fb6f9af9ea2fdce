"""`python -m chalicelib.local run|invoke <job>`: the whole app on this machine.

`run` reads DYNAMODB (moto | local), HOST, PORT, TABLE_NAME; it starts the embedded DynamoDB,
creates the table, imports app.py, seeds the demo tenant, then serves HTTP, pumps the stream
and runs the schedules until Ctrl-C or SIGTERM. `invoke` runs one scheduled job now, in this
process, against the DynamoDB of the running `run` (found through `.local/runtime.json`).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from types import FrameType, ModuleType
from typing import Any

from chalicelib.db.table import create_table
from chalicelib.local import runtime
from chalicelib.local.dynamo import EmbeddedDynamoDB, Kind, dynamodb_clients
from chalicelib.local.pump import pumps_for_app
from chalicelib.local.scheduler import Scheduler, scheduled_jobs
from chalicelib.local.server import DevServer

logger = logging.getLogger("comptoir.local")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _prepare_env() -> None:
    """Everything app.py reads at import, except the endpoint and stream known after start."""
    runtime.apply_env(runtime.DUMMY_AWS_ENV, override=False)
    runtime.apply_env({"STAGE": "local", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled"})
    runtime.apply_env(
        {"TABLE_NAME": "comptoir", "CORS_ORIGINS": runtime.LOCAL_CORS_ORIGINS}, override=False
    )
    runtime.apply_env(runtime.secrets_env(runtime.load_or_create_secrets()), override=False)


def _region() -> str:
    return os.environ.get("AWS_REGION") or runtime.DUMMY_AWS_ENV["AWS_REGION"]


def _import_app() -> ModuleType:
    project = str(runtime.PROJECT_DIR)
    if project not in sys.path:
        sys.path.insert(0, project)
    return importlib.import_module("app")


def _seed_demo() -> list[str]:
    if importlib.util.find_spec("chalicelib.seed") is None:
        return ["(no chalicelib/seed.py yet: demo tenant not seeded)"]
    seed = importlib.import_module("chalicelib.seed")
    return [str(line) for line in seed.seed_demo()]


def _embedded_dynamodb() -> EmbeddedDynamoDB:
    kind = os.environ.get("DYNAMODB", "moto") or "moto"
    if kind not in ("moto", "local"):
        raise SystemExit(f"DYNAMODB must be 'moto' or 'local', not {kind!r}")
    chosen: Kind = "local" if kind == "local" else "moto"
    data_dir = runtime.LOCAL_DIR / "dynamodb" if chosen == "local" else None
    return EmbeddedDynamoDB(chosen, data_dir=data_dir)


def _stop_on_signals(stop: threading.Event) -> None:
    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, handle)


def _banner(url: str, kind: str, lines: list[str]) -> str:
    return "\n".join(
        [
            f"Comptoir is running on {url}  (DynamoDB: {kind})",
            f"  API docs: {url}/v1/docs",
            *[f"  {line}" for line in lines],
            "Ctrl-C to stop.",
        ]
    )


def _start_backend(stack: ExitStack) -> tuple[EmbeddedDynamoDB, Any, str]:
    dynamo = _embedded_dynamodb()
    stack.callback(dynamo.stop)
    endpoint = dynamo.start()
    client, streams = dynamodb_clients(endpoint, _region())
    stream_arn = create_table(client, os.environ["TABLE_NAME"])
    runtime.apply_env({"DYNAMODB_ENDPOINT": endpoint, "TABLE_STREAM_ARN": stream_arn})
    return dynamo, streams, stream_arn


def _serve(stack: ExitStack, app_module: ModuleType, streams: Any, stream_arn: str) -> str:
    pumps = pumps_for_app(app_module, streams, stream_arn=stream_arn, region=_region())
    pumps.start()
    stack.callback(pumps.stop)
    scheduler = Scheduler(scheduled_jobs(app_module, _region()), region=_region())
    scheduler.start()
    stack.callback(scheduler.stop)
    host, port = os.environ.get("HOST") or "127.0.0.1", int(os.environ.get("PORT") or 8000)
    try:
        server = DevServer(app_module.app, host, port)
    except OSError as error:
        raise SystemExit(f"Cannot listen on {host}:{port} ({error.strerror}); set PORT.") from None
    url = server.start()
    stack.callback(server.stop)
    return url


def run() -> int:
    stop = threading.Event()
    _stop_on_signals(stop)
    _prepare_env()
    with ExitStack() as stack:
        dynamo, streams, stream_arn = _start_backend(stack)
        app_module = _import_app()
        lines = _seed_demo()
        url = _serve(stack, app_module, streams, stream_arn)
        keys = ("STAGE", "TABLE_NAME", "DYNAMODB_ENDPOINT", "TABLE_STREAM_ARN", "AWS_REGION")
        runtime.write_runtime(
            {"url": url, "dynamodb": dynamo.kind, "env": {k: os.environ[k] for k in keys}}
        )
        stack.callback(runtime.remove_runtime)
        print(_banner(url, dynamo.kind, lines), flush=True)
        while not stop.wait(0.5):
            pass
        print("Stopping...", flush=True)
    return 0


def invoke(job_name: str, day: str | None = None) -> int:
    """Run a schedule (by its name in app.py) or one job of chalicelib/jobs.py (by its name in
    API.md, `day` for kpi-snapshot) now, for every tenant."""
    info = runtime.read_runtime()
    if info is None:
        print("No running instance: start it with `make run` first.", file=sys.stderr)
        return 2
    runtime.apply_env(info["env"])
    _prepare_env()
    app_module = _import_app()
    scheduler = Scheduler(scheduled_jobs(app_module, _region()), region=_region())
    try:
        if job_name in scheduler.jobs:
            result = scheduler.run_now(job_name)
        else:
            jobs = importlib.import_module("chalicelib.jobs")
            result = jobs.run_job(job_name, date.fromisoformat(day) if day else None)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"DATE must be YYYY-MM-DD: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, default=str))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m chalicelib.local")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="serve the API with DynamoDB, stream pump and scheduler")
    invoke_parser = commands.add_parser("invoke", help="run one scheduled job now")
    invoke_parser.add_argument(
        "job", help="a schedule's name (tenant-checks) or a job's (kpi-snapshot, ...)"
    )
    invoke_parser.add_argument("--date", help="kpi-snapshot: the day to snapshot (YYYY-MM-DD)")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("comptoir.local").setLevel(logging.INFO)
    args = _parser().parse_args(argv)
    commands: dict[str, Callable[[], int]] = {
        "run": run,
        "invoke": lambda: invoke(args.job, args.date),
    }
    return commands[args.command]()


if __name__ == "__main__":
    sys.exit(main())
