"""Cold start of each function against its floor, from interleaved runs of whole processes.

    .venv/bin/python -m tests.perf.bench_cold_start [--runs 21] [--kinds api,stream,schedule]

Each run starts a fresh interpreter for the entry, then one for its floor (the same
third-party imports, tests/perf/floor.py), and that floor again loaded with the garbage
collector off as the functions load their own modules, in turn; each ratio is taken round by
round and its median printed, for CPU time (user + system, what the process itself spent)
and wall time.
Aims: api <= 1.3, stream and schedule <= 1.15. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from dataclasses import dataclass

from tests.perf.cold_start import ENTRIES, ROOT, entry_command, environment, floor_command


@dataclass(frozen=True)
class Run:
    cpu: float
    wall: float


def timed(command: list[str], kind: str) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment(kind), cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return Run(usage.ru_utime + usage.ru_stime, wall)


def compare(kind: str, runs: int) -> str:
    entry, floor = entry_command(kind), floor_command(kind)
    strict = floor_command(kind, "--no-collection")
    for command in (entry, floor, strict):  # compiles the .pyc files and warms the disk cache
        timed(command, kind)
    rounds = [(timed(entry, kind), timed(floor, kind), timed(strict, kind)) for _ in range(runs)]
    cpu = statistics.median(a.cpu / b.cpu for a, b, _ in rounds)
    wall = statistics.median(a.wall / b.wall for a, b, _ in rounds)
    strict_cpu = statistics.median(a.cpu / c.cpu for a, _, c in rounds)
    entry_ms, floor_ms, strict_ms = (
        statistics.median(run[n].cpu for run in rounds) * 1000 for n in range(3)
    )
    return (
        f"{kind:<9} entry/floor cpu {cpu:.2f}x, wall {wall:.2f}x; against the floor loaded "
        f"without collection too, cpu {strict_cpu:.2f}x (median cpu {entry_ms:.0f} ms vs "
        f"{floor_ms:.0f} ms and {strict_ms:.0f} ms, {runs} interleaved rounds)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--kinds", default=",".join(ENTRIES))
    parser.add_argument("--backend", default="moto", help="ignored: no table is touched")
    args = parser.parse_args()
    print("cold start: a function's first import against its third-party floor")
    for kind in args.kinds.split(","):
        print(compare(kind, args.runs), flush=True)


if __name__ == "__main__":
    main()
