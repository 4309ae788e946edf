"""The parse cache (core/parse_cache.py): a second run reads only what changed, and says the same bytes.

A hit is seen from outside: it leaves the entry's file in place (same inode), a miss writes a new one
(written to a temporary file and renamed). Every run here has its own cache folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import EXAMPLE, FIXTURES, flywheel

PAYMENTS = FIXTURES / "reports" / "payments" / "us-32col.csv"


def entries(cache: Path) -> dict[str, int]:
    """Each fold entry's name → its inode."""
    return (
        {p.name: p.stat().st_ino for p in (cache / "folds").glob("*/*")} if (cache / "folds").exists() else {}
    )


def old(path: Path) -> Path:
    """Give a file written by the test an old time, as a past export has (a file changed within the
    last seconds is hashed again every run: the cache does not remember its hash)."""
    os.utime(path, (1_700_000_000, 1_700_000_000))
    return path


def test_a_second_run_reuses_every_input_and_prints_the_same_bytes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"FLYWHEEL_CACHE_DIR": str(cache)}
    first = flywheel("report", str(EXAMPLE), "--format", "json", env=env)
    assert first.code == 0, first.err
    kept = entries(cache)
    # One per report the folder holds (not the cost file: read apart), one per rule pack the report
    # checks (the two its flywheel.yaml names: validated once), and flywheel.yaml validated.
    assert len(kept) == 10 + 2 + 1
    second = flywheel("report", str(EXAMPLE), "--format", "json", env=env)
    fresh = flywheel("report", str(EXAMPLE), "--format", "json", "--no-cache", env=env)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert (fresh.code, fresh.out, fresh.err) == (first.code, first.out, first.err)
    assert entries(cache) == kept  # every entry was read, none written again


def test_no_cache_neither_reads_nor_writes_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    done = flywheel("kpis", str(EXAMPLE), "--no-cache", env={"FLYWHEEL_CACHE_DIR": str(cache)})
    assert done.code == 0, done.err
    assert entries(cache) == {}
    off = flywheel("kpis", str(EXAMPLE), env={"FLYWHEEL_CACHE_DIR": str(cache), "FLYWHEEL_NO_CACHE": "1"})
    assert (off.code, off.out) == (0, done.out)
    assert entries(cache) == {}


def test_a_changed_file_is_read_again_and_its_new_figures_count(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"FLYWHEEL_CACHE_DIR": str(cache)}
    report = old(Path(shutil.copy(PAYMENTS, tmp_path / "payments.csv")))
    before = flywheel("kpis", str(report), "-m", "units_sold", "--format", "csv", env=env)
    data = report.read_bytes()
    # The same size: only the quantity of the first Order row changes (2 mugs → 8).
    assert b'"Flywheel Ceramic Mug, 12 oz, Blue","2"' in data
    report.write_bytes(data.replace(b'Blue","2"', b'Blue","8"', 1))
    assert report.stat().st_size == PAYMENTS.stat().st_size
    after = flywheel("kpis", str(report), "-m", "units_sold", "--format", "csv", env=env)
    assert (before.code, before.out) == (0, "metrics.units_sold\n3\n")
    assert (after.code, after.out) == (0, "metrics.units_sold\n9\n")
    assert len(entries(cache)) == 2


def test_a_damaged_entry_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"FLYWHEEL_CACHE_DIR": str(cache)}
    first = flywheel("kpis", str(PAYMENTS), "--format", "json", env=env)
    (entry,) = (cache / "folds").glob("*/*")
    data = bytearray(entry.read_bytes())
    data[-20] ^= 0xFF  # one flipped byte in the pickle: its checksum no longer matches
    entry.write_bytes(bytes(data))
    again = flywheel("kpis", str(PAYMENTS), "--format", "json", env=env)
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    assert entry.read_bytes() != bytes(data)  # written anew
    entry.write_bytes(b"flywheel fold cache\n1\n")  # cut short
    third = flywheel("kpis", str(PAYMENTS), "--format", "json", env=env)
    assert (third.code, third.out) == (0, first.out)


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be\n", encoding="utf-8")
    done = flywheel("kpis", str(PAYMENTS), "--format", "json", env={"FLYWHEEL_CACHE_DIR": str(blocker)})
    plain = flywheel("kpis", str(PAYMENTS), "--format", "json", "--no-cache")
    assert (done.code, done.out, done.err) == (0, plain.out, plain.err)


def test_the_period_and_the_grain_are_part_of_the_key(tmp_path: Path) -> None:
    env = {"FLYWHEEL_CACHE_DIR": str(tmp_path / "cache")}
    whole = flywheel("kpis", str(EXAMPLE), "-m", "gross_sales", "--format", "csv", env=env)
    week = flywheel("kpis", str(EXAMPLE), "-m", "gross_sales", "--format", "csv",
                    "--period", "2026-10-05..2026-10-11", env=env)  # fmt: skip
    daily = flywheel("kpis", str(EXAMPLE), "-m", "gross_sales", "--by", "day", "--format", "csv", env=env)
    for done in (whole, week, daily):
        assert done.code == 0, done.err
    uncached = [
        flywheel("kpis", str(EXAMPLE), "-m", "gross_sales", "--format", "csv", *extra, "--no-cache").out
        for extra in ((), ("--period", "2026-10-05..2026-10-11"), ("--by", "day"))
    ]
    assert [whole.out, week.out, daily.out] == uncached
    assert whole.out != week.out


def test_standard_input_is_never_cached(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    text = PAYMENTS.read_text(encoding="utf-8-sig")
    done = flywheel("kpis", "-", "--format", "json", stdin=text, env={"FLYWHEEL_CACHE_DIR": str(cache)})
    assert done.code == 0, done.err
    assert entries(cache) == {}
