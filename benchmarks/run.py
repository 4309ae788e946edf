#!/usr/bin/env python3
"""Benchmark flywheel on synthetic Payments reports against the csv.reader floor and pandas, polars and
duckdb; run by hand (`make bench`), never as a test. Prints ONE markdown table (also written to
benchmarks/results/latest.md).

    .venv/bin/python benchmarks/run.py [--rows-large 1000000] [--rows-huge 3000000] [--rows-month 50000]
        [--repeat 5] [--only PROFILE ...] [--no-3m] [--no-peers] [--no-install] [--fail-on-miss]

Data sets (benchmarks/generate_payments.py; benchmarks/README.md says what each is): the 1M-row year in
each profile (repetitive, random-price, realistic), the realistic 3M-row year, a realistic 50k-row
month and a realistic tiny file. Commands, targets and checks: benchmarks/README.md.

Every run of every command is checked against the generator's expected figures, to the cent (the
peers too). A failed command or a wrong figure exits 1; a missed target only with --fail-on-miss.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bench_checks as checks
from bench_data import DATA, ROOT, Dataset, ensure, rel, room_for, warm, write_config
from bench_measure import GNU_TIME, Command, Failures, Target, measure
from bench_peers import Peer, prepare
from bench_table import floor_key, table

RESULTS = Path(__file__).resolve().parent / "results"
PROFILES = ("repetitive", "random-price", "realistic")
CSV_LOOP = (
    "import csv, sys\n"
    "with open(sys.argv[1], encoding='utf-8', newline='') as f:\n"
    "    for _ in csv.reader(f):\n"
    "        pass\n"
)


def find_flywheel(given: str | None) -> str:
    if given:
        return given
    beside = Path(sys.executable).parent / "flywheel"
    if beside.exists():
        return str(beside)
    return shutil.which("flywheel") or str(ROOT / ".venv" / "bin" / "flywheel")


def compile_bytecode() -> None:
    """Compile flywheel's modules to bytecode, as `pip install` does for an installed package (and as
    the peers' are): in an editable install with PYTHONDONTWRITEBYTECODE set, every run would otherwise
    compile the sources again, which is not what a user's start-up costs."""
    code = "import compileall, os, flywheel_cli; compileall.compile_dir(os.path.dirname(flywheel_cli.__file__), quiet=1)"
    subprocess.run([sys.executable, "-c", code], check=True)


# Empties a cache folder (argv[1]) of parsed files (the compiled record methods of past runs stay, as
# __pycache__ does), then runs argv[2:], which fills it with the rule packs.
RESET_CACHE = (
    "import pathlib, shutil, subprocess, sys\n"
    "for part in pathlib.Path(sys.argv[1]).glob('*'):\n"
    "    if not part.name.startswith('code-'):\n"
    "        shutil.rmtree(part) if part.is_dir() else part.unlink()\n"
    "subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL)\n"
)


def help_text(flywheel: str, command: str) -> str | None:
    done = subprocess.run([flywheel, command, "--help"], capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def git_revision() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                          text=True, check=False)  # fmt: skip
    return done.stdout.strip() or "unknown"


