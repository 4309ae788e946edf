"""Fuzzing the read path: mutated real-layout fixtures never crash flywheel.

Each example takes a fixture, damages it the way files get damaged — flipped bytes, a cut, shuffled
columns, a huge cell, odd numbers and dates — and runs `flywheel kpis` on it in-process. Whatever the
damage, the run ends in 0, 1 or 2 (never 3, the internal-error code), prints no traceback, and an
exit 2 says where in one located line (`path:line:col: error: …`). Bounded so that `make test` stays
quick and never flaky: 50 examples per strategy, the same ones every run. For a longer campaign with
fresh random examples: `FLYWHEEL_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flywheel_cli.cli import main
from tests.conftest import EXAMPLE, FIXTURES

REPORTS = FIXTURES / "reports"
SOURCES = [
    REPORTS / "payments" / "us-32col.csv",
    REPORTS / "payments" / "de-29col.csv",
    REPORTS / "business-report" / "us-child-22col.csv",
    REPORTS / "ads-sp-advertised-product" / "legacy-start-end.csv",
    REPORTS / "ads-sp-search-term" / "console-2025-summary.csv",
    REPORTS / "fba-returns" / "returns.txt",
    REPORTS / "fba-inventory" / "planning-csv.csv",
    REPORTS / "seller-performance" / "sp-api-two-marketplaces.json",
    EXAMPLE / "cogs.csv",
]
ODD_NUMBERS = ["1e999", "--5", "(-3.00)", "NaN", "Infinity", "9" * 40 + ".99", "0x10", "1,2,3,4", "١٢٣", "½",
               "$", "-", "1.2.3", "12345678901234567890123456789.12", "+-7", "1" + "0" * 5000]  # fmt: skip
ODD_DATES = ["Feb 30, 2026", "9999-12-31", "0000-00-00", "31.02.2026", "Dec 31, 9999 11:59:59 PM PST",
             "2026-13-01", "yesterday", "1/1/0001"]  # fmt: skip
LOCATED = re.compile(r"^(flywheel|\S.*?(:\d+(:\d+)?)?): error: \S")
FUZZ = settings(
    max_examples=int(os.environ.get("FLYWHEEL_FUZZ_EXAMPLES", "50")),
    deadline=10_000,
    derandomize="FLYWHEEL_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def _check(path: Path) -> None:
    code, _, err = _run("kpis", str(path), "--format", "json", "--by", "week")
    assert code in {0, 1, 2}, err
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 2:
        assert LOCATED.match(err), err
        assert len(err) < 4_000, "an error is a line and a hint, not an echo of the input"


def _write(tmp_path: Path, source: Path, data: bytes, name: str = "") -> Path:
    target = tmp_path / (name or f"fuzzed{source.suffix}")
    target.write_bytes(data)
    return target


@FUZZ
@given(source=st.sampled_from(SOURCES), data=st.data())
def test_flipped_bytes(tmp_path: Path, source: Path, data: st.DataObject) -> None:
    raw = bytearray(source.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    _check(_write(tmp_path, source, bytes(raw)))


@FUZZ
@given(source=st.sampled_from(SOURCES), data=st.data())
def test_cut_files_and_cut_archives(tmp_path: Path, source: Path, data: st.DataObject) -> None:
    raw = source.read_bytes()
    if data.draw(st.booleans()):
        raw = gzip.compress(raw)
        target = f"fuzzed{source.suffix}.gz"
    else:
        target = ""
    _check(_write(tmp_path, source, raw[: data.draw(st.integers(1, len(raw)))], target))


@FUZZ
@given(source=st.sampled_from(SOURCES[:7]), data=st.data())
def test_shuffled_columns_and_odd_cells(tmp_path: Path, source: Path, data: st.DataObject) -> None:
    text = source.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    separator = "\t" if "\t" in lines[-1] else ";" if lines[-1].count(";") > lines[-1].count(",") else ","
    rows = [line.split(separator) for line in lines]
    width = max(len(row) for row in rows)
    first, second = data.draw(st.integers(0, width - 1)), data.draw(st.integers(0, width - 1))
    for row in rows:
        if max(first, second) < len(row):
            row[first], row[second] = row[second], row[first]
    target_row = rows[data.draw(st.integers(len(rows) // 2, len(rows) - 1))]
    column = data.draw(st.integers(0, len(target_row) - 1))
    odd = data.draw(st.sampled_from([*ODD_NUMBERS, *ODD_DATES, "x" * 100_000, "\x1b[2J", "[/]", '""']))
    quote = '"' if target_row[column].startswith('"') else ""
    target_row[column] = f"{quote}{odd}{quote}"
    _check(_write(tmp_path, source, "\n".join(separator.join(row) for row in rows).encode("utf-8")))


def test_the_fuzz_harness_sees_a_located_error(tmp_path: Path) -> None:
    """The harness itself: a known bad cell gives exit 2 and a located line (so the checks above bite)."""
    text = (REPORTS / "fba-returns" / "returns.txt").read_text(encoding="utf-8").splitlines()
    cells = text[1].split("\t")
    cells[6] = "two"
    text[1] = "\t".join(cells)
    path = tmp_path / "returns.txt"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    code, out, err = _run("kpis", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}:2:7: error: a whole number was expected in column 'quantity', found 'two'")
    assert sys.stdout is not None
