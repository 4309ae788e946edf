"""The demo store doubles as a fixture: it must stay what its generator writes, and read cleanly."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import EXAMPLE, ROOT, flywheel


def test_example_store_matches_its_generator() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_example_store.py"), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_inspect_example_store() -> None:
    result = flywheel("inspect", str(EXAMPLE), "--format", "json")
    assert result.code == 0, result.err
    kinds = {entry["kind"]: entry for entry in json.loads(result.out)["inputs"]}
    assert sorted(kinds) == [
        "ads-sp-advertised-product", "ads-sp-search-term", "business-report", "cogs", "fba-inventory",
        "fba-returns", "payments", "seller-performance",
    ]  # fmt: skip
    assert kinds["payments"]["rows"] == 1098
    assert kinds["payments"]["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert all(entry["unknown_columns"] == [] for entry in kinds.values())
