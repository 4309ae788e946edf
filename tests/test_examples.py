"""The demo store doubles as a fixture: it must stay what its generator writes, and read cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from typing import Any

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
        "ads-sp-advertised-product", "ads-sp-search-term", "business-report", "cogs", "fba-fee-preview",
        "fba-inventory", "fba-returns", "listings", "payments", "seller-feedback", "seller-performance",
    ]  # fmt: skip
    assert kinds["payments"]["rows"] == 1098
    assert kinds["payments"]["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert all(entry["unknown_columns"] == [] for entry in kinds.values())


SEPTEMBER = EXAMPLE.parent / "lumen-lighting-2026-09"


def _json(*args: str) -> Any:
    done = flywheel(*args, "--format", "json")
    assert done.code == 0, done.err
    return json.loads(done.out, parse_float=Decimal)


def test_the_demo_folders_show_each_analysis() -> None:
    """The demo store (October) and its September folder hold what every analysis needs; the figures
    are the generator's hand-computed facts (examples/README or the generator's notes)."""
    # Two folders, one flywheel.yaml (the store's): its spans place both by-item Business Reports.
    months = _json("trend", str(EXAMPLE), str(SEPTEMBER), "--by", "month")["rows"]
    by_month = {row["scope"]["month"]: row["metrics"] for row in months}
    assert (by_month["2026-09"]["ordered_product_sales"], by_month["2026-09"]["units_ordered"]) == (
        Decimal("43560.72"), 1128,
    )  # fmt: skip
    assert (by_month["2026-10"]["ordered_product_sales"], by_month["2026-10"]["units_ordered"]) == (
        Decimal("47468.02"), 1298,
    )  # fmt: skip
    assert by_month["2026-10"]["net_profit"] == Decimal("3574.27")  # October alone, as in the README
    terms = _json("ads", "terms", str(EXAMPLE), str(SEPTEMBER))
    assert [t["term"] for t in terms["terms"] if t["action"] == "harvest"] == [
        "warm white fairy lights for bedroom"
    ]
    audit = _json("fees", "audit", str(EXAMPLE))
    assert [(r["scope"]["sku"], r["units"], r["overcharge"]) for r in audit["rows"]] == [
        ("LL-SOLAR-PATH8", 111, Decimal("44.4")), ("LL-UCAB-12IN2", 110, Decimal("41.8")),
    ]  # fmt: skip
    assert audit["total"]["overcharge"] == Decimal("86.2")
    channels = {
        r["scope"]["fulfillment"]: r["metrics"]["units_sold"]
        for r in _json("kpis", str(EXAMPLE), "--by", "fulfillment")["rows"]
    }
    assert (channels["FBA"], channels["FBM"]) == (1181, 69)
    total = _json("kpis", str(EXAMPLE))["total"]["metrics"]
    assert (
        total["listings_title_over_200"],
        total["negative_feedback_count"],
        total["negative_feedback_unanswered"],
    ) == (1, 4, 2)
