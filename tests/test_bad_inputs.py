"""The hand-written bad-input files (tests/fixtures/bad): exit 2, one located error line, no output."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT, flywheel

BAD = FIXTURES / "bad"
CASES = yaml.safe_load((BAD / "manifest.yaml").read_text(encoding="utf-8"))

# Where flywheel deliberately reports less than the manifest knows: an unknown table has no row to
# blame (no header was found), and the csv module cannot tell in which field a quote was left open.
LOCATION_OVERRIDES = {"unknown-table.csv": (None, None), "truncated-payments.csv": (11, None)}


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_bad_input_is_located(case: dict[str, Any]) -> None:
    path = (BAD / case["file"]).relative_to(ROOT)
    line, column = LOCATION_OVERRIDES.get(case["file"], (case["line"], case["column"]))
    location = str(path) + (f":{line}" if line else "") + (f":{column}" if column else "")
    result = flywheel("inspect", str(path), "--format", "json")
    assert result.code == 2
    assert result.out == ""
    first, *rest = result.err.splitlines()
    assert first.startswith(f"{location}: error: "), result.err
    assert len(rest) <= 1 and all(line.startswith("hint: ") for line in rest), result.err
