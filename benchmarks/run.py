#!/usr/bin/env python3
"""Benchmark `flywheel kpis` on synthetic Payments reports; run by hand (`make bench`), never as a test.

    .venv/bin/python benchmarks/run.py [--rows-large 1000000] [--rows-month 50000] [--repeat 3]

(a) a large report (default 1,000,000 rows, one year): `flywheel kpis FILE --format json` wall time
    against bare `csv.reader` iteration of the same file (target ≤ 1.5×), and its peak RSS
    (target ≤ 100 MiB);
(b) one month (default 50,000 rows): `flywheel kpis FILE --by sku --format json` against
    benchmarks/pandas_equivalent.py, a pandas `read_csv` + `groupby` computing the same sums
    (target: faster).

Wall time is the best of --repeat runs (time.perf_counter around the child process; the commands are
run round-robin so that drift hits them alike); peak RSS is the largest "Maximum resident set size"
that `/usr/bin/time -v` reports over the runs (without /usr/bin/time: getrusage(RUSAGE_CHILDREN) in a
small Python parent of the command). Every run's figures are checked against the generator's expected figures, to the cent,
and flywheel's per-SKU gross sales against pandas'. Any mismatch or failed command exits 1; a missed
target only does with --fail-on-miss. The table is printed and written to benchmarks/results/latest.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"
GENERATOR = BENCH / "generate_payments.py"
PANDAS_SCRIPT = BENCH / "pandas_equivalent.py"
GNU_TIME = Path("/usr/bin/time")
CENT = Decimal("0.01")
TIMEOUT = 3600  # seconds for one run of one command

RATIO_TARGET = Decimal("1.5")  # (a) kpis wall ≤ 1.5 × csv.reader wall
RSS_TARGET_MIB = 100  # (a) kpis peak RSS ≤ 100 MiB

CSV_LOOP = (
    "import csv, sys\n"
    "with open(sys.argv[1], encoding='utf-8', newline='') as f:\n"
    "    for _ in csv.reader(f):\n"
    "        pass\n"
)

# Without /usr/bin/time: a small Python parent runs the command and reports getrusage(RUSAGE_CHILDREN).
# Not measured from this process: a child's peak RSS counts the pages it had between fork and exec, and
# RUSAGE_CHILDREN here would be the peak over every command run so far.
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

Check = Callable[[str], list[str]]  # stdout → problems found (empty: all figures match)


@dataclass(frozen=True)
class Dataset:
    name: str
    rows: int
    seed: int
    skus: int
    start: str
    days: int

    @property
    def path(self) -> Path:
        return DATA / f"payments-{self.name}-{self.rows}rows-seed{self.seed}-skus{self.skus}.csv"

    @property
    def expected_path(self) -> Path:
        return self.path.with_suffix(".expected.json")


@dataclass
class Command:
    label: str
    dataset: Dataset
    argv: list[str]
    check: Check | None = None
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


# --- data ------------------------------------------------------------------------------------------


def generator_version() -> int:
    sys.path.insert(0, str(BENCH))
    try:
        import generate_payments

        return generate_payments.GENERATOR_VERSION
    finally:
        sys.path.remove(str(BENCH))


def ensure(dataset: Dataset) -> dict[str, Any]:
    """Generate the dataset unless an up-to-date copy (same arguments, same generator version) exists."""
    args = {"rows": dataset.rows, "seed": dataset.seed, "skus": dataset.skus, "start": dataset.start,
            "days": dataset.days}  # fmt: skip
    if dataset.path.exists() and dataset.expected_path.exists():
        expected: dict[str, Any] = json.loads(dataset.expected_path.read_text(encoding="utf-8"))
        if expected.get("generator_version") == generator_version() and expected.get("args") == args:
            print(f"using {rel(dataset.path)}", file=sys.stderr)
            return expected
    DATA.mkdir(parents=True, exist_ok=True)
    part, part_expected = (
        dataset.path.with_name(dataset.path.name + ".part"),
        dataset.expected_path.with_suffix(".part"),
    )
    print(f"generating {rel(dataset.path)} ({dataset.rows:,} rows) ...", file=sys.stderr)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(GENERATOR), str(dataset.rows), str(part), "--seed", str(dataset.seed),
         "--skus", str(dataset.skus), "--start", dataset.start, "--days", str(dataset.days),
         "--expected-json", str(part_expected)],
        check=True,
    )  # fmt: skip
    part.replace(dataset.path)
    part_expected.replace(dataset.expected_path)
    print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    result: dict[str, Any] = json.loads(dataset.expected_path.read_text(encoding="utf-8"))
    return result


def warm(path: Path) -> None:
    """Read the file once so that the first measured command does not pay for the disk."""
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


# --- measuring -------------------------------------------------------------------------------------


def run_once(command: Command, use_gnu_time: bool) -> str:
    """One run: record its wall time and peak RSS, return its stdout. Raises on a non-zero exit."""
    with tempfile.TemporaryDirectory(prefix="flywheel-bench-") as scratch:
        out_path, err_path, time_path = (Path(scratch) / name for name in ("stdout", "stderr", "time"))
        if use_gnu_time:
            argv = [str(GNU_TIME), "-v", "-o", str(time_path), *command.argv]
        else:
            argv = [sys.executable, "-c", RUSAGE_WRAPPER, str(time_path), *command.argv]
        with out_path.open("wb") as out, err_path.open("wb") as err:
            started = time.perf_counter()
            child = subprocess.Popen(argv, stdout=out, stderr=err)
            # A timer, not wait(timeout=…): waiting with a timeout polls, in steps of up to 50 ms,
            # which would round every wall time up to the next poll.
            watchdog = threading.Timer(TIMEOUT, child.kill)
            watchdog.start()
            code = child.wait()
            wall = time.perf_counter() - started
            watchdog.cancel()
        if code != 0:
            stderr = err_path.read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"exit {code}: {shlex.join(command.argv)}\n{stderr[-2000:]}")
        report = time_path.read_text(encoding="utf-8")
        if not use_gnu_time:  # the wrapper's own timing leaves out its interpreter's start-up
            wall = float(report.rsplit("wall:", 1)[1])
        command.rss_kib.append(max_rss_kib(report))
        command.walls.append(wall)
        return out_path.read_text(encoding="utf-8", errors="replace")


def max_rss_kib(report: str) -> int:
    for line in report.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1])
    raise RuntimeError(f"no 'Maximum resident set size' in the timing report:\n{report}")


def measure(commands: list[Command], repeat: int, failures: Failures) -> None:
    use_gnu_time = GNU_TIME.exists()
    if not use_gnu_time:
        print("note: /usr/bin/time not found; peak RSS from getrusage(RUSAGE_CHILDREN)", file=sys.stderr)
    broken: set[str] = set()
    for round_no in range(1, repeat + 1):
        for command in commands:
            if command.label in broken:
                continue
            try:
                stdout = run_once(command, use_gnu_time)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                failures.add(f"{command.label}: {exc}")
                broken.add(command.label)
                continue
            print(f"  [{round_no}/{repeat}] {command.label}: {command.walls[-1]:.3f} s, "
                  f"{command.rss_kib[-1] / 1024:.1f} MiB", file=sys.stderr)  # fmt: skip
            if command.check is not None:
                problems = command.check(stdout)
                for problem in problems:
                    failures.add(f"{command.label} (run {round_no}): {problem}")
                if problems:
                    broken.add(command.label)


# --- checks ----------------------------------------------------------------------------------------


def dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    return Decimal(value) if isinstance(value, int | Decimal) else Decimal(str(value))


def kpis_document(stdout: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(stdout, parse_float=Decimal)
    if document.get("schema") != "flywheel.kpis/1":
        raise ValueError(f"schema is {document.get('schema')!r}, not 'flywheel.kpis/1'")
    return document


def check_totals(expected: dict[str, Any]) -> Check:
    """`flywheel kpis --format json`: the account totals equal the generator's, exactly."""

    def check(stdout: str) -> list[str]:
        try:
            metrics = kpis_document(stdout)["total"]["metrics"]
        except (ValueError, KeyError, TypeError) as exc:
            return [f"unreadable kpis JSON: {exc}"]
        problems = []
        for name in ("gross_sales", "units_sold", "net_proceeds"):
            want, got = Decimal(str(expected[name])), dec(metrics.get(name))
            if got != want:
                problems.append(f"total.metrics.{name} = {got}, expected {want}")
        return problems

    return check


