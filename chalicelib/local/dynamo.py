"""An embedded DynamoDB on 127.0.0.1: moto's server in-process, or Amazon DynamoDB Local.

DynamoDB Local runs in its own process group with `-sharedDb`, so every access key and region
sees the same tables. It is killed on `stop()`, at interpreter exit, and (on Linux, when started
from the main thread) when this process dies.
"""

from __future__ import annotations

import atexit
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any, Literal, Self

import boto3  # type: ignore[import-untyped,unused-ignore]
from botocore.config import Config  # type: ignore[import-untyped,unused-ignore]

Kind = Literal["moto", "local"]
HOST = "127.0.0.1"
DEFAULT_REGION = "eu-west-1"
DUMMY_KEY_ID = "local"
DUMMY_SECRET = "local"
DEFAULT_LOCAL_DIR = Path.home() / ".cache" / "comptoir" / "dynamodb-local"
JAR_NAME = "DynamoDBLocal.jar"
LIB_NAME = "DynamoDBLocal_lib"
_PR_SET_PDEATHSIG = 1


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def dynamodb_local_dir() -> Path:
    """The folder holding DynamoDBLocal.jar: `$DYNAMODB_LOCAL_DIR`, else the shared cache."""
    configured = os.environ.get("DYNAMODB_LOCAL_DIR")
    return Path(configured).expanduser() if configured else DEFAULT_LOCAL_DIR


def dynamodb_local_available(jar_dir: Path | None = None) -> bool:
    folder = jar_dir or dynamodb_local_dir()
    return (folder / JAR_NAME).is_file() and (folder / LIB_NAME).is_dir()


def _client_config() -> Config:
    return Config(
        account_id_endpoint_mode="disabled",
        connect_timeout=2,
        read_timeout=10,
        retries={"max_attempts": 2, "mode": "standard"},
    )


def _client(service: str, endpoint: str, region: str) -> Any:
    return boto3.session.Session().client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=DUMMY_KEY_ID,
        aws_secret_access_key=DUMMY_SECRET,
        config=_client_config(),
    )


def dynamodb_clients(endpoint: str, region: str = DEFAULT_REGION) -> tuple[Any, Any]:
    """The `dynamodb` and `dynamodbstreams` clients for an embedded endpoint."""
    return _client("dynamodb", endpoint, region), _client("dynamodbstreams", endpoint, region)


def wait_until_ready(endpoint: str, timeout: float = 30.0, process: Any = None) -> None:
    client = boto3.session.Session().client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=DEFAULT_REGION,
        aws_access_key_id=DUMMY_KEY_ID,
        aws_secret_access_key=DUMMY_SECRET,
        config=Config(connect_timeout=1, read_timeout=2, retries={"max_attempts": 0}),
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.list_tables(Limit=1)
            return
        except Exception as error:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"DynamoDB exited with code {process.returncode}") from error
            if time.monotonic() > deadline:
                raise TimeoutError(f"DynamoDB at {endpoint} did not answer") from error
            time.sleep(0.1)


class EmbeddedDynamoDB:
    """One embedded DynamoDB; `start()` returns its endpoint URL, `stop()` is idempotent."""

    def __init__(
        self,
        kind: Kind = "moto",
        port: int | None = None,
        *,
        data_dir: Path | None = None,
        jar_dir: Path | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        if kind not in ("moto", "local"):
            raise ValueError(f"unknown DynamoDB kind {kind!r} (moto or local)")
        self.kind: Kind = kind
        self.port = port
        self.data_dir = data_dir
        self.jar_dir = jar_dir or dynamodb_local_dir()
        self.startup_timeout = startup_timeout
        self.endpoint = ""
        self._moto: Any = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._lock = threading.Lock()

    def start(self) -> str:
        with self._lock:
            if self.endpoint:
                return self.endpoint
            if self.kind == "moto":
                self.endpoint = self._start_moto()
            else:
                self.endpoint = self._start_local()
            return self.endpoint

    def stop(self) -> None:
        with self._lock:
            self._stop_unlocked()

    def _stop_unlocked(self) -> None:
        if self._moto is not None:
            self._moto.stop()
            self._moto = None
        if self._process is not None:
            _kill_group(self._process)
            self._process = None
            atexit.unregister(self.stop)
        if self._log is not None:
            self._log.close()
            self._log = None
        self.endpoint = ""

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _start_moto(self) -> str:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = SerializedMotoServer(HOST, self.port or 0)
        self._moto = server
        host, port = server.start()
        endpoint = f"http://{host}:{port}"
        wait_until_ready(endpoint, self.startup_timeout)
        return endpoint

    def _start_local(self) -> str:
        if not dynamodb_local_available(self.jar_dir):
            raise FileNotFoundError(
                f"DynamoDB Local is not in {self.jar_dir}; run "
                f"scripts/fetch-dynamodb-local.sh {self.jar_dir}"
            )
        port = self.port or free_port()
        self._log = tempfile.TemporaryFile(prefix="dynamodb-local-")  # noqa: SIM115
        self._process = subprocess.Popen(
            self._java_command(port),
            cwd=self.jar_dir,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if _can_die_with_parent() else None,
        )
        atexit.register(self.stop)
        endpoint = f"http://{HOST}:{port}"
        try:
            wait_until_ready(endpoint, self.startup_timeout, self._process)
        except Exception as error:
            output = self._read_log()
            self._stop_unlocked()
            raise RuntimeError(f"DynamoDB Local did not start: {error}\n{output}") from error
        return endpoint

    def _java_command(self, port: int) -> list[str]:
        command = [
            "java",
            f"-Djava.library.path={self.jar_dir / LIB_NAME}",
            "-jar",
            str(self.jar_dir / JAR_NAME),
            "-port",
            str(port),
            "-sharedDb",
        ]
        if self.data_dir is None:
            return [*command, "-inMemory"]
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return [*command, "-dbPath", str(self.data_dir.resolve())]

    def _read_log(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read()[-4000:].decode(errors="replace")


class SerializedMotoServer:
    """moto's server, answering one request at a time.

    moto's backends are not thread-safe: with the local server, the stream pump and the
    scheduler calling at once, a transaction could copy a table while another request changes
    it. Connections are still served in threads (keep-alive works); the calls are serialised.
    """

    def __init__(self, host: str, port: int) -> None:
        # moto's server, werkzeug and the patches of moto load only when it is started.
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )
        from werkzeug.serving import make_server

        from chalicelib.local import moto_queries, moto_transactions

        moto_queries.install()
        moto_transactions.install()
        backend = DomainDispatcherApplication(create_backend_app)
        lock = threading.Lock()

        def serialized(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            with lock:
                return list(backend(environ, start_response))

        self._server = make_server(
            host, port, serialized, threaded=True, request_handler=MotoRequestHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="moto-server", daemon=True
        )

    def start(self) -> tuple[str, int]:
        self._thread.start()
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(10)
        self._server.server_close()


def start_dynamodb(
    kind: Kind = "moto", port: int | None = None, *, data_dir: Path | None = None
) -> EmbeddedDynamoDB:
    """Start an embedded DynamoDB; the caller stops it (`.stop()` or a `with` block)."""
    embedded = EmbeddedDynamoDB(kind, port, data_dir=data_dir)
    embedded.start()
    return embedded


def _kill_group(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)


def _can_die_with_parent() -> bool:
    """PR_SET_PDEATHSIG fires when the creating thread ends, so only the main thread uses it."""
    return (
        sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread()
    )


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
