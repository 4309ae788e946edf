"""IPI sell-through: Amazon's own figure per SKU from the FBA Inventory report's `sell-through` column,
through the CLI as a user runs it. Every expected value is the fixture's cell, read by hand from
tests/fixtures/reports/fba-inventory/ (docs/metrics.md, docs/analyses.md "IPI components")."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.conftest import FIXTURES, flywheel

D = Decimal
HERE = FIXTURES / "reports" / "fba-inventory"
PLANNING_CSV = str(HERE / "planning-csv.csv")  # 2025+ quoted CSV: sell-through 2.41, 0.48, 1.68
PLANNING_TAB = str(HERE / "planning-tab.txt")  # old tab layout: 2.95, 0.52, 0.0 (out of stock)
AGE = str(HERE / "inventory-age.csv")  # MWS-era Inventory Age: 0.45, 0.09, 0.38
MYI = str(HERE / "manage-inventory.txt")  # Manage FBA Inventory: no sell-through column


def _kpis(*args: str) -> dict[str, Any]:
    result = flywheel("kpis", *args, "--by", "sku", "--format", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out, parse_float=D)
    return document


def _by_sku(document: dict[str, Any]) -> dict[str, Any]:
    return {row["scope"]["sku"]: row["metrics"]["sell_through"] for row in document["rows"]}


def test_sell_through_is_amazons_figure_per_sku() -> None:
    document = _kpis(PLANNING_CSV)
    assert _by_sku(document) == {"FW-MUG-12OZ-BLU": D("2.41"), "FW-MUG-12OZ-GRN": D("0.48"),
                                 "FW-BOTTLE-750-BLK": D("1.68")}  # fmt: skip
    assert "sell_through" not in document["unavailable"]


def test_sell_through_of_the_old_layouts() -> None:
    # Out of stock with 41 units shipped in 90 days: Amazon writes 0.0, and 0 it stays (not null).
    assert _by_sku(_kpis(PLANNING_TAB)) == {"FW-MUG-12OZ-BLU": D("2.95"), "FW-MUG-12OZ-GRN": D("0.52"),
                                            "FW-BOTTLE-750-BLK": D("0")}  # fmt: skip
    assert _by_sku(_kpis(AGE)) == {"FW-MUG-12OZ-BLU": D("0.45"), "FW-MUG-12OZ-GRN": D("0.09"),
                                   "FW-LED-STRIP-5M": D("0.38")}  # fmt: skip


def test_sell_through_is_never_summed_above_one_sku() -> None:
    # 2.41 + 0.48 + 1.68 = 4.57 would be no sell-through at all; the average units available behind
    # Amazon's account figure is not in the report, so the account's is null.
    document = _kpis(PLANNING_CSV)
    assert document["total"]["metrics"]["sell_through"] is None
    month = flywheel("kpis", PLANNING_CSV, "--format", "json")
    assert month.code == 0, month.err
    assert json.loads(month.out)["total"]["metrics"]["sell_through"] is None


def test_a_layout_without_the_column_gives_null_with_the_reason() -> None:
    document = _kpis(MYI)
    assert set(_by_sku(document).values()) == {None}
    assert document["unavailable"]["sell_through"] == (
        f"{MYI} has no 'sell-through' column (fba-inventory, manage-inventory layout)"
    )


def test_restock_rows_carry_it_and_the_ipi_says_why_the_account_has_none() -> None:
    result = flywheel("restock", PLANNING_CSV, "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out, parse_float=D)
    rows = {row["sku"]: row["sell_through"] for row in document["rows"]}
    assert rows == {
        "FW-MUG-12OZ-BLU": D("2.41"),
        "FW-MUG-12OZ-GRN": D("0.48"),
        "FW-BOTTLE-750-BLK": D("1.68"),
    }
    assert document["ipi"]["sell_through"] is None
    assert "gives it per SKU (each row's sell_through)" in document["ipi"]["reasons"]["sell_through"]
    table = flywheel("restock", PLANNING_CSV, "--format", "plain")
    assert table.code == 0, table.err
    assert "sell-through" in table.out and "2.41" in table.out


def test_restock_without_the_column() -> None:
    result = flywheel("restock", MYI, "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert [row["sell_through"] for row in document["rows"]] == [None, None, None]
    assert document["ipi"]["reasons"]["sell_through"] == (
        f"{MYI} has no 'sell-through' column (fba-inventory, manage-inventory layout)"
    )