def check_per_sku(expected: dict[str, Any], pandas_sums: dict[str, dict[str, Decimal]]) -> Check:
    """`flywheel kpis --by sku --format json`: per-SKU gross sales and units equal the generator's
    exactly, and pandas' to the cent; the account totals too."""
    totals = check_totals(expected)

    def check(stdout: str) -> list[str]:
        problems = totals(stdout)
        try:
            rows = kpis_document(stdout)["rows"]
            got = {row["scope"].get("sku"): row["metrics"] for row in rows}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return [*problems, f"unreadable kpis JSON rows: {exc}"]
        want = expected["skus"]
        for sku in sorted(set(want) | {sku for sku in got if sku}):
            metrics, figures = got.get(sku, {}), want.get(sku, {"gross_sales": "0", "units_sold": 0})
            # A SKU with no Order rows may have no gross_sales / units_sold at all: that counts as 0.
            for name in ("gross_sales", "units_sold"):
                value, target = dec(metrics.get(name)) or Decimal(0), Decimal(str(figures[name]))
                if value != target:
                    problems.append(f"sku {sku}: {name} = {value}, expected {target}")
            gross = (dec(metrics.get("gross_sales")) or Decimal(0)).quantize(CENT)
            if sku in pandas_sums and gross != pandas_sums[sku]["gross_sales"]:
                problems.append(
                    f"sku {sku}: gross_sales = {gross}, pandas says {pandas_sums[sku]['gross_sales']}"
                )
        return problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])

    return check


