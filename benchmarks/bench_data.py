"""The benchmark's data sets: generated once into benchmarks/data/, reused while they are current.

A file is current when its expected JSON names the same profile, arguments and generator version
(generate_payments.PROFILE_VERSIONS). When only the expected JSON is behind (it gained figures: its
`expected_version` is older), the generator is run with --expected-only, which leaves the large CSV as
it is. A file is written as `NAME.part` and renamed, so an interrupted run never leaves half a file
that looks current.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
GENERATOR = BENCH / "generate_payments.py"
BYTES_PER_ROW = 420  # a realistic row is about 400 bytes; a little over, for the disk check
DISK_MARGIN = 2 << 30  # leave 2 GiB free besides the file


@dataclass(frozen=True)
class Dataset:
    name: str  # large, huge, month, tiny
    profile: str  # repetitive, random-price, realistic
    rows: int
    seed: int
    skus: int
    start: str
    days: int

    @property
    def label(self) -> str:
        return f"{self.profile} {self.name} ({short(self.rows)} rows)"

    @property
    def path(self) -> Path:
        # The repetitive files keep the names they had before profiles existed, so they are reused.
        profile = "" if self.profile == "repetitive" else f"-{self.profile}"
        return DATA / f"payments-{self.name}{profile}-{self.rows}rows-seed{self.seed}-skus{self.skus}.csv"

    @property
    def expected_path(self) -> Path:
        return self.path.with_suffix(".expected.json")

    @property
    def cogs_path(self) -> Path:
        return self.path.with_suffix(".cogs.csv")

    @property
    def config_path(self) -> Path:
        """A flywheel.yaml naming the cost file, for `flywheel costs`."""
        return self.path.with_suffix(".flywheel.yaml")

    def generator_options(self) -> list[str]:
        return ["--profile", self.profile, "--seed", str(self.seed), "--skus", str(self.skus),
                "--start", self.start, "--days", str(self.days)]  # fmt: skip


def short(rows: int) -> str:
    if rows >= 1_000_000 and rows % 100_000 == 0:
        return f"{rows / 1_000_000:g}M"
    if rows >= 1_000 and rows % 100 == 0:
        return f"{rows / 1_000:g}k"
    return f"{rows:,}"


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def versions() -> tuple[dict[str, int], int]:
    sys.path.insert(0, str(BENCH))
    try:
        import generate_payments

        return dict(generate_payments.PROFILE_VERSIONS), generate_payments.EXPECTED_VERSION
    finally:
        sys.path.remove(str(BENCH))


def _current(dataset: Dataset, expected: dict[str, Any], profile_versions: dict[str, int]) -> bool:
    args = {"rows": dataset.rows, "seed": dataset.seed, "skus": dataset.skus, "start": dataset.start,
            "days": dataset.days}  # fmt: skip
    return (
        expected.get("args") == args
        and expected.get("profile", "repetitive") == dataset.profile
        and expected.get("generator_version") == profile_versions[dataset.profile]
    )


def room_for(dataset: Dataset) -> str:
    """Why the file cannot be written here ('' when it can)."""
    if dataset.path.exists():
        return ""
    DATA.mkdir(parents=True, exist_ok=True)
    need, free = dataset.rows * BYTES_PER_ROW, shutil.disk_usage(DATA).free
    if free < need + DISK_MARGIN:
        return f"{dataset.label}: needs about {need / 2**30:.1f} GiB, {free / 2**30:.1f} GiB free on the disk"
    return ""


def ensure(dataset: Dataset) -> dict[str, Any]:
    """The dataset's expected figures, generating the file (or only its expected JSON) when stale."""
    profile_versions, expected_version = versions()
    expected: dict[str, Any] = {}
    if dataset.path.exists() and dataset.expected_path.exists():
        expected = json.loads(dataset.expected_path.read_text(encoding="utf-8"))
    csv_current = bool(expected) and _current(dataset, expected, profile_versions)
    if csv_current and expected.get("expected_version") == expected_version and dataset.cogs_path.exists():
        print(f"using {rel(dataset.path)}", file=sys.stderr)
        return expected
    DATA.mkdir(parents=True, exist_ok=True)
    part_csv = dataset.path.with_name(dataset.path.name + ".part")
    part_json, part_cogs = (
        path.with_name(path.name + ".part") for path in (dataset.expected_path, dataset.cogs_path)
    )
    argv = [sys.executable, str(GENERATOR), str(dataset.rows), str(part_csv), *dataset.generator_options(),
            "--expected-json", str(part_json), "--cogs-csv", str(part_cogs)]  # fmt: skip
    if csv_current:
        argv.append("--expected-only")
        print(f"updating the expected figures of {rel(dataset.path)} ...", file=sys.stderr)
    else:
        print(f"generating {rel(dataset.path)} ({dataset.rows:,} rows) ...", file=sys.stderr)
    started = time.perf_counter()
    subprocess.run(argv, check=True)
    if not csv_current:
        part_csv.replace(dataset.path)
    part_json.replace(dataset.expected_path)
    part_cogs.replace(dataset.cogs_path)
    print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    result: dict[str, Any] = json.loads(dataset.expected_path.read_text(encoding="utf-8"))
    return result


def write_config(dataset: Dataset) -> Path:
    dataset.config_path.write_text(
        "# written by benchmarks/run.py: the cost file for `flywheel costs`\n"
        f"currency: USD\nmarketplace: US\ncosts:\n  cogs_file: {dataset.cogs_path.name}\n",
        encoding="utf-8",
    )
    return dataset.config_path


def warm(path: Path) -> None:
    """Read the file once so that the first measured command does not pay for the disk."""
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass
