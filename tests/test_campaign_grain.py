"""`flywheel kpis --by campaign`: one row per Ads campaign, its Ads metrics from Ledger.campaigns."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from tests.conftest import FIXTURES, flywheel

REPORTS = FIXTURES / "reports"
SP = REPORTS / "ads-sp-advertised-product" / "legacy-start-end.csv"
SB = REPORTS / "ads-sb-campaign" / "legacy-console.csv"
SD = sorted((REPORTS / "ads-sd-campaign").glob("*.csv"))
PERFORMANCE = REPORTS / "ads-sp-performance" / "console-2025.csv"  # SP, no campaign column, October
AD_FIGURES = ("impressions", "clicks", "ad_spend", "ad_sales", "ad_orders", "ad_units")

# Summed by hand from the files: (impressions, clicks, spend, sales, orders, units)
EXPECTED = {
    # SP advertised product, September: 22,410 + 8,015 impressions; $165.55 + $50.44 …
    "FW Mugs - Auto": (30425, 398, "215.99", "1082.43", 55, 57),
    "FW Bottles - Exact": (5730, 88, "79.20", "349.86", 14, 14),
    # SB campaign, 5-6 September
    "FW Brand - Mugs Video": (21500, 101, "87.90", "399.60", 20, 21),
    "FW Brand - Bottles Headline": (7200, 30, "27.30", "99.90", 3, 3),
    # SD campaign, legacy console (September) and API v3 (October)
    "FW Display - Retarget Mugs": (28500, 69, "41.40", "151.92", 8, 8),
    "FW Display - Audiences Bottles": (40250, 25, "32.20", "49.98", 2, 2),
    "FW Display - Kettle Retarget": (22655, 49, "29.89", "359.94", 6, 6),
    "FW Display - Tiffin Audiences": (22760, 14, "18.20", "39.99", 1, 2),
}


def _kpis(*paths: Path) -> dict:
    run = flywheel("kpis", *map(str, paths), "--by", "campaign", "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out, parse_float=Decimal)


def _figures(metrics: dict) -> tuple:
    return tuple(metrics[name] for name in AD_FIGURES)


def test_one_row_per_campaign_with_its_ads_metrics() -> None:
    body = _kpis(SP, SB, *SD)
    assert body["grain"] == "campaign"
    rows = {row["scope"]["campaign"]: row["metrics"] for row in body["rows"]}
    assert [row["scope"] for row in body["rows"]] == [{"campaign": name} for name in sorted(EXPECTED)]
    for name, (impressions, clicks, spend, sales, orders, units) in EXPECTED.items():
        expected = (impressions, clicks, Decimal(spend), Decimal(sales), orders, units)
        assert _figures(rows[name]) == expected, name
    mugs = rows["FW Mugs - Auto"]  # the ratios from the campaign's own parts
    assert mugs["acos"] == Decimal("0.199542")  # 215.99 / 1082.43
    assert mugs["roas"] == Decimal("5.011482")  # 1082.43 / 215.99
    assert mugs["ctr"] == Decimal("0.013081")  # 398 / 30425
    assert mugs["cpc"] == Decimal("0.5427")  # 215.99 / 398
    assert mugs["ad_conversion"] == Decimal("0.138191")  # 55 / 398
    # every other metric is null in a campaign row, with the reason
    assert mugs["tacos"] is None and mugs["ad_spend_brand"] is None
    assert body["unavailable"]["tacos"] == "only the Ads reports carry campaigns"
    # the total is the account's, and the campaigns add up to it
    total = body["total"]["metrics"]
    assert total["ad_spend"] == Decimal("532.08") == sum(Decimal(e[2]) for e in EXPECTED.values())
    assert total["ad_sales"] == Decimal("2533.62") == sum(Decimal(e[3]) for e in EXPECTED.values())
    assert total["ad_spend_brand"] == Decimal("115.20")  # the account total keeps its metrics


def test_a_report_without_campaigns_is_the_null_row() -> None:
    body = _kpis(SP, PERFORMANCE)  # September by SKU, October's performance summary (no campaign)
    rows = {row["scope"]["campaign"]: row["metrics"] for row in body["rows"]}
    assert list(rows) == ["FW Bottles - Exact", "FW Mugs - Auto", None]
    assert _figures(rows[None]) == (12490, 164, Decimal("105.86"), Decimal("1954.38"), 19, 21)
    total = body["total"]["metrics"]
    assert total["ad_spend"] == sum(row["ad_spend"] for row in rows.values()) == Decimal("401.05")
    assert total["ad_sales"] == sum(row["ad_sales"] for row in rows.values())


def test_a_name_two_ad_products_share_is_one_row_each(tmp_path: Path) -> None:
    sb = tmp_path / "sb.csv"
    sb.write_text(
        SB.read_text(encoding="utf-8").replace("FW Brand - Mugs Video", "FW Mugs - Auto"), encoding="utf-8"
    )
    rows = {row["scope"]["campaign"]: row["metrics"] for row in _kpis(SP, sb)["rows"]}
    assert rows["FW Mugs - Auto (SP)"]["ad_spend"] == Decimal("215.99")
    assert rows["FW Mugs - Auto (SB)"]["ad_spend"] == Decimal("87.90")
    assert "FW Mugs - Auto" not in rows and rows["FW Bottles - Exact"]["ad_spend"] == Decimal("79.20")


def test_the_table_and_the_other_commands() -> None:
    table = flywheel(
        "kpis", str(SP), str(SB), "--by", "campaign", "-m", "ad_spend,tacos", "--format", "plain"
    )
    assert table.code == 0 and "FW Brand - Mugs Video" in table.out, table.err
    assert "only the Ads reports carry campaigns" in table.out + table.err
    costs = flywheel("costs", str(SP), "--by", "campaign")
    assert costs.code == 2 and "only the Ads reports carry campaigns" in costs.err


def test_rules_have_no_campaign_grain() -> None:
    from pydantic import ValidationError

    from flywheel_cli.checks.schema import Rule

    try:
        Rule(id="campaign-acos", metric="acos", grain="campaign")  # type: ignore[arg-type]
    except ValidationError as exc:
        assert "rules have no campaign grain" in str(exc)
    else:
        raise AssertionError("grain: campaign was accepted")
