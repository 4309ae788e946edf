"""`flywheel restock`: replenishment per SKU and the IPI components, through the CLI as a user runs it.
Every expected value is worked out by hand from tests/fixtures/analyses/restock/ (below)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, flywheel

D = Decimal
HERE = FIXTURES / "analyses" / "restock"
PLANNING = str(HERE / "fba-inventory-planning-2026-10-31.csv")  # 2025+ quoted CSV, snapshot 2026-10-31
MYI = str(HERE / "manage-fba-inventory.txt")  # Manage FBA Inventory: no snapshot date, no t30, no ages
PAYMENTS = str(HERE / "payments-2026-10.csv")  # rows dated Oct 1 … Oct 31: 31 days
STORAGE = str(HERE / "storage-fees-2026-10.txt")
CONFIG = str(HERE / "flywheel.yaml")  # defaults 30/14/45; FW-MUG-16* lead 60 safety 20;
# gl_kitchen cover 60; gl_sports cover 15

# Storage fee per unit on hand, latest month (2026-10) of each ASIN:
#   B0C1234567 (BLU)  6.2400 / 50.00            = 0.1248
#   B0C1234568 (GRN)  (6.0000 + 3.0000) / 60.00 = 0.15   (its 2026-09 row is older: not used)
#   B0C3456789 (LID)  6.2400 / 50.00            = 0.1248
# The planning report, with CONFIG (v = units-shipped-t30 / 30):
PLANNED = {
    # available 0, t30 140: v = 14/3. gl_sports: lead 30, safety 14, cover 15.
    # reorder ⌈14/3 × 44⌉ = ⌈205.33⌉ = 206; order ⌈14/3 × 45⌉ − 0 = 210 exactly (not 211); out today.
    "FW-BOTTLE-750-BLK": {
        "velocity": D("4.6667"), "days_of_supply": D("0.00"), "stockout_date": "2026-10-31",
        "reorder_point": 206, "reorder_now": True, "suggested_quantity": 210, "excess_units": 0, "aged_units": 0,
        "excess_storage_cost": None, "aged_storage_cost": None, "settings_from": "category gl_sports",
        "lead_time_days": 30, "safety_days": 14, "cover_days": 15,
    },
    # available 45, inbound 0, t30 90: v = 3. gl_kitchen cover 60. 45 / 3 = 15 days → Nov 15.
    # reorder 3 × 44 = 132 (45 ≤ 132: reorder); order 3 × 90 − 45 = 225; excess 45 − 270 < 0 → 0.
    "FW-MUG-12OZ-BLU": {
        "velocity": D("3.0000"), "days_of_supply": D("15.00"), "stockout_date": "2026-11-15",
        "reorder_point": 132, "reorder_now": True, "suggested_quantity": 225, "excess_units": 0, "aged_units": 0,
        "excess_storage_cost": D("0.00"), "aged_storage_cost": D("0.00"), "settings_from": "category gl_kitchen",
        "lead_time_days": 30, "safety_days": 14, "cover_days": 60,
    },
    # available 100, inbound 50, t30 60: v = 2. FW-MUG-16*: lead 60, safety 20; cover 60 from gl_kitchen.
    # 100 / 2 = 50 days → Dec 20; reorder 2 × 80 = 160 (150 ≤ 160); order 2 × 120 − 150 = 90.
    "FW-MUG-16OZ-RED": {
        "velocity": D("2.0000"), "days_of_supply": D("50.00"), "stockout_date": "2026-12-20",
        "reorder_point": 160, "reorder_now": True, "suggested_quantity": 90, "excess_units": 0, "aged_units": 0,
        "excess_storage_cost": None, "aged_storage_cost": None, "settings_from": "sku FW-MUG-16*",
        "lead_time_days": 60, "safety_days": 20, "cover_days": 60,
    },
    # available 70, t30 15: v = 0.5. 140 days → 2027-03-20; reorder ⌈0.5 × 44⌉ = 22 (70 > 22);
    # order ⌈0.5 × 90 − 70⌉ < 0 → 0; excess 70 − 45 = 25; aged 9 + 2 = 11;
    # storage 25 × 0.15 = 3.75 and 11 × 0.15 = 1.65.
    "FW-MUG-12OZ-GRN": {
        "velocity": D("0.5000"), "days_of_supply": D("140.00"), "stockout_date": "2027-03-20",
        "reorder_point": 22, "reorder_now": False, "suggested_quantity": 0, "excess_units": 25, "aged_units": 11,
        "excess_storage_cost": D("3.75"), "aged_storage_cost": D("1.65"), "settings_from": "category gl_kitchen",
        "lead_time_days": 30, "safety_days": 14, "cover_days": 60,
    },
    # available 50, inbound 20, t30 0: v = 0 → no days of supply, date, reorder point or quantity;
    # every unit is excess (50); aged 30; storage 50 × 0.1248 = 6.24 and 30 × 0.1248 = 3.744 → 3.74.
    "FW-LID-01": {
        "velocity": D("0.0000"), "days_of_supply": None, "stockout_date": None,
        "reorder_point": None, "reorder_now": None, "suggested_quantity": None, "excess_units": 50, "aged_units": 30,
        "excess_storage_cost": D("6.24"), "aged_storage_cost": D("3.74"), "settings_from": "defaults",
        "lead_time_days": 30, "safety_days": 14, "cover_days": 45,
    },
}  # fmt: skip


def _restock(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel("restock", *args, "--format", "json")
    return result.code, json.loads(result.out, parse_float=D) if result.out else {}, result.err


def _pick(row: dict[str, Any], names: Any) -> dict[str, Any]:
    return {name: row[name] for name in names}


def test_planning_report_rows_are_hand_computed_and_most_urgent_first() -> None:
    code, document, err = _restock(PLANNING, STORAGE, "--config", CONFIG)
    assert (code, err) == (0, "")
    assert document["schema"] == "flywheel.restock/1"
    assert [row["sku"] for row in document["rows"]] == list(PLANNED)  # stock-out soonest, no date last
    for row in document["rows"]:
        assert _pick(row, PLANNED[row["sku"]]) == PLANNED[row["sku"]], row["sku"]
        assert (row["snapshot_date"], row["velocity_basis"], row["velocity_days"]) == (
            "2026-10-31", "units_shipped_t30", 30,
        )  # fmt: skip
    rows = {row["sku"]: row for row in document["rows"]}
    assert rows["FW-LID-01"]["reasons"] == {"velocity": "no units shipped in the 30 days before the snapshot"}
    assert rows["FW-MUG-12OZ-GRN"]["storage_fee_per_unit"] == D("0.1500")
    assert rows["FW-MUG-12OZ-GRN"]["storage_month"] == "2026-10"
    assert rows["FW-MUG-16OZ-RED"]["reasons"] == {
        "storage": "the storage-fees report has no monthly fee for ASIN B0C1234570"
    }
    assert document["snapshot_date"] == "2026-10-31"
    assert document["settings"] == {"lead_time_days": 30, "safety_days": 14, "cover_days": 45}


def test_totals_add_whole_columns_only_and_ipi_excess_is_the_catalogues() -> None:
    _, document, _ = _restock(PLANNING, STORAGE, "--config", CONFIG)
    total = document["total"]
    # available 0 + 45 + 100 + 70 + 50; inbound 20 + 50; excess 25 + 50; aged 11 + 30
    assert _pick(total, ["available", "inbound", "excess_units", "aged_units", "reorder_now"]) == {
        "available": 265, "inbound": 70, "excess_units": 75, "aged_units": 41, "reorder_now": 3,
    }  # fmt: skip
    # FW-LID-01 has no quantity, two ASINs no storage fee: a partial sum would pass for the whole.
    assert total["suggested_quantity"] is None and total["excess_storage_cost"] is None
    assert total["reasons"]["suggested_quantity"] == "1 of 5 SKUs have no value"
    ipi = document["ipi"]
    assert (ipi["excess_units"], ipi["excess_share"]) == (75, D("0.283019"))  # 75 / 265
    assert (ipi["sell_through"], ipi["stranded_units"], ipi["in_stock_rate"]) == (None, None, None)
    assert set(ipi["reasons"]) == {"sell_through", "stranded_units", "in_stock_rate"}


def test_excess_units_are_catalogue_metrics_per_sku() -> None:
    result = flywheel("kpis", PLANNING, "--by", "sku", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out, parse_float=D)
    rows = {row["scope"]["sku"]: row["metrics"]["excess_units"] for row in document["rows"]}
    assert rows == {"FW-BOTTLE-750-BLK": 0, "FW-LID-01": 50, "FW-MUG-12OZ-BLU": 0, "FW-MUG-12OZ-GRN": 25,
                    "FW-MUG-16OZ-RED": 0}  # fmt: skip
    assert document["total"]["metrics"]["excess_share"] == D("0.283019")


def test_without_units_shipped_velocity_comes_from_payments_units_sold() -> None:
    code, document, err = _restock(MYI, PAYMENTS, STORAGE)
    assert code == 0, err
    rows = {row["sku"]: row for row in document["rows"]}
    # BLU: 60 + 2 units sold (the refund is not a sale) in 31 days = 2/day; 40 available + 10 + 20 inbound.
    # reorder 2 × 44 = 88 (70 ≤ 88); order 2 × 75 − 70 = 80; 20 days of supply.
    assert _pick(rows["FW-MUG-12OZ-BLU"], ["velocity", "velocity_basis", "velocity_units", "velocity_days",
                                           "days_of_supply", "reorder_point", "reorder_now", "suggested_quantity",
                                           "inbound"]) == {
        "velocity": D("2.0000"), "velocity_basis": "payments_units_sold", "velocity_units": 62, "velocity_days": 31,
        "days_of_supply": D("20.00"), "reorder_point": 88, "reorder_now": True, "suggested_quantity": 80,
        "inbound": 30,
    }  # fmt: skip
    # BOTTLE: 10 units in 31 days; 100 × 31 / 10 = 310 days; reorder ⌈440/31⌉ = 15; excess ⌊100 − 900/31⌋ = 70.
    assert _pick(rows["FW-BOTTLE-750-BLK"], ["velocity", "days_of_supply", "reorder_point", "excess_units"]) == {
        "velocity": D("0.3226"), "days_of_supply": D("310.00"), "reorder_point": 15, "excess_units": 70,
    }  # fmt: skip
    # LID is not in the Payments report: it sold nothing, so velocity 0 and every unit is excess.
    assert rows["FW-LID-01"]["reasons"]["velocity"] == "no units sold in the 31 days of the Payments report"
    assert (rows["FW-LID-01"]["excess_units"], rows["FW-LID-01"]["excess_storage_cost"]) == (5, D("0.62"))
    # Manage FBA Inventory has no snapshot date and no age buckets: null, with the reason.
    assert rows["FW-MUG-12OZ-BLU"]["stockout_date"] is None
    assert rows["FW-MUG-12OZ-BLU"]["reasons"]["snapshot_date"].startswith(
        "the inventory report has no snapshot"
    )
    assert rows["FW-MUG-12OZ-BLU"]["aged_units"] is None
    assert "has no 'inv-age-0-to-90-days' column" in rows["FW-MUG-12OZ-BLU"]["reasons"]["aged_units"]
    assert document["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    # The Payments report's storage charges count, not the storage-fees report; its fee per unit is still used.
    storage = next(i for i in document["inputs"] if i["kind"] == "storage-fees")
    assert storage["counted"] is False
    assert rows["FW-MUG-12OZ-BLU"]["storage_fee_per_unit"] == D("0.1248")
    assert document["ipi"]["excess_units"] is None
    assert "has no 'units-shipped-t30' column" in document["ipi"]["reasons"]["excess_units"]


def test_period_narrows_the_days_sales_cover() -> None:
    code, document, err = _restock(MYI, PAYMENTS, "--period", "2026-10-01..2026-10-15")
    assert code == 0, err
    rows = {row["sku"]: row for row in document["rows"]}
    # Oct 1 … Oct 15: 15 days; BLU's 60 units of Oct 1 (its 2 of Oct 31 are outside) → 4/day.
    assert _pick(rows["FW-MUG-12OZ-BLU"], ["velocity", "velocity_days", "suggested_quantity", "reorder_point"]) == {
        "velocity": D("4.0000"), "velocity_days": 15, "suggested_quantity": 230, "reorder_point": 176,
    }  # fmt: skip
    assert document["period"] == {"start": "2026-10-01", "end": "2026-10-15"}


def test_csv_and_markdown_keep_every_column() -> None:
    result = flywheel("restock", PLANNING, STORAGE, "--config", CONFIG, "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows[0]["sku"] == "FW-BOTTLE-750-BLK" and rows[0]["suggested_quantity"] == "210"
    assert rows[-1]["reasons.velocity"] == "no units shipped in the 30 days before the snapshot"
    assert rows[-1]["days_of_supply"] == ""  # null, never 0
    markdown = flywheel("restock", PLANNING, STORAGE, "--config", CONFIG, "--format", "markdown")
    assert "| FW-MUG-12OZ-GRN " in markdown.out and "aged storage/mo" in markdown.out


def test_a_narrow_terminal_keeps_whole_skus_and_dates() -> None:
    result = flywheel(
        "restock", PLANNING, STORAGE, "--config", CONFIG, "--format", "table", env={"COLUMNS": "60"}
    )
    assert result.code == 0, result.err
    for sku, row in PLANNED.items():
        line = next(line for line in result.out.splitlines() if line.startswith(sku))
        assert row["stockout_date"] is None or str(row["stockout_date"]) in line
    assert "columns left out to fit 60 columns" in result.out


def test_no_inventory_report_is_a_located_error() -> None:
    result = flywheel("restock", PAYMENTS)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{PAYMENTS}: error: no FBA Inventory report among the inputs")
    assert "\nhint: download Inventory > Inventory Planning" in result.err


def test_restock_settings_errors_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "flywheel.yaml"
    bad.write_text('restock:\n  skus:\n    "FW-*": {lead_time_days: -5}\n', encoding="utf-8")
    result = flywheel("restock", PLANNING, "--config", str(bad))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{bad}:3:30: error: restock.skus.FW-*.lead_time_days: ")
    bad.write_text("restock:\n  cover: 30\n", encoding="utf-8")
    result = flywheel("restock", PLANNING, "--config", str(bad))
    assert result.code == 2 and result.err.startswith(f"{bad}:2:3: error: restock.cover: unknown key")


def test_the_starter_example_is_valid(tmp_path: Path) -> None:
    assert flywheel("init", str(tmp_path / "flywheel.yaml")).code == 0
    text = (tmp_path / "flywheel.yaml").read_text(encoding="utf-8")
    start = text.index("# restock:")
    block = [line[2:] for line in text[start:].splitlines() if line.startswith("# ") or line == "#"]
    (tmp_path / "restock.yaml").write_text("\n".join(block) + "\n", encoding="utf-8")
    code, document, err = _restock(PLANNING, "--config", str(tmp_path / "restock.yaml"))
    assert code == 0, err
    assert document["settings"] == {"lead_time_days": 30, "safety_days": 14, "cover_days": 45}
