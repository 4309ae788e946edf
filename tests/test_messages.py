"""Messages a user can act on: one line per error, whatever went wrong (the hardening issue)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, flywheel


def test_usage_errors_are_one_line_and_a_hint() -> None:
    cases = {
        ("kpis", "--by", "nope", "x.csv"): (
            "flywheel: error: Invalid value for '--by': 'nope' is not one of 'account', 'marketplace', 'sku', "
            "'asin', 'parent-asin', 'category', 'fulfillment', 'day', 'week', 'month', 'campaign', 'search-term', "
            "'targeting'.\n"
            "hint: `flywheel kpis --help` lists the options, with examples\n"
        ),
        ("kpis",): (
            "flywheel: error: Missing argument 'paths'.\nhint: `flywheel kpis --help` lists the options, with examples\n"
        ),
        (
            "nosuch",
        ): "flywheel: error: No such command 'nosuch'.\nhint: `flywheel --help` lists the options, with examples\n",
        ("check", "x.csv", "--fail-on", "loud"): (
            "flywheel: error: Invalid value for '--fail-on': 'loud' is not one of 'warning', 'error'.\n"
            "hint: `flywheel check --help` lists the options, with examples\n"
        ),
    }
    for args, expected in cases.items():
        result = flywheel(*args)
        assert (result.code, result.out, result.err) == (2, "", expected), args


def test_help_and_version_still_exit_0() -> None:
    assert flywheel("--version").code == 0
    helped = flywheel("kpis", "--help")
    assert helped.code == 0 and helped.out.startswith("Usage: flywheel kpis [OPTIONS]")
    bare = flywheel()
    assert bare.code == 2 and bare.err.startswith("Usage: flywheel [OPTIONS] COMMAND [ARGS]...")


def test_a_long_bad_cell_is_quoted_in_part(tmp_path: Path) -> None:
    lines = (EXAMPLE / "payments-2026-10.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[8] = lines[8].replace('"27.99"', '"' + "9" * 100_000 + 'x"', 1)
    damaged = tmp_path / "payments.csv"
    damaged.write_text("".join(lines), encoding="utf-8")
    result = flywheel("kpis", str(damaged))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"{damaged}:9:15: error: an amount was expected in column 'product sales', found '{'9' * 60}'… "
        "(100,001 characters)\n"
        "hint: was the file edited by hand or re-saved with another number format? re-download the report\n"
    )


def test_an_unreadable_subfolder_is_a_warning_like_a_skipped_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flywheel_cli import api

    shutil.copy(EXAMPLE / "fba-returns-2026-10.txt", tmp_path / "returns.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    scandir = os.scandir

    def refuse(path: Any = ".") -> Any:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)  # as root, chmod 000 would not stop the walk
    result = api.inspect([str(tmp_path)])
    assert [(s.path, s.reason) for s in result.skipped] == [
        (str(locked), "cannot read the folder: Permission denied")
    ]
    assert [s.kind for s in result.inputs] == ["fba-returns"]


def test_a_missing_cost_file_is_located_at_the_line_that_names_it(tmp_path: Path) -> None:
    config = tmp_path / "flywheel.yaml"
    config.write_text("currency: USD\ncosts:\n  cogs_file: costs/nope.csv\n", encoding="utf-8")
    result = flywheel("kpis", str(EXAMPLE / "payments-2026-10.csv"), "-c", str(config))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"{config}:3:14: error: costs.cogs_file: no such file '{tmp_path}/costs/nope.csv'\n"
        "hint: the path is relative to this flywheel.yaml\n"
    )


def test_an_undecodable_byte_near_the_header_is_located(tmp_path: Path) -> None:
    header = "return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\tfulfillment-center-id\t"
    header += "detailed-disposition\treason\tstatus\n"
    row = "2026-10-03T10:39:56+00:00\t114-1\tLL-1\tB0C1\tX001\tCafé lamp\t1\tMDW2\tSELLABLE\tX\tY\n"
    returns = tmp_path / "returns.txt"
    returns.write_bytes((header + row).encode("cp1252"))
    result = flywheel("kpis", str(returns), "--encoding", "utf-8")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{returns}:2:51: error: cannot decode byte 0xe9 (utf-8)\n")
