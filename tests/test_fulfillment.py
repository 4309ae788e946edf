"""The `fulfillment` grain: `kpis --by fulfillment` and `costs --by fulfillment`, one row per channel
(FBA, FBM) and the `null` row for what no report places. Every case runs the CLI as a user does;
expected values are worked out by hand from the fixtures.

tests/fixtures/analyses/channels/ (October 2026, amazon.com), by hand:
  payments-2026-10.csv (28 columns), `fulfillment` column:
    CH-FBA-1  Order 2 u, Amazon: sales 40.00, selling −6.00, fba −7.00, total 27.00
    CH-FBM-1  Order 1 u, Seller: sales 25.00, shipping 5.00, selling −3.75, total 26.25
              Refund 1 u, Seller: sales −25.00, selling +3.00, total −22.00
    CH-MIX    Order 3 u, Amazon: sales 30.00, selling −4.50, fba −9.00, total 16.50
              Order 1 u, Seller: sales 10.00, selling −1.50, total 8.50   → FBA (3 units against 1)
    CH-TIE    Order 1 u, Amazon: sales 12.00, selling −1.80, fba −3.00, total 7.20
              Order 1 u, Seller: sales 12.00, selling −1.80, total 10.20  → a tie: the null row
    Service Fee (Subscription): other −39.99                                → the null row (no SKU)
  manage-inventory.txt: CH-FBA-1 50 available, CH-MIX 20, CH-INV 10 (FBA: listed by Amazon)
  BusinessReport-2026-10.csv (22 columns): sessions / B2B sessions, ordered product sales / B2B
    CH-FBA-1 100/10, 40.00/20.00; CH-FBM-1 50/5, 25.00/0.00; CH-MIX 80/8, 40.00/20.00;
    CH-INV 20/0, 0.00/0.00; CH-NONE 10/1, 9.00/9.00 (no report names its channel → the null row)
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, flywheel

D = Decimal
CHANNELS = FIXTURES / "analyses" / "channels"
REPORTS = FIXTURES / "reports"

FBA = {
    "gross_sales": D("80.00"),  # 40.00 + 30.00 + 10.00 (CH-FBA-1, both CH-MIX orders)
    "units_sold": 6,  # 2 + 3 + 1
    "referral_fees": D("12.00"),  # 6.00 + 4.50 + 1.50
    "fba_fees": D("16.00"),  # 7.00 + 9.00
    "net_proceeds": D("52.00"),  # 27.00 + 16.50 + 8.50
    "sessions": 200,  # 100 + 80 + 20 (CH-INV, FBA by the inventory report)
    "available_units": 80,  # 50 + 20 + 10
    "b2b_sessions": 18,  # 10 + 8 + 0
    "b2b_sales_share": D("0.5"),  # (20.00 + 20.00 + 0.00) / (40.00 + 40.00 + 0.00)
}
FBM = {
    "gross_sales": D("25.00"),
    "units_sold": 1,
    "refunded_sales": D("25.00"),
    "units_refunded": 1,
    "referral_fees": D("0.75"),  # 3.75 − 3.00 refunded commission
    "fba_fees": D("0"),
    "shipping_credits": D("5.00"),
    "net_proceeds": D("4.25"),  # 26.25 − 22.00
    "sessions": 50,
    "b2b_sales_share": D("0"),  # 0.00 / 25.00
}
UNPLACED = {
    "gross_sales": D("24.00"),  # CH-TIE 12.00 + 12.00
    "units_sold": 2,
    "referral_fees": D("3.60"),
    "fba_fees": D("3.00"),
    "other_fees": D("39.99"),  # the subscription
    "net_proceeds": D("-22.59"),  # 7.20 + 10.20 − 39.99
    "sessions": 10,  # CH-NONE
    "b2b_sales_share": D("1"),  # 9.00 / 9.00
}
TOTAL = {
    "gross_sales": D("129.00"),
    "units_sold": 9,
    "net_proceeds": D("33.66"),  # 52.00 + 4.25 − 22.59: the report's Σ total
    "sessions": 260,
    "b2b_sales_share": D("0.429825"),  # 49.00 / 114.00 = 0.4298245…
}


def _json(*args: str) -> tuple[dict[str, Any], str]:
    result = flywheel(*args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out, parse_float=Decimal), result.err


def _pick(metrics: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    return {name: metrics[name] for name in expected}


def test_kpis_by_fulfillment_gives_one_row_per_channel_and_the_unplaced_row() -> None:
    document, _ = _json("kpis", str(CHANNELS), "--by", "fulfillment")
    assert document["grain"] == "fulfillment"
    assert [row["scope"] for row in document["rows"]] == [
        {"fulfillment": "FBA"},
        {"fulfillment": "FBM"},
        {"fulfillment": None},
    ]
    fba, fbm, unplaced = (row["metrics"] for row in document["rows"])
    assert _pick(fba, FBA) == FBA
    assert _pick(fbm, FBM) == FBM
    assert _pick(unplaced, UNPLACED) == UNPLACED
    assert _pick(document["total"]["metrics"], TOTAL) == TOTAL
    # An FBM SKU has no FBA stock: null (the inventory report does not list it), never 0.
    assert fbm["available_units"] is None
    # The account-health levels belong to no channel's row (there are none here: null everywhere).
    assert fba["late_shipment_rate"] is None and fbm["late_shipment_rate"] is None


def test_a_sku_seen_through_both_channels_is_named_on_stderr() -> None:
    _, err = _json("kpis", str(CHANNELS), "--by", "fulfillment")
    assert (
        "warning: SKU CH-MIX sold through both channels (3 FBA, 1 FBM units): counted as FBA, its channel of "
        "most units" in err
    )
    assert (
        "warning: SKU CH-TIE sold through both channels (1 FBA, 1 FBM units): a tie: counted in the row "
        in err
    )
    assert "no report names the fulfilment channel of CH-NONE" in err
    # Other grains say nothing about channels.
    result = flywheel("kpis", str(CHANNELS), "--by", "sku", "--format", "json")
    assert result.code == 0 and "channel" not in result.err


def test_the_money_is_exact_in_the_json_text() -> None:
    result = flywheel("kpis", str(CHANNELS), "--by", "fulfillment", "--format", "json")
    assert '"net_proceeds": 52.00,' in result.out
    assert '"net_proceeds": -22.59,' in result.out
    assert '"net_proceeds": 33.66,' in result.out


def test_costs_by_fulfillment_rows_add_up_to_the_total() -> None:
    document, _ = _json("costs", str(CHANNELS), "--by", "fulfillment")
    assert document["grain"] == "fulfillment"
    rows = {row["scope"]["fulfillment"]: row["lines"] for row in document["rows"]}
    assert set(rows) == {"FBA", "FBM", None}
    assert rows["FBA"]["gross_sales"] == D("80.00") and rows["FBA"]["fba_fees"] == D("16.00")
    assert rows["FBM"]["refunds"] == D("25.00") and rows["FBM"]["shipping_credits"] == D("5.00")
    assert rows[None]["other_amazon_fees"] == D("39.99")  # the subscription: no SKU, no cost file to share it
    _assert_ties_out(document)


def test_costs_by_fulfillment_with_costs_shared_out_still_ties_out(tmp_path: Path) -> None:
    (tmp_path / "cogs.csv").write_text(
        "sku,unit_cost,effective_from\nCH-FBA-1,5.00,2026-01-01\nCH-FBM-1,8.00,2026-01-01\n"
        "CH-MIX,2.00,2026-01-01\nCH-TIE,3.00,2026-01-01\nCH-INV,4.00,2026-01-01\nCH-NONE,1.00,2026-01-01\n",
        encoding="utf-8",
    )
    config = tmp_path / "flywheel.yaml"
    config.write_text("costs:\n  cogs_file: cogs.csv\n  allocation: revenue\n", encoding="utf-8")
    document, _ = _json("costs", str(CHANNELS), "--by", "fulfillment", "--config", str(config))
    _assert_ties_out(document)
    total = document["total"]["lines"]
    # COGS: CH-FBA-1 2 × 5.00 + CH-FBM-1 1 × 8.00 + CH-MIX 4 × 2.00 + CH-TIE 2 × 3.00 = 32.00
    assert total["cogs"] == D("32.00")
    # Revenue 129.00 + 5.00 shipping − refunds 25.00 − referral 16.35 − FBA 19.00 − other 39.99 − COGS 32.00
    assert total["net_profit"] == D("1.66")
    rows = {row["scope"]["fulfillment"]: row["lines"] for row in document["rows"]}
    assert rows["FBA"]["cogs"] == D("18.00") and rows["FBM"]["cogs"] == D("8.00")  # CH-TIE's 6.00: null row


def _assert_ties_out(document: dict[str, Any]) -> None:
    for name, total in document["total"]["lines"].items():
        if name == "net_margin" or total is None:
            continue
        values = [row["lines"][name] for row in document["rows"]]
        assert sum(values, D(0)) == total, name


def test_all_orders_names_the_channel() -> None:
    # us-32col.txt: FW-LID-01 1 unit Amazon, 2 units Merchant → FBM; FW-MUG-BLU and FW-MUG-GRN Amazon.
    # The MCF row (Non-Amazon) and cancelled and pending items sell nothing.
    document, err = _json("kpis", str(REPORTS / "orders" / "us-32col.txt"), "--by", "fulfillment")
    rows = {row["scope"]["fulfillment"]: row["metrics"] for row in document["rows"]}
    assert rows["FBA"]["gross_sales"] == D("239.87")  # 39.98 + 19.99 + 179.90
    assert rows["FBA"]["units_sold"] == 13  # 2 + 1 + 10
    assert rows["FBM"]["gross_sales"] == D("26.97")  # 8.99 + 17.98 (its Amazon item goes with it)
    assert rows["FBM"]["units_sold"] == 3
    assert rows["FBM"]["fbm_units"] == 2  # All Orders' own count stays by row: the Merchant item only
    assert document["total"]["metrics"]["gross_sales"] == D("266.84")
    assert "SKU FW-LID-01 sold through both channels (1 FBA, 2 FBM units): counted as FBM" in err


def test_the_settlement_fulfillment_id_names_the_channel() -> None:
    # us-v2-24col.txt: FW-CANDLE-SOY is MFN (3 units, principal 36.00, shipping 5.99, gift wrap 3.99,
    # commission −6.90; its taxes are withheld back); FW-MUG-12OZ-BLU (2 + 4) and FW-LAMP-DESK-WHT (2 + 3) AFN.
    document, _ = _json("kpis", str(REPORTS / "settlement" / "us-v2-24col.txt"), "--by", "fulfillment")
    rows = {row["scope"]["fulfillment"]: row["metrics"] for row in document["rows"]}
    fbm = rows["FBM"]
    assert (fbm["units_sold"], fbm["gross_sales"], fbm["referral_fees"]) == (3, D("36.00"), D("6.90"))
    assert fbm["net_proceeds"] == D("39.08")  # 36.00 + 5.99 + 3.99 − 6.90 (taxes net to 0)
    assert rows["FBA"]["units_sold"] == 11


def test_the_payments_fulfillment_column_names_the_channel() -> None:
    # us-28col-fbm-credits.csv: FW-LAMP-ARC is sold by the seller (Seller), FW-MUG-12OZ-BLU by Amazon.
    document, _ = _json("kpis", str(REPORTS / "payments" / "us-28col-fbm-credits.csv"), "--by", "fulfillment")
    rows = {row["scope"]["fulfillment"]: row["metrics"] for row in document["rows"]}
    assert rows["FBM"]["gross_sales"] == D("89.99") and rows["FBM"]["shipping_credits"] == D("12.99")
    assert rows["FBA"]["gross_sales"] == D("34.99") and rows["FBA"]["refunded_sales"] == D("10.00")
    assert rows[None]["transfers"] == D("-500.00")


def test_fbm_only_account_health_metrics_say_so() -> None:
    for name in ("late_shipment_rate", "pre_fulfillment_cancel_rate", "valid_tracking_rate"):
        result = flywheel("metrics", name, "--format", "json")
        assert result.code == 0, result.err
        assert "FBM" in json.loads(result.out)["metrics"][0]["definition"], name


def test_the_grain_is_offered_in_help() -> None:
    for command in ("kpis", "costs"):
        result = flywheel(command, "--help")
        assert result.code == 0 and "fulfillment" in result.out


def test_a_rule_can_judge_each_channel(tmp_path: Path) -> None:
    rules = tmp_path / "channels.yaml"
    rules.write_text(
        "pack: channels\nversion: 1\ndescription: refunds by channel\nrules:\n"
        "  - id: refunds-by-channel\n    metric: refund_rate\n    grain: fulfillment\n"
        "    warn: {above: 0.5}\n    basis: rule_of_thumb\n    source: a test\n"
        '    message: "refund rate {value:.1%}"\n',
        encoding="utf-8",
    )
    result = flywheel("check", str(CHANNELS), "--rules", str(rules), "--format", "json")
    assert result.code == 0, result.err  # warnings only
    findings = json.loads(result.out, parse_float=Decimal)["findings"]
    # FBM: 1 refunded of 1 sold; FBA: 0 of 6 (passes); the null row: 0 of 2.
    assert [(f["scope"], f["value"]) for f in findings] == [({"fulfillment": "FBM"}, 1)]
