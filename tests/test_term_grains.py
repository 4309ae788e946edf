"""`flywheel kpis --by search-term` and `--by targeting`: one row per ad product's customer search term
(or target), its Ads metrics summed over campaigns and ad groups (metrics/term_grains.py)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from tests.conftest import FIXTURES, flywheel

HERE = FIXTURES / "analyses" / "term-grains"
REPORTS = FIXTURES / "reports"
SP_TERMS = HERE / "sp-search-term.csv"  # October 1-2, five rows, one term in two campaigns
SB_TERMS = REPORTS / "ads-sb-search-term" / "legacy-14day.csv"  # September 5-6
SP_TARGETS = HERE / "sp-targeting.csv"  # October 1-2, `ceramic mug` exact in two campaigns
SB_KEYWORDS = REPORTS / "ads-sb-keyword" / "legacy-console.csv"  # October 12-13
SD_TARGETS = REPORTS / "ads-sd-targeting" / "legacy-console.csv"  # September 5-6
SP_PRODUCTS = REPORTS / "ads-sp-advertised-product" / "legacy-start-end.csv"
FIGURES = ("impressions", "clicks", "ad_spend", "ad_sales", "ad_orders", "ad_units")

# Summed by hand from the files, most spend first: (impressions, clicks, spend, sales, orders, units)
TERMS = [
    (("water bottle", "SP"), (2050, 27, "24.30", "99.96", 4, 4)),
    # auto 1,200 / $12.40 / $75.96 / 4 + broad 800 / $7.50 / $18.99 / 1
    (("ceramic coffee mug", "SP"), (2000, 30, "19.90", "94.95", 5, 5)),
    (("large ceramic mug", "SB"), (4210, 22, "19.80", "120.00", 6, 6)),
    # exact 1,480 / $14.82 / $75.96 + auto 300 / $2.20 / $0.00
    (("ceramic mug", "SP"), (1780, 23, "17.02", "75.96", 4, 4)),
    (("coffee mug set", "SB"), (2980, 15, "13.20", "0.00", 0, 0)),
    (("water bottle", "SB"), (1750, 9, "8.19", "99.90", 3, 3)),
]
TARGETS = [
    # SB: Oct 12 1,204 / $17.85 / $119.98 / 2 / 2 + Oct 13 1,530 / $24.20 / $1,234.50 / 6 / 7
    (("electric kettle", "broad", "SB"), (2734, 39, "42.05", "1354.48", 8, 9)),
    (("views=(exact-product lookback=30)", None, "SD"), (28500, 69, "41.40", "151.92", 8, 8)),
    (("audience=(in-market=outdoor recreation)", None, "SD"), (40250, 25, "32.20", "49.98", 2, 2)),
    (("close-match", None, "SP"), (3120, 41, "22.55", "113.94", 6, 6)),
    # two campaigns: 1,480 / 19 / $14.82 / $75.96 / 4 + 520 / 6 / $5.10 / $18.99 / 1
    (("ceramic mug", "exact", "SP"), (2000, 25, "19.92", "94.95", 5, 5)),
    (("gooseneck kettle", "phrase", "SB"), (860, 9, "10.08", "0.00", 0, 0)),
    (('asin="B0C9876543"', None, "SP"), (1130, 14, "9.66", "56.97", 3, 3)),
    (("ceramic mug", "phrase", "SP"), (900, 11, "6.60", "0.00", 0, 0)),
    (("steel tiffin", "exact", "SB"), (640, 6, "5.70", "39.99", 1, 1)),
]


def _kpis(grain: str, *paths: Path) -> dict:
    run = flywheel("kpis", *map(str, paths), "--by", grain, "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out, parse_float=Decimal)


def _expected(figures: tuple) -> tuple:
    impressions, clicks, spend, sales, orders, units = figures
    return (impressions, clicks, Decimal(spend), Decimal(sales), orders, units)


def _sum(rows: list[dict], name: str, product: str) -> Decimal:
    return sum((row["metrics"][name] for row in rows if row["scope"]["ad_product"] == product), Decimal(0))


def test_one_row_per_ad_product_and_search_term_most_spend_first() -> None:
    body = _kpis("search-term", SP_TERMS, SB_TERMS)
    assert body["grain"] == "search-term"
    assert [row["scope"] for row in body["rows"]] == [
        {"search_term": term, "ad_product": product} for (term, product), _ in TERMS
    ]
    for row, (_, figures) in zip(body["rows"], TERMS, strict=True):
        assert tuple(row["metrics"][name] for name in FIGURES) == _expected(figures), row["scope"]
    mug = body["rows"][1]["metrics"]  # ceramic coffee mug: ratios from the summed parts
    assert mug["acos"] == Decimal("0.209584")  # 19.90 / 94.95
    assert mug["cpc"] == Decimal("0.6633")  # 19.90 / 30
    assert mug["ctr"] == Decimal("0.015")  # 30 / 2,000
    assert mug["ad_conversion"] == Decimal("0.166667")  # 5 / 30
    assert mug["tacos"] is None and mug["ad_spend_brand"] is None
    assert body["unavailable"]["ad_spend_brand"] == "only the search-term reports carry search terms"
    # Each ad product's rows add up to its report's total: SP $12.40 + 7.50 + 14.82 + 2.20 + 24.30
    assert _sum(body["rows"], "ad_spend", "SP") == Decimal("61.22")
    assert _sum(body["rows"], "ad_spend", "SB") == Decimal("41.19")  # 19.80 + 13.20 + 8.19
    total = body["total"]["metrics"]
    assert total["ad_spend"] == Decimal("102.41") and total["ad_sales"] == Decimal("490.77")
    assert total["impressions"] == 14770 and total["ad_spend_brand"] == Decimal("41.19")


def test_one_row_per_ad_product_target_and_match_type() -> None:
    body = _kpis("targeting", SP_TARGETS, SB_KEYWORDS, SD_TARGETS)
    assert [row["scope"] for row in body["rows"]] == [
        {"targeting": text, "match_type": match, "ad_product": product}
        for (text, match, product), _ in TARGETS
    ]
    for row, (_, figures) in zip(body["rows"], TARGETS, strict=True):
        assert tuple(row["metrics"][name] for name in FIGURES) == _expected(figures), row["scope"]
    assert body["unavailable"]["tacos"] == "only the targeting reports carry targets"
    assert _sum(body["rows"], "ad_spend", "SP") == Decimal("58.73")  # 14.82 + 5.10 + 6.60 + 22.55 + 9.66
    assert _sum(body["rows"], "ad_spend", "SB") == Decimal("57.83")  # 17.85 + 10.08 + 24.20 + 5.70
    assert _sum(body["rows"], "ad_spend", "SD") == Decimal("73.60")  # 22.80 + 18.60 + 32.20
    assert body["total"]["metrics"]["ad_spend"] == Decimal("190.16")


def test_the_table_and_csv_name_the_ad_product() -> None:
    table = flywheel("kpis", str(SP_TARGETS), "--by", "targeting", "-m", "ad_spend,acos", "--format", "plain")
    assert table.code == 0, table.err
    assert "ceramic mug (SP, exact)" in table.out and "close-match (SP)" in table.out
    csv = flywheel(
        "kpis", str(SP_TERMS), str(SB_TERMS), "--by", "search-term", "-m", "ad_spend", "--format", "csv"
    )
    lines = csv.out.splitlines()
    assert lines[0] == "scope.search_term,scope.ad_product,metrics.ad_spend"
    assert lines[1:3] == ["water bottle,SP,24.30", "ceramic coffee mug,SP,19.90"]


def test_without_a_report_of_the_grain_exit_2_naming_the_report() -> None:
    run = flywheel("kpis", str(SP_PRODUCTS), "--by", "search-term")
    assert run.code == 2 and run.out == ""
    assert "none of the inputs is a search-term report" in run.err
    assert "hint: download the Sponsored Products search term report (ads-sp-search-term)" in run.err
    run = flywheel("kpis", str(SP_TERMS), "--by", "targeting")  # a search-term report carries no target grain
    assert run.code == 2 and "ads-sp-targeting" in run.err and "ads-sd-targeting" in run.err


def test_costs_and_rules_refuse_the_grains() -> None:
    from pydantic import ValidationError

    from flywheel_cli.checks.schema import Rule

    for grain, why in (("search-term", "search terms"), ("targeting", "targets")):
        costs = flywheel("costs", str(SP_TERMS), "--by", grain)
        assert costs.code == 2 and f"costs has no {grain} grain" in costs.err and why in costs.err
        try:
            Rule(id="term-acos", metric="acos", grain=grain)  # type: ignore[arg-type]
        except ValidationError as exc:
            assert f"rules have no {grain} grain" in str(exc)
        else:
            raise AssertionError(f"grain: {grain} was accepted")


def test_the_same_download_twice_counts_once(tmp_path: Path) -> None:
    copy = tmp_path / "copy.csv"
    copy.write_bytes(SP_TERMS.read_bytes())
    body = _kpis("search-term", SP_TERMS, copy)
    assert _sum(body["rows"], "ad_spend", "SP") == Decimal("61.22")
    assert body["rows"][0]["metrics"]["ad_spend"] == Decimal("24.30")


def test_overlapping_downloads_count_shared_rows_once(tmp_path: Path) -> None:
    lines = SP_TERMS.read_text(encoding="utf-8").splitlines()
    later = tmp_path / "later.csv"  # October 2 again (three rows), and October 3
    extra = '"Oct 03, 2026",Not grouped,USD,FW Bottles - Exact,Bottles Exact,water bottle,EXACT,water bottle,'
    extra += "100,2,2.00%,$0.50,$1.00,$0.00,,0.00,0,0,0.00%,0,0,$0.00,$0.00"
    later.write_text("\n".join([lines[0], *lines[3:], extra]) + "\n", encoding="utf-8")
    body = _kpis("search-term", SP_TERMS, later)
    rows = {row["scope"]["search_term"]: row["metrics"] for row in body["rows"]}
    assert rows["water bottle"]["ad_spend"] == Decimal("25.30")  # $24.30 once, + $1.00 on October 3
    assert rows["ceramic mug"]["ad_spend"] == Decimal("17.02")
    assert _sum(body["rows"], "ad_spend", "SP") == Decimal("62.22") == body["total"]["metrics"]["ad_spend"]
