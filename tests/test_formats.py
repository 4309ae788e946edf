"""Golden outputs of every format, and the properties each format promises.

Regenerate after an intended change with: UPDATE_GOLDEN=1 python -m pytest tests/test_formats.py
and review the diff like any other change.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, flywheel

GOLDEN = ROOT / "tests" / "golden"
FORMATS = ["plain", "markdown", "json", "ndjson", "csv", "table"]
CASES = [
    ("kpis-sku", ["kpis", "--by", "sku"]),
    ("kpis-month", ["kpis", "--by", "month"]),
    ("report", ["report"]),
    ("inspect", ["inspect"]),
]


def _relative(text: str) -> str:
    return text.replace(str(ROOT) + os.sep, "")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("name", "args"), CASES, ids=[name for name, _ in CASES])
def test_golden(name: str, args: list[str], fmt: str) -> None:
    result = flywheel(*args, "examples/lumen-lighting/", "--format", fmt, env={"COLUMNS": "100"})
    assert result.code == 0, result.err
    assert result.err == ""
    golden = GOLDEN / f"{name}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(result.out, encoding="utf-8")
    assert result.out == golden.read_text(encoding="utf-8")


def test_json_is_byte_identical_between_runs() -> None:
    first = flywheel("kpis", str(EXAMPLE), "--by", "sku", "--format", "json")
    second = flywheel("kpis", str(EXAMPLE), "--by", "sku", "--format", "json")
    assert first.out == second.out


def test_ndjson_is_one_object_per_row() -> None:
    result = flywheel("kpis", str(EXAMPLE), "--by", "sku", "--format", "ndjson")
    lines = result.out.splitlines()
    assert len(lines) == 9  # 8 SKUs and the unattributed row
    assert all(set(json.loads(line)) == {"scope", "metrics"} for line in lines)


def test_csv_neutralises_formula_cells(tmp_path: Path) -> None:
    source = (EXAMPLE / "payments-2026-10.csv").read_text(encoding="utf-8")
    path = tmp_path / "evil.csv"
    path.write_text(source.replace('"LL-NITE-2PK"', '"=HYPERLINK(""http://x"")"'), encoding="utf-8")
    result = flywheel("kpis", str(path), "--by", "sku", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    skus = [row["scope.sku"] for row in rows]
    assert '\'=HYPERLINK("http://x")' in skus
    assert not any(sku.startswith("=") for sku in skus)
    negative = [row["metrics.net_proceeds"] for row in rows if row["metrics.net_proceeds"].startswith("-")]
    assert negative  # numbers keep their minus sign: only text is neutralised


def test_no_color_and_no_escape_codes_in_pipes() -> None:
    result = flywheel("report", str(EXAMPLE), "--format", "table")
    assert "\x1b[" not in result.out


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listing = flywheel("--help").out
    commands = [line.split()[0] for line in listing.split("Commands:")[1].splitlines() if line.strip()]
    assert commands
    for command in commands:
        assert f"flywheel {command}" in readme, command
        helped = flywheel(command, "--help")
        assert helped.code == 0 and "Examples:" in helped.out, command
