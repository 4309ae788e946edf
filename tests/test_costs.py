"""`flywheel costs`: COGS by effective date, pro-rated fixed costs, allocation to the cent."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from flywheel_cli import api
from flywheel_cli.config import load
from flywheel_cli.economics.costs import prorate, split
from flywheel_cli.metrics.rollup import Grain
from tests.conftest import EXAMPLE, ROOT, flywheel

LEDGER = json.loads((ROOT / "tests" / "data" / "lumen_expected.json").read_text(encoding="utf-8"))
CONFIG = load(EXAMPLE / "flywheel.yaml")
D = Decimal


def _cogs_rows() -> dict[str, list[dict[str, str]]]:
    with (EXAMPLE / "cogs.csv").open(encoding="utf-8", newline="") as handle:
        rows: dict[str, list[dict[str, str]]] = {}
        for row in csv.DictReader(handle):
            rows.setdefault(row["sku"], []).append(row)
    return rows


@pytest.fixture(scope="module")
def by_sku() -> api.CostsResult:
    return api.costs([str(EXAMPLE)], grain=Grain.SKU, config=CONFIG)


def _lines(result: Any, sku: str | None) -> dict[str, Any]:
    return next(row.lines for row in result.rows if row.scope.get("sku") == sku)


def test_cogs_uses_the_cost_in_force_on_each_order_date(by_sku: Any) -> None:
    change = LEDGER["cogs"]["cost_change"]
    [before, after] = sorted(_cogs_rows()[change["sku"]], key=lambda r: r["effective_from"])
    assert after["effective_from"] == change["effective_from"] == "2026-10-16"
    expected = change["units_before"] * D(before["unit_cost"]) + change["units_from"] * D(after["unit_cost"])
    assert _lines(by_sku, change["sku"])["cogs"] == expected
    landing = lambda r: D(r["freight_per_unit"]) + D(r["prep_per_unit"])  # noqa: E731
    freight = change["units_before"] * landing(before) + change["units_from"] * landing(after)
    assert _lines(by_sku, change["sku"])["inbound_freight"] == freight
    assert by_sku.total.lines["cogs"] == D(LEDGER["cogs"]["total"]["cogs"])
    assert by_sku.total.lines["cogs"] + by_sku.total.lines["inbound_freight"] == D(
        LEDGER["cogs"]["total"]["landed_cost"]
    )


def test_rows_plus_unallocated_sum_to_the_total_to_the_cent(by_sku: Any) -> None:
    for name, total in by_sku.total.lines.items():
        if name == "net_margin":
            continue
        assert sum((row.lines[name] or D(0)) for row in by_sku.rows) == total, name
    unallocated = _lines(by_sku, None)
    assert unallocated["storage_fees"] == 0 and unallocated["tools"] == 0  # everything could be shared out


def test_shared_costs_follow_the_revenue_key(by_sku: Any) -> None:
    gross = {row.scope["sku"]: row.lines["gross_sales"] for row in by_sku.rows if row.scope["sku"]}
    whole = sum(gross.values())
    labour = D("3200.00")
    for sku, sales in gross.items():
        share = _lines(by_sku, sku)["labour"]
        assert abs(share - labour * sales / whole) < D("0.01"), sku
    assert sum(_lines(by_sku, sku)["labour"] for sku in gross) == labour


def test_the_total_breakdown_matches_the_ledger() -> None:
    result = api.costs([str(EXAMPLE)], config=CONFIG)
    lines = result.total.lines
    pay = LEDGER["payments"]["total"]
    assert lines["gross_sales"] == D(pay["gross_sales"])
    assert lines["refunds"] == D(pay["refunded_sales"])
    assert lines["referral_fees"] == D(pay["referral_fees"])
    assert lines["advertising"] == D(
        LEDGER["ads_advertised_product"]["total"]["spend"]
    )  # once, from the Ads report
    assert (lines["tools"], lines["labour"], lines["other_fixed"]) == (D("143.00"), D("3200.00"), D("57.00"))
    costs = sum((lines[n] for n in ("refunds", "referral_fees", "fba_fees", "storage_fees", "other_amazon_fees",
                                    "advertising", "promotions", "cogs", "inbound_freight", "tools", "labour",
                                    "other_fixed")), D(0)) - lines["reimbursements"]  # fmt: skip
    assert lines["total_costs"] == costs
    # What buyers paid for the FBM SKU's expedited shipping is income, from the independent oracle.
    assert lines["shipping_credits"] == D(pay["shipping_credits"]) == D("89.94")
    assert lines["gift_wrap_credits"] == 0
    assert lines["net_profit"] == lines["gross_sales"] + lines["shipping_credits"] - costs
    assert lines["net_margin"] == (lines["net_profit"] / lines["gross_sales"]).quantize(D("0.000001"))


def test_profit_metrics_reach_kpis() -> None:
    result = api.kpis([str(EXAMPLE)], config=CONFIG)
    costs = api.costs([str(EXAMPLE)], config=CONFIG)
    assert result.total.metrics["net_profit"] == costs.total.lines["net_profit"]
    assert result.total.metrics["cogs"] == costs.total.lines["cogs"]
    assert result.total.metrics["break_even_acos"] == (
        (costs.total.lines["net_profit"] + costs.total.lines["advertising"])
        / costs.total.lines["gross_sales"]
    ).quantize(D("0.000001"))


def test_a_sku_without_a_cost_empties_its_profit_and_the_total(tmp_path: Path) -> None:
    partial = tmp_path / "cogs.csv"
    lines = (EXAMPLE / "cogs.csv").read_text(encoding="utf-8").splitlines()
    partial.write_text(
        "\n".join(line for line in lines if not line.startswith("LL-NITE")) + "\n", encoding="utf-8"
    )
    config = tmp_path / "flywheel.yaml"
    config.write_text(f"costs:\n  cogs_file: {partial.name}\n", encoding="utf-8")
    result = flywheel(
        "costs",
        str(EXAMPLE / "payments-2026-10.csv"),
        "--by",
        "sku",
        "--config",
        str(config),
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    assert "warning: no unit cost in force for LL-NITE-2PK" in result.err
    document = json.loads(result.out, parse_float=D)
    nite = next(r for r in document["rows"] if r["scope"]["sku"] == "LL-NITE-2PK")
    assert nite["lines"]["net_profit"] is None
    assert document["total"]["lines"]["net_profit"] is None


def test_split_is_exact_and_fair() -> None:
    assert split(D("100.00"), [D(1), D(1), D(1)]) == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(split(D("3200.00"), [D("6177.33"), D("5104.89"), D("34363.28")])) == D("3200.00")
    assert split(D("10.00"), []) == []


def test_fixed_costs_are_prorated_by_days_in_each_month() -> None:
    days = prorate({"labour": D("3100")}, date(2026, 10, 17), date(2026, 11, 15))  # 15 of 31 + 15 of 30
    october = sum(v["labour"] for d, v in days.items() if d.month == 10)
    november = sum(v["labour"] for d, v in days.items() if d.month == 11)
    assert (october, november) == (D("1500.00"), D("1550.00"))


def test_fixed_costs_are_prorated_in_february_and_up_to_the_last_day_python_has() -> None:
    leap = prorate({"tools": D("290")}, date(2024, 2, 1), date(2024, 2, 29))
    assert (len(leap), sum(v["tools"] for v in leap.values())) == (29, D("290.00"))
    last = prorate({"tools": D("310")}, date(9999, 12, 20), date(9999, 12, 31))  # 12 of 31 days
    assert (max(last), sum(v["tools"] for v in last.values())) == (date(9999, 12, 31), D("120.00"))


def test_costs_cli_json_shape() -> None:
    result = flywheel("costs", str(EXAMPLE), "--by", "month", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out, parse_float=D)
    assert document["schema"] == "flywheel.costs/1"
    # The undated inputs (listings, seller performance) hold no money: no "(no month)" row of zeros.
    assert [row["scope"]["month"] for row in document["rows"]] == ["2026-10"]
    assert set(document["total"]["lines"]) == {
        "gross_sales", "refunds", "referral_fees", "fba_fees", "storage_fees", "other_amazon_fees", "advertising",
        "promotions", "cogs", "inbound_freight", "tools", "labour", "other_fixed", "reimbursements", "total_costs",
        "net_profit", "net_margin", "shipping_credits", "gift_wrap_credits", "taxes",
    }  # fmt: skip
    assert document["reconciliation"] == {
        "net_proceeds": D("20354.19"), "breakdown": D("20354.19"), "advertising_charged": D("8435.93"),
        "difference": D("0.00"), "converted": False,
    }  # fmt: skip
    assert document["total"]["lines"]["labour"] == D("3200.00")
