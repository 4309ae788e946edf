"""Running the commands: wall time (best of N, round-robin) and peak RSS (`/usr/bin/time -v`).

Wall time is time.perf_counter around the child process, awaited with a plain wait(): a wait with a
timeout polls in steps of up to 50 ms and would round every time up; the one-hour limit is a timer
that kills the child. The commands run round-robin (a, b, c, a, b, c, …) so that background load
hits them alike. Peak RSS is the largest "Maximum resident set size" over the runs; without
/usr/bin/time, a small Python parent runs the command and reports getrusage(RUSAGE_CHILDREN) — not
measured from this process, whose RUSAGE_CHILDREN would be the peak over every command so far.

A command with `prime` set is run once, untimed, right before each timed run: the timed run is then
the second of two in a row (the parse cache's case). A command with `prime_argv` runs that instead,
untimed, before each timed run (run.py's new-data case: a parse cache emptied, then holding only the
shipped rule packs, as on a machine where flywheel has run before but never on this file).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench_data import Dataset

GNU_TIME = Path("/usr/bin/time")
TIMEOUT = 3600  # seconds for one run of one command

RUSAGE_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "wall = time.perf_counter() - started\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "with open(sys.argv[1], 'w', encoding='utf-8') as f:\n"
    "    f.write(f'Maximum resident set size (kbytes): {peak}\\nwall: {wall}\\n')\n"
    "sys.exit(code)\n"
)

Check = Callable[[str], list[str]]  # stdout → problems found (empty: every figure matches)


@dataclass
class Target:
    """What a command must meet; every part that is set is checked (run.py's `verdict`)."""

    floor_ratio: float | None = None  # wall ≤ this × the csv.reader floor on the same file
    rss_mib: float | None = None  # peak RSS ≤ this
    wall_s: float | None = None  # best wall ≤ this many seconds
    faster_than: tuple[tuple[str, float], ...] = ()  # (command key, factor): wall ≤ factor × its wall
    rss_as: str | None = None  # command key: peak RSS ≤ RSS_SAME × that command's


@dataclass
class Command:
    key: str  # unique, used by targets to name each other
    label: str
    dataset: Dataset
    argv: list[str]
    check: Check | None = None
    target: Target | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    prime: bool = False
    prime_argv: list[str] | None = None
    note: str = ""  # why it is not measured (e.g. "cache: not built")
    walls: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    @property
    def best(self) -> float | None:
        return min(self.walls) if self.walls else None

    @property
    def peak_mib(self) -> float | None:
        return max(self.rss_kib) / 1024 if self.rss_kib else None


class Failures:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def max_rss_kib(report: str) -> int:
    for line in report.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1])
    raise RuntimeError(f"no 'Maximum resident set size' in the timing report:\n{report}")


def run_once(command: Command, cwd: Path, timed: bool = True) -> str:
    """One run: record its wall time and peak RSS (when `timed`), return its stdout.
    Raises RuntimeError on a non-zero exit."""
    use_gnu_time = GNU_TIME.exists()
    env = {**os.environ, **command.env}
    with tempfile.TemporaryDirectory(prefix="flywheel-bench-") as scratch:
        out_path, err_path, time_path = (Path(scratch) / name for name in ("stdout", "stderr", "time"))
        if use_gnu_time:
            argv = [str(GNU_TIME), "-v", "-o", str(time_path), *command.argv]
        else:
            argv = [sys.executable, "-c", RUSAGE_WRAPPER, str(time_path), *command.argv]
        with out_path.open("wb") as out, err_path.open("wb") as err:
            started = time.perf_counter()
            child = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd, env=env)
            watchdog = threading.Timer(TIMEOUT, child.kill)
            watchdog.start()
            code = child.wait()
            wall = time.perf_counter() - started
            watchdog.cancel()
        if code != 0:
            stderr = err_path.read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"exit {code}: {shlex.join(command.argv)}\n{stderr[-2000:]}")
        if timed:
            report = time_path.read_text(encoding="utf-8")
            if not use_gnu_time:  # the wrapper's own timing leaves out its interpreter's start-up
                wall = float(report.rsplit("wall:", 1)[1])
            command.rss_kib.append(max_rss_kib(report))
            command.walls.append(wall)
        return out_path.read_text(encoding="utf-8", errors="replace")


def measure(commands: list[Command], repeat: int, cwd: Path, failures: Failures) -> None:
    if not GNU_TIME.exists():
        print("note: /usr/bin/time not found; peak RSS from getrusage(RUSAGE_CHILDREN)", file=sys.stderr)
    broken: set[str] = set()
    for round_no in range(1, repeat + 1):
        for command in commands:
            if command.note or command.key in broken:
                continue
            try:
                if command.prime_argv is not None:
                    subprocess.run(command.prime_argv, cwd=cwd, env={**os.environ, **command.env},
                                   stdout=subprocess.DEVNULL, check=True)  # fmt: skip
                elif command.prime:
                    run_once(command, cwd, timed=False)
                stdout = run_once(command, cwd)
            except RuntimeError as exc:
                failures.add(f"{command.dataset.label}, {command.label}: {exc}")
                broken.add(command.key)
                continue
            print(f"  [{round_no}/{repeat}] {command.dataset.label}, {command.label}: {command.walls[-1]:.3f} s, "
                  f"{command.rss_kib[-1] / 1024:.1f} MiB", file=sys.stderr)  # fmt: skip
            problems = command.check(stdout) if command.check is not None else []
            for problem in problems:
                failures.add(f"{command.dataset.label}, {command.label} (run {round_no}): {problem}")
            if problems:
                broken.add(command.key)
