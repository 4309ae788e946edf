"""The listings reports (`listings`): read in every documented layout, folded into per-SKU listing counts,
joined with the FBA inventory report (stock) and the Business Report (average selling price), and checked
by the opt-in `listing` pack. Every case runs the CLI as a user does; the expected values are worked out by
hand from the fixtures (tests/fixtures/reports/listings/manifest.yaml lists the rows)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.conftest import FIXTURES, flywheel

D = Decimal
LISTINGS = FIXTURES / "reports" / "listings"
ALL = str(LISTINGS / "us-all-listings-29col.txt")
BRAND = str(LISTINGS / "us-all-listings-brand.txt")
ACTIVE = str(LISTINGS / "us-active-28col.txt")
OPEN = str(LISTINGS / "us-inventory-report.txt")
FBA = str(LISTINGS / "us-manage-inventory.txt")
BUSINESS = str(LISTINGS / "us-business-report.csv")
NAMES = ("listings_active", "listings_title_over_200", "listings_title_missing_brand", "listings_active_no_stock",
         "listings_inactive_with_stock", "listings_price_gap_count")  # fmt: skip

# us-all-listings-29col.txt, by hand (status, channel, stock, price; Business Report units and sales):
#   FW-LAMP-DESK  Active   AMAZON_NA  FBA available 120  39.99  40 units $1,399.60 → ASP 34.99, gap 14.3%
#   FW-LAMP-FLOOR Active   AMAZON_NA  FBA available 0    89.00  10 units $880.00  → ASP 88.00, gap 1.1%
#                 (title 209 characters)
#   FW-BULB-4PK   Active   DEFAULT    quantity 0         12.49  20 units $199.80  → ASP 9.99, gap 25.0%
#                 (title without "Lumen")
#   FW-STRIP-5M   Inactive DEFAULT    quantity 25        24.95  0 units: not compared
#   FW-LAMP-CLIP  Inactive AMAZON_NA  FBA available 14   19.99  no Business Report row: not compared
JOINED = {
    "listings_active": 3,
    "listings_title_over_200": 1,
    "listings_title_missing_brand": 1,
    "listings_active_no_stock": 2,  # FW-LAMP-FLOOR (FBA 0), FW-BULB-4PK (quantity 0)
    "listings_inactive_with_stock": 2,  # FW-STRIP-5M (25), FW-LAMP-CLIP (FBA 14)
    "listings_price_gap_count": 1,  # FW-BULB-4PK
}


def _kpis(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel("kpis", *args, "--format", "json")
    document = json.loads(result.out, parse_float=D) if result.out else {}
    return result.code, document, result.err


def _pick(metrics: dict[str, Any]) -> dict[str, Any]:
    return {name: metrics[name] for name in NAMES}


def test_all_listings_with_fba_stock_and_business_report_give_every_listing_count() -> None:
    code, document, err = _kpis(BRAND, FBA, BUSINESS)
    assert (code, err) == (0, "")
    assert _pick(document["total"]["metrics"]) == JOINED
    listings = next(i for i in document["inputs"] if i["path"] == BRAND)
    assert (listings["kind"], listings["layout"], listings["coverage"]) == (
        "listings", "all-listings", {"dated": "snapshot", "end": None, "family": "listings", "from": None, "start": None}
    )  # fmt: skip


def test_by_sku_each_listing_is_its_own_row() -> None:
    code, document, err = _kpis(BRAND, FBA, BUSINESS, "--by", "sku")
    assert (code, err) == (0, "")
    rows = {row["scope"]["sku"]: _pick(row["metrics"]) for row in document["rows"]}
    assert rows["FW-LAMP-FLOOR"] == {"listings_active": 1, "listings_title_over_200": 1,
                                     "listings_title_missing_brand": 0, "listings_active_no_stock": 1,
                                     "listings_inactive_with_stock": 0, "listings_price_gap_count": 0}  # fmt: skip
    assert rows["FW-BULB-4PK"]["listings_price_gap_count"] == 1
    assert rows["FW-STRIP-5M"]["listings_price_gap_count"] is None  # sold nothing: no price to compare
    assert rows["FW-LAMP-CLIP"]["listings_inactive_with_stock"] == 1


def test_without_a_brand_column_fba_stock_or_business_report_the_counts_are_null_with_the_reason() -> None:
    code, document, err = _kpis(ALL)
    assert (code, err) == (0, "")
    metrics = _pick(document["total"]["metrics"])
    assert metrics == {"listings_active": 3, "listings_title_over_200": 1, "listings_title_missing_brand": None,
                       "listings_active_no_stock": None, "listings_inactive_with_stock": None,
                       "listings_price_gap_count": None}  # fmt: skip
    why = document["unavailable"]
    assert (
        why["listings_title_missing_brand"] == f"{ALL} has no 'brand' column (listings, all-listings layout)"
    )
    assert (
        why["listings_price_gap_count"]
        == "needs a Business Report (business-report or business-report-by-date)"
    )
    assert why["listings_active_no_stock"].startswith(
        "the stock of SKU FW-LAMP-DESK is unknown: an FBA listing's"
    )


def test_active_listings_are_all_active_and_say_nothing_of_inactive_ones() -> None:
    code, document, err = _kpis(ACTIVE, FBA)
    assert (code, err) == (0, "")
    metrics = document["total"]["metrics"]
    # 4 active; no stock: FW-LAMP-FLOOR (FBA 0) and FW-BULB-4PK (quantity 0)
    assert (metrics["listings_active"], metrics["listings_active_no_stock"]) == (4, 2)
    assert metrics["listings_inactive_with_stock"] is None
    assert document["unavailable"]["listings_inactive_with_stock"] == (
        f"{ACTIVE} has no 'status' column (listings, active-listings layout)"
    )


def test_the_inventory_report_has_no_status_and_no_title() -> None:
    code, document, err = _kpis(OPEN)
    assert (code, err) == (0, "")
    metrics = document["total"]["metrics"]
    assert (metrics["listings_active"], metrics["listings_title_over_200"]) == (None, None)
    assert document["unavailable"]["listings_active"] == (
        f"{OPEN} has no 'status' column (listings, inventory-report layout)"
    )


def test_one_sku_in_two_listings_reports_is_refused() -> None:
    result = flywheel("kpis", ALL, OPEN)
    assert (result.code, result.out) == (2, "")
    assert "listed more than once in the listings reports given" in result.err
    assert "hint: give one listings report per marketplace" in result.err


def test_inspect_names_each_layout_and_the_cp932_file() -> None:
    result = flywheel("inspect", ACTIVE, OPEN, str(LISTINGS / "jp-short-cp932.txt"), "--format", "json")
    assert (result.code, result.err) == (0, "")
    inputs = {i["path"].rsplit("/", 1)[-1]: i for i in json.loads(result.out)["inputs"]}
    assert {name: (i["kind"], i["layout"], i["encoding"], i["rows"]) for name, i in inputs.items()} == {
        "us-active-28col.txt": ("listings", "active-listings", "utf-8-sig", 4),
        "us-inventory-report.txt": ("listings", "inventory-report", "utf-8-sig", 3),
        "jp-short-cp932.txt": ("listings", "short", "cp932", 2),
    }


def test_check_listing_pack_warns_per_sku_and_exits_0() -> None:
    result = flywheel("check", BRAND, FBA, BUSINESS, "--rules", "listing", "--format", "json")
    assert (result.code, result.err) == (0, "0 errors, 7 warnings, 16 passed, 2 skipped\n")
    findings = json.loads(result.out)["findings"]
    got = sorted((f["rule"], f["scope"]["sku"]) for f in findings if f["severity"] == "warning")
    assert got == [
        ("active-listing-no-stock", "FW-BULB-4PK"), ("active-listing-no-stock", "FW-LAMP-FLOOR"),
        ("inactive-listing-with-stock", "FW-LAMP-CLIP"), ("inactive-listing-with-stock", "FW-STRIP-5M"),
        ("listing-price-gap", "FW-BULB-4PK"), ("title-missing-brand", "FW-BULB-4PK"),
        ("title-over-200", "FW-LAMP-FLOOR"),
    ]  # fmt: skip


def test_a_default_kpi_run_without_listings_does_not_show_their_metrics() -> None:
    code, document, err = _kpis(BUSINESS)
    assert (code, err) == (0, "")
    assert not {"listings_active", "feedback_count"} & document["total"]["metrics"].keys()
    assert "listings_active" not in document["unavailable"]
