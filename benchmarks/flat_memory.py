"""Is `--by day` memory flat in rows? The realistic 1M file against itself written three times over.

`make bench` compares the realistic 1M and 3M files, but the 3M one fills 10% more SKU-days (182,330
buckets against 165,021) and so crosses a step of Python's dict (docs/decisions.md, "Flat memory").
This script holds the SKU-days still and triples the rows: it writes the 1M file's preamble and header
and then its data rows three times (benchmarks/data/, removed afterwards), runs `flywheel kpis --by
day --format json` on both under `/usr/bin/time`, checks that every day's gross sales and units of the
tripled file are three times the 1M file's, and prints both peaks and their ratio.

    .venv/bin/python benchmarks/flat_memory.py            # after `make bench` made the 1M file
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench_data import DATA, Dataset, rel
from bench_measure import GNU_TIME

LARGE = Dataset("large", "realistic", 1_000_000, seed=1, skus=500, start="2026-01-01", days=365)


def tripled(source: Path, target: Path) -> None:
    """`source`'s lines up to its header, then its data rows three times."""
    with source.open("rb") as file:
        head: list[bytes] = []
        for line in file:
            head.append(line)
            if line.startswith(b'"date/time"'):
                break
        body_at = file.tell()
    with target.open("wb") as out:
        out.writelines(head)
        for _ in range(3):
            with source.open("rb") as file:
                file.seek(body_at)
                while block := file.read(1 << 20):
                    out.write(block)


def run(flywheel: str, path: Path) -> tuple[float, dict[str, Any]]:
    """Peak RSS (MiB) and the JSON of `flywheel kpis PATH --by day`."""
    env = {**os.environ, "FLYWHEEL_NO_CACHE": "1"}
    done = subprocess.run(
        [str(GNU_TIME), "-f", "%M", flywheel, "kpis", str(path), "--by", "day", "--format", "json"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return peak_kib / 1024, json.loads(done.stdout, parse_float=Decimal)


def by_day(document: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {row["scope"]["day"]: (row["metrics"]["gross_sales"], row["metrics"]["units_sold"])
            for row in document["rows"]}  # fmt: skip


def main() -> int:
    if not GNU_TIME.exists():
        print("FAIL: needs /usr/bin/time (Debian: apt install time)", file=sys.stderr)
        return 1
    if not LARGE.path.exists():
        print(f"FAIL: {rel(LARGE.path)} is missing: run `make bench` first", file=sys.stderr)
        return 1
    flywheel = str(Path(sys.executable).parent / "flywheel")
    thrice = DATA / "payments-large-realistic-1000000rows-seed1-skus500.thrice.csv"
    try:
        tripled(LARGE.path, thrice)
        once_mib, once = run(flywheel, LARGE.path)
        thrice_mib, three = run(flywheel, thrice)
    finally:
        thrice.unlink(missing_ok=True)
    days_once, days_three = by_day(once), by_day(three)
    wrong = [
        day for day, (sales, units) in days_once.items() if days_three.get(day) != (sales * 3, units * 3)
    ]
    if wrong or days_once.keys() != days_three.keys():
        print(
            f"FAIL: the tripled file's days are not three times the 1M file's: {wrong[:5]}", file=sys.stderr
        )
        return 1
    print(f"{rel(LARGE.path)}: {once_mib:.1f} MiB; the same rows three times: {thrice_mib:.1f} MiB "
          f"({thrice_mib / once_mib:.2f}x); {len(days_once)} days, each three times the sales and units")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
