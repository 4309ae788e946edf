"""KPIs of the demo store against the generator's independent ledger (tests/data/lumen_expected.json).

The ledger is written by tools/make_example_store.py while it writes the exports, from its own
Decimal arithmetic; flywheel never sees it. Ratios here are computed by the test from ledger sums.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from flywheel_cli import api
from flywheel_cli.metrics.rollup import Grain
from tests.conftest import EXAMPLE, ROOT, flywheel

LEDGER = json.loads((ROOT / "tests" / "data" / "lumen_expected.json").read_text(encoding="utf-8"))
D = Decimal


def ratio(numerator: Any, denominator: Any) -> Decimal:
    return (D(numerator) / D(denominator)).quantize(D("0.000001"))


@pytest.fixture(scope="module")
def total() -> dict[str, Any]:
    return api.kpis([str(EXAMPLE)]).total.metrics


@pytest.fixture(scope="module")
def by_sku() -> dict[str, dict[str, Any]]:
    result = api.kpis([str(EXAMPLE)], grain=Grain.SKU)
    return {row.scope["sku"]: row.metrics for row in result.rows}


def test_payments_totals(total: dict[str, Any]) -> None:
    pay = LEDGER["payments"]["total"]
    for name in ("gross_sales", "refunded_sales", "referral_fees", "fba_fees", "promotions", "net_proceeds"):
        assert total[name] == D(pay[name]), name
    assert total["units_sold"] == pay["units_sold"]
    assert total["units_refunded"] == pay["units_refunded"]


def test_business_report_totals(total: dict[str, Any]) -> None:
    business = LEDGER["business_report"]["total"]
    for name in ("sessions", "page_views", "units_ordered", "order_items"):
        assert total[name] == business[name], name
    assert total["ordered_product_sales"] == D(business["ordered_product_sales"])
    assert total["buy_box_pct"] == ratio(business["buy_box_weighted_numerator"], business["page_views"])
    assert total["unit_session_pct"] == ratio(business["units_ordered"], business["sessions"])


def test_advertising_comes_from_the_ads_report_once(total: dict[str, Any]) -> None:
    ads = LEDGER["ads_advertised_product"]["total"]
    assert total["ad_spend"] == D(ads["spend"])  # not doubled by Payments' "Cost of Advertising"
    assert total["ad_sales"] == D(ads["sales"])
    assert (total["impressions"], total["clicks"], total["ad_orders"], total["ad_units"]) == (
        ads["impressions"], ads["clicks"], ads["orders"], ads["units"],
    )  # fmt: skip
    assert total["acos"] == ratio(ads["spend"], ads["sales"])
    assert total["tacos"] == ratio(ads["spend"], LEDGER["business_report"]["total"]["ordered_product_sales"])


def test_payments_ad_charges_stand_in_when_no_ads_report() -> None:
    payments = str(EXAMPLE / "payments-2026-10.csv")
    result = api.kpis([payments])
    charges = (
        D(LEDGER["payments"]["total"]["cost_of_advertising"])
        if "cost_of_advertising" in LEDGER["payments"]["total"]
        else None
    )
    spend = _payments_column_sum(EXAMPLE / "payments-2026-10.csv", "Cost of Advertising")
    assert charges is None or charges == spend
    assert result.total.metrics["ad_spend"] == spend
    assert result.total.metrics["acos"] is None
    assert "acos" in result.unavailable


def test_returns_inventory_and_health(total: dict[str, Any]) -> None:
    assert total["units_returned"] == LEDGER["fba_returns"]["total"]["units_returned"]
    inventory = LEDGER["fba_inventory"]["total"]
    assert total["available_units"] == inventory["available"]
    assert total["inbound_units"] == inventory["inbound"]
    assert total["units_shipped_t30"] == inventory["units_shipped_t30"]
    aged = [inventory[f"age_{b}"] for b in ("0_90", "91_180", "181_270", "271_365", "366_455", "456_plus")]
    assert total["aged_365_plus_share"] == ratio(aged[4] + aged[5], sum(aged))
    assert total["aged_181_plus_share"] == ratio(sum(aged[2:]), sum(aged))
    expected_dos = (D(inventory["available"]) / (D(inventory["units_shipped_t30"]) / 30)).quantize(D("0.01"))
    assert total["days_of_supply"] == expected_dos
    assert total["late_shipment_rate"] == D(str(LEDGER["seller_performance"]["late_shipment_rate"]))


def test_every_sku_matches_the_ledger(by_sku: dict[str, dict[str, Any]]) -> None:
    payments = LEDGER["payments"]["by_sku"]
    business = LEDGER["business_report"]["by_sku"]
    ads = LEDGER["ads_advertised_product"]["by_sku"]
    returns = LEDGER["fba_returns"]["by_sku"]
    assert set(payments) <= set(by_sku)
    for sku, expected in payments.items():
        row = by_sku[sku]
        assert row["gross_sales"] == D(expected["gross_sales"]), sku
        assert row["units_sold"] == expected["units_sold"], sku
        assert row["referral_fees"] == D(expected["referral_fees"]), sku
        assert row["fba_fees"] == D(expected["fba_fees"]), sku
        assert row["refund_rate"] == ratio(expected["units_refunded"], expected["units_sold"]), sku
        assert row["sessions"] == business[sku]["sessions"], sku
        assert row["unit_session_pct"] == ratio(business[sku]["units_ordered"], business[sku]["sessions"]), (
            sku
        )
        assert row["acos"] == ratio(ads[sku]["spend"], ads[sku]["sales"]), sku
        if sku in returns:
            assert row["return_rate"] == ratio(returns[sku]["units_returned"], expected["units_sold"]), sku
    # The FBM floor lamp is not in the FBA returns report: its return rate is unknown, not 0.
    assert by_sku["LL-FLOOR-ARC65"]["return_rate"] is None
    # A FBA SKU with no return rows had no returns: 0, not unknown.
    fba_without_returns = [s for s in payments if s not in returns and s != "LL-FLOOR-ARC65"]
    for sku in fba_without_returns:
        assert by_sku[sku]["return_rate"] == 0


def test_sku_rows_and_the_unattributed_row_sum_to_the_total(
    by_sku: dict[str, dict[str, Any]], total: dict[str, Any]
) -> None:
    for name in (
        "gross_sales",
        "net_proceeds",
        "referral_fees",
        "storage_fees",
        "ad_spend",
        "sessions",
        "units_sold",
    ):
        assert sum((row[name] or 0) for row in by_sku.values()) == total[name], name


def _payments_column_sum(path: Path, description: str | None = None) -> Decimal:
    """Σ `total` straight from the CSV, with the csv module only (no flywheel code)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = handle.read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('"date/time"'))
    rows = list(csv.DictReader(lines[start:]))
    chosen = [r for r in rows if description is None or r["description"] == description]
    return sum((D(r["total"].replace(",", "")) for r in chosen), D(0)) * (-1 if description else 1)