def check_pandas(expected: dict[str, Any], into: dict[str, dict[str, Decimal]]) -> Check:
    """The pandas script's own per-SKU sums equal the generator's (so the baseline is right),
    and are kept for the cross-check of flywheel's per-SKU figures."""
    names = ("gross_sales", "units_sold", "selling_fees", "fba_fees", "total")

    def check(stdout: str) -> list[str]:
        sums = {
            row["sku"]: {name: Decimal(row[name]) for name in names}
            for row in csv.DictReader(io.StringIO(stdout))
        }
        problems = []
        for sku in sorted(set(sums) | set(expected["skus"])):
            for name in names:
                want, got = (
                    Decimal(str(expected["skus"].get(sku, {}).get(name, 0))),
                    sums.get(sku, {}).get(name),
                )
                if got != want:
                    problems.append(f"pandas sku {sku}: {name} = {got}, expected {want}")
        if not into:
            into.update(sums)
        return problems[:20]

    return check


# --- tools -----------------------------------------------------------------------------------------


def find_flywheel(given: str | None) -> str:
    if given:
        return given
    beside = Path(sys.executable).parent / "flywheel"
    if beside.exists():
        return str(beside)
    return shutil.which("flywheel") or str(ROOT / ".venv" / "bin" / "flywheel")


def compile_bytecode() -> None:
    """Compile flywheel's modules to bytecode, as `pip install` does for an installed package (and as
    pandas' are): in an editable install with PYTHONDONTWRITEBYTECODE set, every run would otherwise
    compile the sources again, which is not what a user's start-up costs."""
    code = "import compileall, os, flywheel_cli; compileall.compile_dir(os.path.dirname(flywheel_cli.__file__), quiet=1)"
    subprocess.run([sys.executable, "-c", code], check=True)