class Plan:
    """The commands in table order, built data set by data set."""

    def __init__(self, flywheel: str, cache_built: bool, peers: list[Peer], scratch: Path) -> None:
        self.flywheel, self.cache_built, self.peers = flywheel, cache_built, peers
        cache = str(scratch / "cache")  # never the user's own parse cache
        self.cold = {"FLYWHEEL_CACHE_DIR": cache, "FLYWHEEL_NO_CACHE": "1"}
        self.warm = {"FLYWHEEL_CACHE_DIR": cache}
        # A file flywheel has never read, on a machine where it has run before: before each timed run
        # the cache is emptied and then holds only the shipped rule packs (`flywheel rules list`).
        rules_only = str(scratch / "rules-only-cache")
        self.new_file = {"FLYWHEEL_CACHE_DIR": rules_only}
        self.rules_only = [sys.executable, "-c", RESET_CACHE, rules_only, flywheel, "rules", "list"]
        self.commands: dict[str, Command] = {}

    def add(self, command: Command) -> None:
        self.commands[command.key] = command

    def floor(self, data: Dataset) -> None:
        argv = [sys.executable, "-c", CSV_LOOP, str(data.path)]
        command = Command("", "csv.reader loop (floor)", data, argv)
        command.key = floor_key(command)
        self.add(command)

    def typer_floor(self, data: Dataset) -> None:
        """What a Typer app that reads the file and prints JSON takes (benchmarks/typer_floor.py): the
        start-up every Typer CLI pays here, beside flywheel's own on the tiny file."""
        argv = [sys.executable, str(Path(__file__).with_name("typer_floor.py")), "rows", str(data.path)]
        self.add(Command(f"typer/{data.label}", "Typer app that reads it (start-up floor)", data, argv))

    def kpis(self, data: Dataset, expected: dict[str, Any], target: Target) -> None:
        argv = [self.flywheel, "kpis", str(data.path), "--format", "json"]
        self.add(Command(f"kpis/{data.label}", "flywheel kpis", data, argv, checks.kpis_totals(expected), target,
                         self.cold))  # fmt: skip

    def daily(self, data: Dataset, expected: dict[str, Any], same_as_large: bool) -> None:
        """The two cases that bucket Payments rows by day: `kpis --by day`, and a cost file (the unit cost
        in force on each order's day). Peak RSS ≤ 150 MiB, and on the 3M file the same as on the 1M."""
        kpis = [self.flywheel, "kpis", str(data.path), "--by", "day", "--format", "json"]
        costs = [
            self.flywheel,
            "costs",
            str(data.path),
            "--config",
            str(write_config(data)),
            "--format",
            "json",
        ]
        for name, label, argv, check in (
            ("kpis-day", "flywheel kpis --by day", kpis, checks.kpis_by_day(expected)),
            ("costs-cogs", "flywheel costs (cost file)", costs, checks.costs(expected)),
        ):
            target = Target(rss_mib=150, rss_as=f"{name}/large" if same_as_large else None)
            self.add(Command(f"{name}/{data.name}", label, data, argv, check, target, self.cold))

    def report(
        self, data: Dataset, expected: dict[str, Any], target: Target | None, rerun: float | None
    ) -> None:
        argv = [self.flywheel, "report", str(data.path), "--format", "json"]
        if self.cache_built:
            self.add(Command(f"report/{data.label}", "flywheel report, a new file", data, argv,
                             checks.report(expected), target, self.new_file, prime_argv=self.rules_only))  # fmt: skip
        else:
            self.add(Command(f"report/{data.label}", "flywheel report", data, argv, checks.report(expected),
                             target, self.cold))  # fmt: skip
        if rerun is not None:
            self.add(Command(f"rerun/{data.label}", "flywheel report, 2nd run in a row", data, argv,
                             checks.report(expected), Target(wall_s=rerun), self.warm, prime=True,
                             note="" if self.cache_built else "cache: not built"))  # fmt: skip

    def peer_rows(self, data: Dataset, expected: dict[str, Any]) -> None:
        for peer in self.peers:
            argv = [str(peer.python), str(peer.script), str(data.path)]
            self.add(Command(f"{peer.name}/{data.label}", f"{peer.name} script", data,
                             argv, checks.peer(expected)))  # fmt: skip


def datasets(args: argparse.Namespace, notes: list[str]) -> list[Dataset]:
    profiles = args.only or PROFILES
    year = {"seed": args.seed, "skus": args.skus, "start": "2026-01-01", "days": 365}
    month = {"seed": args.seed, "skus": args.skus, "start": "2026-10-01", "days": 31}
    chosen = [
        Dataset("large", profile, args.rows_large, **year) for profile in PROFILES if profile in profiles
    ]
    if "realistic" in profiles:
        huge = Dataset("huge", "realistic", args.rows_huge, **year)
        if args.no_3m:
            notes.append(f"{huge.label} skipped (--no-3m)")
        elif why := room_for(huge):
            notes.append(f"{huge.label} skipped: {why}")
        else:
            chosen.append(huge)
        chosen += [Dataset("month", "realistic", args.rows_month, **month),
                   Dataset("tiny", "realistic", args.rows_tiny, **month)]  # fmt: skip
    return chosen


def plan_commands(plan: Plan, data: Dataset, expected: dict[str, Any]) -> None:
    plan.floor(data)
    if data.name == "large":
        plan.kpis(data, expected, Target(floor_ratio=1.0, rss_mib=100))
        if data.profile == "realistic":
            plan.daily(data, expected, same_as_large=False)
            plan.report(data, expected, None, rerun=0.5)
            plan.peer_rows(data, expected)
    elif data.name == "huge":
        plan.daily(data, expected, same_as_large=True)
    elif data.name == "month":
        plan.peer_rows(data, expected)
        faster = (f"pandas/{data.label}", 1.0), (f"polars/{data.label}", 1.5)
        plan.report(data, expected, Target(faster_than=faster), rerun=0.35)
    else:
        plan.typer_floor(data)
        plan.report(data, expected, Target(wall_s=0.15), rerun=None)


