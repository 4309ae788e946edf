"""B2B metrics: `b2b_sessions`, `b2b_units_ordered`, `b2b_ordered_product_sales` from the Business
Report's `– B2B` columns, and `b2b_sales_share` from the Business Report first, else All Orders.
Every case runs the CLI as a user does; expected values are worked out by hand from the fixtures
(tests/fixtures/reports/manifest.yaml and business-report-by-date/manifest.yaml list their sums)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.conftest import FIXTURES, flywheel

D = Decimal
BUSINESS = FIXTURES / "reports" / "business-report"
US22 = BUSINESS / "us-child-22col.csv"
LEGACY13 = BUSINESS / "us-child-13col-legacy.csv"
BY_DATE_MONTHLY = FIXTURES / "reports" / "business-report-by-date" / "us-by-date-monthly.csv"
ORDERS32 = FIXTURES / "reports" / "orders" / "us-32col.txt"
B2B = ("b2b_sessions", "b2b_units_ordered", "b2b_ordered_product_sales", "b2b_sales_share")


def _kpis(*args: str) -> dict[str, Any]:
    result = flywheel("kpis", *args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out, parse_float=Decimal)  # type: ignore[no-any-return]


def _b2b(metrics: dict[str, Any]) -> dict[str, Any]:
    return {name: metrics[name] for name in B2B}


def test_the_business_reports_b2b_columns_are_summed() -> None:
    # us-child-22col.csv: B2B sessions 261 + 40 + 0, units 5 + 1 + 0, sales 94.50 + 18.90 + 0.00;
    # ordered product sales 12,905.25 + 2,797.20 + 1,024.59 = 16,727.04.
    document = _kpis(str(US22))
    assert _b2b(document["total"]["metrics"]) == {
        "b2b_sessions": 301,
        "b2b_units_ordered": 6,
        "b2b_ordered_product_sales": D("113.40"),
        "b2b_sales_share": D("0.006779"),  # 113.40 / 16,727.04 = 0.0067794…
    }
    assert '"b2b_ordered_product_sales": 113.40,' in flywheel("kpis", str(US22), "--format", "json").out
    assert not any(name in document["unavailable"] for name in B2B)


def test_b2b_by_sku_is_recomputed_per_row() -> None:
    rows = {row["scope"]["sku"]: row["metrics"] for row in _kpis(str(US22), "--by", "sku")["rows"]}
    assert _b2b(rows["FW-MUG-12OZ-BLU"]) == {
        "b2b_sessions": 261, "b2b_units_ordered": 5, "b2b_ordered_product_sales": D("94.50"),
        "b2b_sales_share": D("0.007323"),  # 94.50 / 12,905.25 = 0.0073226…
    }  # fmt: skip
    assert rows["FW-MUG-12OZ-GRN"]["b2b_sales_share"] == D("0.006757")  # 18.90 / 2,797.20
    # No B2B sales in the row: a true 0, the column is there.
    assert _b2b(rows["FW-BOTTLE-750-BLK"]) == {
        "b2b_sessions": 0, "b2b_units_ordered": 0, "b2b_ordered_product_sales": D("0.00"), "b2b_sales_share": D("0"),
    }  # fmt: skip


def test_the_by_date_report_gives_b2b_per_month() -> None:
    # us-by-date-monthly.csv: Jul 120.00 of 8,450.00 (5 units, 160 sessions), Aug 0.00 of 9,120.40,
    # Sep 96.00 of 7,985.60; all four months 216.00 of 25,556.00.
    document = _kpis(str(BY_DATE_MONTHLY), "--by", "month")
    rows = {row["scope"]["month"]: row["metrics"] for row in document["rows"]}
    assert _b2b(rows["2026-07"]) == {
        "b2b_sessions": 160, "b2b_units_ordered": 5, "b2b_ordered_product_sales": D("120.00"),
        "b2b_sales_share": D("0.014201"),  # 120 / 8,450 = 0.0142011…
    }  # fmt: skip
    assert rows["2026-08"]["b2b_sales_share"] == D("0")
    assert rows["2026-09"]["b2b_sales_share"] == D("0.012022")  # 96 / 7,985.60 = 0.0120216…
    total = document["total"]["metrics"]
    assert (total["b2b_ordered_product_sales"], total["b2b_sessions"]) == (D("216.00"), 450)
    assert total["b2b_sales_share"] == D("0.008452")  # 216 / 25,556 = 0.0084520…


def test_the_13_column_layout_has_no_b2b_so_they_are_null_with_the_reason_never_0() -> None:
    document = _kpis(str(LEGACY13), "--by", "sku")
    for row in [*document["rows"], document["total"]]:
        assert _b2b(row["metrics"]) == dict.fromkeys(B2B)
    unavailable = document["unavailable"]
    assert unavailable["b2b_sessions"] == (
        f"{LEGACY13} has no 'Sessions - Total - B2B' column (business-report, child-legacy layout)"
    )
    assert "has no 'Units Ordered - B2B' column" in unavailable["b2b_units_ordered"]
    assert "has no 'Ordered Product Sales - B2B' column" in unavailable["b2b_ordered_product_sales"]
    assert "has no 'Ordered Product Sales - B2B' column" in unavailable["b2b_sales_share"]
    assert "All Orders" in unavailable["b2b_sales_share"]  # where else the share can come from


def test_all_orders_alone_gives_the_b2b_share() -> None:
    # us-32col.txt: business-order items 179.90 of 266.84 sold (tests/test_orders.py).
    document = _kpis(str(ORDERS32))
    total = document["total"]["metrics"]
    assert total["b2b_sales_share"] == D("0.674187")
    assert (total["b2b_units"], total["b2b_sales"]) == (10, D("179.90"))
    assert total["b2b_sessions"] is None and "b2b_sessions" in document["unavailable"]
    assert "b2b_sales_share" not in document["unavailable"]


def test_with_both_reports_the_business_report_gives_the_share() -> None:
    # One name, one definition: the Business Report's share first; All Orders' own counts stay.
    total = _kpis(str(US22), str(ORDERS32))["total"]["metrics"]
    assert total["b2b_sales_share"] == D("0.006779")  # 113.40 / 16,727.04, not 179.90 / 266.84
    assert (total["b2b_units"], total["b2b_sales"]) == (10, D("179.90"))


def test_a_13_column_business_report_leaves_the_share_to_all_orders() -> None:
    document = _kpis(str(LEGACY13), str(ORDERS32))
    total = document["total"]["metrics"]
    assert total["b2b_sales_share"] == D("0.674187")  # never the All Orders B2B over the Business total
    assert total["b2b_ordered_product_sales"] is None
    assert "b2b_sales_share" not in document["unavailable"]


def test_the_catalogue_lists_the_b2b_metrics_and_the_source_order() -> None:
    result = flywheel("metrics", "--format", "json")
    assert result.code == 0, result.err
    metrics = {m["name"]: m for m in json.loads(result.out)["metrics"]}
    assert {
        "b2b_sessions",
        "b2b_units_ordered",
        "b2b_ordered_product_sales",
        "b2b_sales_share",
    } <= metrics.keys()
    assert metrics["b2b_ordered_product_sales"]["unit"] == "money"
    share = metrics["b2b_sales_share"]["definition"]
    assert share.index("ordered_product_sales (Business Report)") < share.index(
        "else b2b_sales / order_sales"
    )
    plain = flywheel("metrics", "b2b_sales_share").out
    assert "Business Report" in plain and "All Orders" in plain


def test_german_b2b_columns_are_read() -> None:
    # de-child-22col.csv (manifest sums): Sitzungen – Summe – B2B 43, Bestellsumme – B2B 104.95 of 7,139.74.
    total = _kpis(str(BUSINESS / "de-child-22col.csv"))["total"]["metrics"]
    assert _b2b(total) == {
        "b2b_sessions": 43, "b2b_units_ordered": 5, "b2b_ordered_product_sales": D("104.95"),
        "b2b_sales_share": D("0.014699"),  # 104.95 / 7,139.74 = 0.0146994…
    }  # fmt: skip
