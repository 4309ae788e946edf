"""The Stranded Inventory report (`stranded-inventory`) and the IPI's stranded component, through the CLI:
`inspect` recognises both layouts, `kpis` gives `stranded_units` / `stranded_share`, `restock` a
per-SKU `stranded_units` and the account's in `ipi`. Every expected value is worked out by hand."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from tests.conftest import EXAMPLE, FIXTURES, flywheel

D = Decimal
STRANDED = FIXTURES / "reports" / "stranded-inventory"
US = str(STRANDED / "us-stranded.txt")  # GRN 40 fulfillable; BLK 25 (New) + 5 (UsedLikeNew) = 30
HELP_PAGE = str(STRANDED / "help-page-layout.txt")  # KETTLE 12, TIFFIN 7: SKUs not in the inventory report
RESTOCK = FIXTURES / "analyses" / "restock"
# available: BLU 45, GRN 70, BLK 0, LID 50, RED 100 = 265; snapshot 2026-10-31
PLANNING = str(RESTOCK / "fba-inventory-planning-2026-10-31.csv")


def _json(*args: str) -> dict:
    run = flywheel(*args, "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out, parse_float=Decimal)


def test_inspect_recognises_both_layouts() -> None:
    inputs = {Path(i["path"]).name: i for i in _json("inspect", US, HELP_PAGE)["inputs"]}
    us, help_page = inputs["us-stranded.txt"], inputs["help-page-layout.txt"]
    assert (us["kind"], us["layout"], us["rows"], us["delimiter"]) == (
        "stranded-inventory",
        "sp-api",
        3,
        "\t",
    )
    assert (help_page["kind"], help_page["layout"], help_page["rows"]) == (
        "stranded-inventory",
        "help-page",
        2,
    )
    assert us["coverage"]["dated"] == "snapshot" and us["period"] == {"start": None, "end": None}


def test_kpis_by_sku_stranded_units_and_share() -> None:
    body = _json("kpis", PLANNING, US, "--by", "sku")
    rows = {row["scope"]["sku"]: row["metrics"] for row in body["rows"]}
    assert rows["FW-MUG-12OZ-GRN"]["stranded_units"] == 40
    assert rows["FW-MUG-12OZ-GRN"]["stranded_share"] == D("0.571429")  # 40 / 70
    assert rows["FW-BOTTLE-750-BLK"]["stranded_units"] == 30  # two conditions: 25 + 5
    assert rows["FW-BOTTLE-750-BLK"]["stranded_share"] is None  # 0 available: no share
    # A SKU with FBA stock that the report does not list has no stranded units: 0, not null.
    assert rows["FW-MUG-12OZ-BLU"]["stranded_units"] == 0 and rows["FW-MUG-12OZ-BLU"]["stranded_share"] == 0
    total = body["total"]["metrics"]
    assert total["stranded_units"] == 70 and total["stranded_share"] == D("0.264151")  # 70 / 265


def test_without_the_inventory_report_the_share_says_why() -> None:
    body = _json("kpis", HELP_PAGE)
    assert body["total"]["metrics"]["stranded_units"] == 19  # 12 + 7
    assert body["total"]["metrics"]["stranded_share"] is None
    assert body["unavailable"]["stranded_share"] == "needs an FBA Inventory report (fba-inventory)"


def test_kpis_without_the_report_do_not_show_the_stranded_metrics() -> None:
    body = _json("kpis", PLANNING)
    assert "stranded_units" not in body["total"]["metrics"]
    assert "stranded_units" not in body["unavailable"]  # opt-in, as the listings metrics (catalogue.OPT_IN)


def test_restock_rows_and_ipi_carry_stranded_units() -> None:
    document = _json("restock", PLANNING, US)
    rows = {row["sku"]: row for row in document["rows"]}
    assert {sku: row["stranded_units"] for sku, row in rows.items()} == {
        "FW-BOTTLE-750-BLK": 30, "FW-MUG-12OZ-BLU": 0, "FW-MUG-12OZ-GRN": 40, "FW-LID-01": 0, "FW-MUG-16OZ-RED": 0,
    }  # fmt: skip
    assert document["ipi"]["stranded_units"] == 70
    assert "stranded_units" not in document["ipi"]["reasons"]
    table = flywheel("restock", PLANNING, US, "--format", "csv")
    records = list(csv.DictReader(io.StringIO(table.out)))
    assert {r["sku"]: r["stranded_units"] for r in records}["FW-MUG-12OZ-GRN"] == "40"


def test_restock_without_the_report_says_why() -> None:
    document = _json("restock", PLANNING)
    assert all(row["stranded_units"] is None for row in document["rows"])
    assert document["ipi"]["stranded_units"] is None
    assert document["ipi"]["reasons"]["stranded_units"] == (
        "needs a Stranded Inventory report (stranded-inventory): no inventory layout carries stranded units"
    )
    plain = flywheel("restock", PLANNING, "--format", "plain")
    assert plain.code == 0 and "stranded  " not in plain.out.split("IPI components")[0]


def test_two_different_downloads_are_never_added(tmp_path: Path) -> None:
    run = flywheel("kpis", US, HELP_PAGE)
    assert run.code == 2 and run.out == ""
    assert "are two different stranded-inventory reports" in run.err
    assert "hint: keep the latest download only" in run.err
    copy = tmp_path / "copy.txt"  # the same download twice counts once
    copy.write_bytes(Path(US).read_bytes())
    assert _json("kpis", US, str(copy))["total"]["metrics"]["stranded_units"] == 70


def test_a_stranded_metric_asked_for_by_name_without_the_report_says_why() -> None:
    # Opt-in metrics (their report is rarely given) are hidden from the default table; asked for by
    # name, each is shown empty with the reason, never a bare dash.
    table = flywheel("kpis", str(EXAMPLE), "-m", "stranded_units,gross_sales", "--format", "plain")
    assert table.code == 0, table.err
    assert "stranded_units: needs a Stranded Inventory report (stranded-inventory)" in table.out
    document = flywheel("kpis", str(EXAMPLE), "-m", "stranded_units", "--format", "json")
    unavailable = json.loads(document.out)["unavailable"]
    assert unavailable["stranded_units"] == "needs a Stranded Inventory report (stranded-inventory)"
    default = flywheel("kpis", str(EXAMPLE), "--format", "json")
    assert "stranded_units" not in json.loads(default.out)["unavailable"]  # not asked for: not listed