def has_kpis(flywheel: str) -> bool:
    done = subprocess.run([flywheel, "kpis", "--help"], capture_output=True, check=False)
    return done.returncode == 0


def pandas_version(install: bool) -> tuple[str | None, str]:
    """(version, note): pandas in this interpreter, installed with pip when missing and allowed."""
    probe = [sys.executable, "-c", "import pandas; print(pandas.__version__)"]
    done = subprocess.run(probe, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return done.stdout.strip(), ""
    if not install:
        return None, "pandas is not installed (--no-install given)"
    print("pandas missing: python -m pip install pandas ...", file=sys.stderr)
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pandas"], check=False)
    done = subprocess.run(probe, capture_output=True, text=True, check=False)
    if pip.returncode != 0 or done.returncode != 0:
        return None, "pandas could not be installed with `python -m pip install pandas`"
    return done.stdout.strip(), ""


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def git_revision() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                          text=True, check=False)  # fmt: skip
    return done.stdout.strip() or "unknown"


# --- report ----------------------------------------------------------------------------------------


def ratio_text(numerator: float | None, denominator: float | None) -> tuple[str, float | None]:
    if numerator is None or denominator is None or denominator == 0:
        return "n/a", None
    value = numerator / denominator
    return f"{value:.3f}×", value


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**PASS**" if ok else "**MISS**")