def header(args: argparse.Namespace, argv: list[str], peers: list[Peer], notes: list[str]) -> list[str]:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    peer_text = ", ".join(f"{peer.name} {peer.version}" for peer in peers) or "none"
    return [
        "# flywheel benchmark",
        "",
        f"- when: {now}; flywheel at `{git_revision()}`; command: `{shlex.join(argv)}`",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; peak RSS "
        f"from {'`/usr/bin/time -v`' if GNU_TIME.exists() else 'getrusage(RUSAGE_CHILDREN)'}; peers "
        f"(benchmarks/.venv-peers): {peer_text}",
        f"- wall: best of {args.repeat} run(s), round-robin; peak RSS: largest over the runs; × floor: wall / "
        "the bare `csv.reader` loop over the same file; flywheel's modules compiled to bytecode first",
        *[f"- note: {note}" for note in notes],
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows-large", type=int, default=1_000_000, help="rows of each year file (1,000,000)"
    )
    parser.add_argument("--rows-huge", type=int, default=3_000_000, help="rows of the realistic 3M file")
    parser.add_argument("--rows-month", type=int, default=50_000, help="rows of the realistic month (50,000)")
    parser.add_argument("--rows-tiny", type=int, default=100, help="rows of the tiny file (100)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command; the best wall counts")
    parser.add_argument("--only", action="append", choices=PROFILES, help="only this profile (repeatable)")
    parser.add_argument("--no-3m", action="store_true", help="skip the realistic 3M-row file (about 1.2 GB)")
    parser.add_argument("--no-peers", action="store_true", help="skip pandas, polars and duckdb")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--skus", type=int, default=500, help="SKUs in each generated file")
    parser.add_argument("--flywheel", help="the flywheel executable (default: beside this Python)")
    parser.add_argument("--no-install", action="store_true", help="do not make benchmarks/.venv-peers")
    parser.add_argument("--fail-on-miss", action="store_true", help="exit 1 when a target is missed as well")
    args = parser.parse_args(argv)
    if min(args.repeat, args.rows_large, args.rows_huge, args.rows_month, args.rows_tiny) < 1:
        parser.error("--repeat and every --rows-* must be >= 1")

    notes: list[str] = []
    chosen = datasets(args, notes)
    expected = {data: ensure(data) for data in chosen}
    flywheel = find_flywheel(args.flywheel)
    compile_bytecode()
    report_help = help_text(flywheel, "report")
    if report_help is None or help_text(flywheel, "kpis") is None:
        print(
            f"FAIL: `{flywheel} report --help` or `kpis --help` does not run: nothing to measure",
            file=sys.stderr,
        )
        return 1
    cache_built = "--no-cache" in report_help
    if not cache_built:
        notes.append("`flywheel report --no-cache` is not an option yet: cache: not built")
    peers, peer_notes = (
        ([], ["peers skipped (--no-peers)"]) if args.no_peers else prepare(not args.no_install)
    )
    notes += peer_notes

    DATA.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="bench-scratch-", dir=DATA))
    try:
        (scratch / "cwd").mkdir()  # an empty working folder: no ./flywheel.yaml is picked up
        plan = Plan(flywheel, cache_built, peers, scratch)
        for data in chosen:
            plan_commands(plan, data, expected[data])
            warm(data.path)
        failures = Failures()
        print(f"measuring {len(plan.commands)} commands, {args.repeat} round(s) ...", file=sys.stderr)
        measure(list(plan.commands.values()), args.repeat, scratch / "cwd", failures)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    shown = [rel(Path(sys.executable)), rel(Path(__file__)), *sys.argv[1:]] if argv is None else argv
    rows, met = table(plan.commands)
    lines = [*header(args, shown, peers, notes), *rows, ""]
    if failures.items:
        lines += ["**Commands or figures FAILED:**", "", *[f"- {item}" for item in failures.items[:50]], ""]
    else:
        lines += ["Every figure checked on every run, to the cent, against the generator's expected JSON: "
                  "flywheel's headline totals (and per day, per SKU and COGS where the command gives them) "
                  "and each peer's.", ""]  # fmt: skip
    text = "\n".join(lines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {rel(RESULTS / 'latest.md')})", file=sys.stderr)
    if failures.items:
        return 1
    return 1 if args.fail_on_miss and not met else 0


if __name__ == "__main__":
    sys.exit(main())
