"""The cold-start entries of the three functions, and the fixed floor each is compared with.

An entry is what a function's first invocation loads: `app.py` under its COMPTOIR_FUNCTION,
and the handler's module for the stream and schedule functions. Its floor
(`tests/perf/floor.py KIND`) imports the same third-party modules, listed in
`tests/perf/floor_modules.json`, and nothing of chalicelib; `python -m tests.perf.cold_start`
rewrites that list from the entries (tests/unit/test_cold_start.py checks that it is current).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOOR_MODULES = Path(__file__).with_name("floor_modules.json")
FLOOR_SCRIPT = Path(__file__).with_name("floor.py")
ENTRIES = {
    "api": "import app",
    "stream": "import app; app.load_module('chalicelib.streams')",
    "schedule": "import app; app.load_module('chalicelib.jobs')",
}
FIRST_PARTY = frozenset({"app", "chalicelib", "tests"})


def environment(kind: str) -> dict[str, str]:
    """A deployed function's view of the settings, without touching AWS."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "STAGE": "test",
        "TABLE_NAME": "comptoir",
        "AWS_REGION": "eu-west-1",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "COMPTOIR_FUNCTION": kind,
    }


def entry_command(kind: str) -> list[str]:
    return [sys.executable, "-c", ENTRIES[kind]]


def floor_command(kind: str, *options: str) -> list[str]:
    return [sys.executable, str(FLOOR_SCRIPT), kind, *options]


def floor_code(kind: str) -> str:
    script = str(FLOOR_SCRIPT)
    return f"import runpy, sys; sys.argv = ['floor.py', {kind!r}]; runpy.run_path({script!r})"


def loaded(code: str, kind: str) -> list[str]:
    """Every module `code` leaves in sys.modules of a fresh interpreter, in load order."""
    probe = "import sys; print(chr(10).join(sys.modules))"
    argv = [sys.executable, "-c", f"{code}\n{probe}"]
    out = subprocess.run(
        argv, env=environment(kind), cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def third_party(modules: list[str]) -> list[str]:
    def outside(name: str) -> bool:
        top = name.split(".")[0]
        return not (top in sys.stdlib_module_names or top.startswith("_") or top in FIRST_PARTY)

    return [name for name in modules if outside(name)]


def entry_modules(kind: str) -> list[str]:
    return third_party(loaded(ENTRIES[kind], kind))


def floor_modules() -> dict[str, list[str]]:
    return dict(json.loads(FLOOR_MODULES.read_text()))


def write_floor_modules() -> None:
    listed = {kind: entry_modules(kind) for kind in ENTRIES}
    FLOOR_MODULES.write_text(json.dumps(listed, indent=1) + "\n")


if __name__ == "__main__":
    write_floor_modules()
    print(f"wrote {FLOOR_MODULES.relative_to(ROOT)}")