def report(
    commands: dict[str, Command],
    pandas_note: str,
    pandas_ver: str | None,
    failures: Failures,
    argv: list[str],
    repeat: int,
) -> tuple[str, bool]:
    """The markdown report and whether every target was met."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# flywheel benchmark",
        "",
        f"- when: {now}; flywheel at `{git_revision()}`",
        f"- command: `{shlex.join(argv)}`",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{'`/usr/bin/time -v`' if GNU_TIME.exists() else 'getrusage(RUSAGE_CHILDREN)'} for peak RSS; "
        f"pandas {pandas_ver or 'not available'}",
        f"- wall time: best of {repeat} runs; peak RSS: largest over the runs",
        "- flywheel's modules compiled to bytecode first, as `pip install` does (pandas' already are)",
        "",
        "| measurement | file | rows | best wall (s) | all runs (s) | peak RSS (MiB) |",
        "|---|---|---:|---:|---|---:|",
    ]
    for command in commands.values():
        best, peak = command.best, command.peak_mib
        lines.append(
            f"| {command.label} | `{command.dataset.path.name}` | {command.dataset.rows:,} | "
            f"{'-' if best is None else f'{best:.3f}'} | {', '.join(f'{w:.3f}' for w in command.walls) or '-'} | "
            f"{'-' if peak is None else f'{peak:.1f}'} |"
        )
    large, month = commands["kpis-large"], commands["kpis-month"]
    text_a, ratio_a = ratio_text(large.best, commands["csv-large"].best)
    text_b, ratio_b = ratio_text(month.best, commands["pandas"].best if "pandas" in commands else None)
    peak = large.peak_mib
    met_a = None if ratio_a is None else ratio_a <= float(RATIO_TARGET)
    met_rss = None if peak is None else peak <= RSS_TARGET_MIB
    met_b = None if ratio_b is None else ratio_b < 1
    lines += [
        "",
        "| target | measured | target | verdict |",
        "|---|---:|---:|---|",
        f"| (a) `flywheel kpis` wall / `csv.reader` wall, large file | {text_a} | ≤ {RATIO_TARGET}× | "
        f"{verdict(met_a)} |",
        f"| (a) `flywheel kpis` peak RSS, large file | "
        f"{'n/a' if peak is None else f'{peak:.1f} MiB'} | ≤ {RSS_TARGET_MIB} MiB | {verdict(met_rss)} |",
        f"| (b) `flywheel kpis --by sku` wall / pandas wall, month | {text_b} | < 1× | {verdict(met_b)} |",
        "",
    ]
    if pandas_note:
        lines += [f"Part (b) comparison skipped: {pandas_note}.", ""]
    if failures.items:
        lines += (
            ["**Figures or commands FAILED:**", ""] + [f"- {item}" for item in failures.items[:50]] + [""]
        )
    else:
        checked = (
            "account gross_sales, units_sold and net_proceeds equal the generator's to the cent (both files); "
            "per-SKU gross_sales and units_sold equal the generator's"
            + (", and per-SKU gross_sales equal pandas' to the cent" if not pandas_note else "")
        )
        lines += [f"All figures checked on every run: {checked}.", ""]
    met = all(flag is not False for flag in (met_a, met_rss, met_b)) and None not in (met_a, met_rss)
    return "\n".join(lines), met


# --- main ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows-large", type=int, default=1_000_000, help="rows of the large file (a)")
    parser.add_argument("--rows-month", type=int, default=50_000, help="rows of the month file (b)")
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each command; the best wall time counts"
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--skus", type=int, default=500, help="SKUs in each generated file")
    parser.add_argument("--flywheel", help="the flywheel executable (default: beside this Python)")
    parser.add_argument("--no-install", action="store_true", help="do not pip-install pandas when missing")
    parser.add_argument("--fail-on-miss", action="store_true", help="exit 1 when a target is missed as well")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.rows_large < 1 or args.rows_month < 1:
        parser.error("--repeat, --rows-large and --rows-month must be >= 1")

    large = Dataset("large", args.rows_large, args.seed, args.skus, "2026-01-01", 365)
    month = Dataset("month", args.rows_month, args.seed, args.skus, "2026-10-01", 31)
    expected_large, expected_month = ensure(large), ensure(month)
    for dataset in (large, month):
        warm(dataset.path)

    flywheel = find_flywheel(args.flywheel)
    compile_bytecode()
    if not has_kpis(flywheel):
        print(f"FAIL: `{flywheel} kpis --help` does not run: nothing to benchmark", file=sys.stderr)
        return 1
    pandas_ver, pandas_note = pandas_version(not args.no_install)
    if pandas_note:
        print(f"WARNING: {pandas_note}; part (b)'s pandas comparison is skipped", file=sys.stderr)

    pandas_sums: dict[str, dict[str, Decimal]] = {}
    commands = {
        "csv-large": Command(
            "csv.reader (bare loop)", large, [sys.executable, "-c", CSV_LOOP, str(large.path)]
        ),
        "kpis-large": Command(
            "flywheel kpis",
            large,
            [flywheel, "kpis", str(large.path), "--format", "json"],
            check_totals(expected_large),
        ),
        "csv-month": Command(
            "csv.reader (bare loop)", month, [sys.executable, "-c", CSV_LOOP, str(month.path)]
        ),
    }
    if pandas_ver:  # pandas first in each round: its figures are the cross-check for the per-SKU run
        commands["pandas"] = Command(
            "pandas read_csv + groupby", month, [sys.executable, str(PANDAS_SCRIPT), str(month.path)],
            check_pandas(expected_month, pandas_sums),
        )  # fmt: skip
    commands["kpis-month"] = Command(
        "flywheel kpis --by sku",
        month,
        [flywheel, "kpis", str(month.path), "--by", "sku", "--format", "json"],
        check_per_sku(expected_month, pandas_sums),
    )

    failures = Failures()
    print(f"measuring, {args.repeat} round(s) ...", file=sys.stderr)
    measure(list(commands.values()), args.repeat, failures)

    command_line = [rel(Path(sys.executable)), rel(Path(__file__)), *sys.argv[1:]] if argv is None else argv
    text, met = report(commands, pandas_note, pandas_ver, failures, command_line, args.repeat)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {rel(RESULTS / 'latest.md')})", file=sys.stderr)
    if failures.items:
        return 1
    return 1 if args.fail_on_miss and not met else 0


if __name__ == "__main__":
    sys.exit(main())