def test_money_reconciles_to_the_cent(total: dict[str, Any]) -> None:
    column_total = _payments_column_sum(EXAMPLE / "payments-2026-10.csv")
    assert column_total == total["net_proceeds"] + total["transfers"]
    assert (
        column_total == D(LEDGER["payments"]["total"]["sum_of_totals"])
        if "sum_of_totals" in LEDGER["payments"]["total"]
        else True
    )


def test_kpis_cli_json_contract() -> None:
    result = flywheel("kpis", str(EXAMPLE), "--by", "sku", "--format", "json")
    assert result.code == 0, result.err
    assert result.err == ""
    document = json.loads(result.out, parse_float=D)
    assert document["schema"] == "flywheel.kpis/1"
    assert document["grain"] == "sku"
    assert [row["scope"]["sku"] for row in document["rows"]][-1] is None  # the unattributed row comes last
    assert document["total"]["scope"] == {}
    assert document["total"]["metrics"]["gross_sales"] == D(LEDGER["payments"]["total"]["gross_sales"])
    assert document["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert len(document["inputs"]) == 11  # 8 reports, the fee preview, listings and feedback
    assert list(document) == sorted(document)  # deterministic: sorted keys


def test_kpis_explain() -> None:
    result = flywheel("kpis", str(EXAMPLE), "--by", "sku", "--explain", "acos", "--format", "plain")
    assert result.code == 0, result.err
    assert "acos = ad_spend / ad_sales" in result.out
    explained = result.out.split("acos = ad_spend / ad_sales", 1)[1]
    desk = next(line for line in explained.splitlines() if line.startswith("LL-DESK-LED01"))
    assert desk.split() == ["LL-DESK-LED01", "$1,460.09", "$5,817.70", "25.1%"]
    assert "sources: ads" in explained


def test_unknown_metric_and_bad_period_are_usage_errors() -> None:
    bad = flywheel("kpis", str(EXAMPLE), "--metrics", "acos,profit_per_smile")
    assert (bad.code, bad.out) == (2, "")
    assert "unknown metric 'profit_per_smile'" in bad.err
    period = flywheel("kpis", str(EXAMPLE), "--period", "2026-10-31..2026-10-01")
    assert period.code == 2
    assert "the start is after the end" in period.err
