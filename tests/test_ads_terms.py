"""`flywheel ads terms` through the CLI, against fixtures in the legacy console layout.

tests/fixtures/analyses/ads-terms/daily/: a Sponsored Products search-term report by day (20 rows,
2026-09-01..2026-09-30) and a Sponsored Brands one (4 rows, 2026-09-07..2026-09-27). Summed by hand
per (campaign, ad group, term, match type):

  SP  Exact / led desk lamp (EXACT)        impr 4000, clicks 79, spend 63.20, sales 359.88, orders 12
  SP  Auto  / led desk lamp (auto)         impr  550, clicks 11, spend  5.50, sales  59.98, orders  2
  SP  Auto  / desk lamp with usb port      impr  900, clicks 17, spend  8.50, sales  59.97, orders  3
  SP  Auto  / lamp shade replacement       impr  580, clicks 14, spend  7.00, sales   0,    orders  0
  SP  Auto  / clamp lamp                   impr  200, clicks  6, spend  2.40, sales   0,    orders  0
  SP  Auto  / b0c4455667 (an ASIN)         impr  250, clicks  7, spend  3.50, sales  74.97, orders  3
  SP  Broad / desk lamp for kids           impr  350, clicks  8, spend  6.40, sales  24.99, orders  1
  SP  Broad / architect desk lamp          impr  500, clicks 15, spend 15.00, sales  69.98, orders  2
  SP  Broad / floor lamp                   impr 1100, clicks 11, spend  8.80, sales   0,    orders  0
  SB  Headline / dimmable desk lamp        impr 1500, clicks 18, spend 16.20, sales 119.97, orders 3
  SB  Headline / lamp                      impr 1900, clicks 10, spend  9.00, sales   0,    orders  0

Spend 145.50, sales 769.74: account ACoS 145.50 / 769.74 = 0.189025. Wasted (no orders): 7.00 + 2.40 +
8.80 + 9.00 = 27.20. Negatives (≥ 10 clicks): lamp shade replacement, floor lamp, lamp: savings 24.80.
Harvests: desk lamp with usb port (3 orders, ACoS 0.141738) and dimmable desk lamp (3, 0.135034); not
led desk lamp (auto; already an exact keyword), architect desk lamp (ACoS 0.214347 > 0.189025),
desk lamp for kids (1 order), b0c4455667 (an ASIN).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE, FIXTURES, flywheel

TERMS = FIXTURES / "analyses" / "ads-terms"
DAILY = TERMS / "daily"
SP = DAILY / "sp-search-term-2026-09.csv"
SB = DAILY / "sb-search-term-2026-09.csv"
SUMMARY = TERMS / "summary" / "sp-search-term-summary-2026-09.csv"


def _json(*args: str) -> dict[str, Any]:
    result = flywheel("ads", "terms", *args, "--format", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out, parse_float=Decimal)
    return document


def _term(document: dict[str, Any], term: str, campaign: str) -> dict[str, Any]:
    found = [t for t in document["terms"] if t["term"] == term and t["campaign"] == campaign]
    assert len(found) == 1, found
    return found[0]


def test_summary_and_candidates() -> None:
    document = _json(str(DAILY))
    assert document["schema"] == "flywheel.ads-terms/1"
    assert document["summary"] == {
        "spend": Decimal("145.50"),
        "wasted_spend": Decimal("27.20"),
        "negative_candidates": 3,
        "harvest_candidates": 2,
        "savings": Decimal("24.80"),
    }
    assert len(document["terms"]) == 11
    assert document["harvest"] == {"min_orders": 2, "acos_at_most": Decimal("0.189025")}
    assert [t["term"] for t in document["terms"] if t["action"] == "negative"] == [
        "lamp", "floor lamp", "lamp shade replacement"
    ]  # fmt: skip
    assert [t["term"] for t in document["terms"] if t["action"] == "harvest"] == [
        "dimmable desk lamp", "desk lamp with usb port"
    ]  # fmt: skip
    floor = _term(document, "floor lamp", "LL Desk Lamps - Broad")
    assert floor == {
        "campaign": "LL Desk Lamps - Broad", "ad_group": "Broad", "term": "floor lamp", "match_type": "broad",
        "ad_product": "SP", "impressions": 1100, "clicks": 11, "spend": Decimal("8.80"), "orders": 0,
        "sales": Decimal("0.00"), "acos": None, "action": "negative", "reason": floor["reason"],
    }  # fmt: skip
    usb = _term(document, "desk lamp with usb port", "LL Desk Lamps - Auto")
    assert (usb["match_type"], usb["orders"], usb["spend"], usb["sales"], usb["acos"]) == (
        "auto",
        3,
        Decimal("8.50"),
        Decimal("59.97"),
        Decimal("0.141738"),
    )
    exact = _term(document, "led desk lamp", "LL Desk Lamps - Exact")
    assert (exact["impressions"], exact["clicks"], exact["spend"], exact["orders"]) == (
        4000,
        79,
        Decimal("63.20"),
        12,
    )
    auto_led = _term(document, "led desk lamp", "LL Desk Lamps - Auto")
    assert auto_led["action"] is None and "already targeted as an exact keyword" in auto_led["reason"]
    architect = _term(document, "architect desk lamp", "LL Desk Lamps - Broad")
    assert architect["action"] is None and architect["acos"] == Decimal("0.214347")
    assert _term(document, "b0c4455667", "LL Desk Lamps - Auto")["action"] is None
    assert _term(document, "desk lamp for kids", "LL Desk Lamps - Broad")["action"] is None
    clamp = _term(document, "clamp lamp", "LL Desk Lamps - Auto")
    assert clamp["action"] is None and clamp["orders"] == 0  # wasted, but 6 clicks < 10
    assert document["negatives"] == [
        {"campaign": "LL Brand - Lamps", "ad_group": "Headline", "ad_product": "SB", "savings": Decimal("9.00"),
         "terms": ["lamp"]},
        {"campaign": "LL Desk Lamps - Broad", "ad_group": "Broad", "ad_product": "SP", "savings": Decimal("8.80"),
         "terms": ["floor lamp"]},
        {"campaign": "LL Desk Lamps - Auto", "ad_group": "Auto", "ad_product": "SP", "savings": Decimal("7.00"),
         "terms": ["lamp shade replacement"]},
    ]  # fmt: skip
    assert document["period"] == {"start": "2026-09-01", "end": "2026-09-30"}
    assert [i["counted"] for i in document["inputs"]] == [True, True]


def test_core_terms_trend() -> None:
    """Last day 09-30: recent 09-17..09-30, prior 09-03..09-16 (the 09-01/09-02 rows are in neither).
    Core: top 5 by spend (led desk lamp 68.70, dimmable 16.20, architect 15.00, lamp 9.00, floor lamp
    8.80) and top 5 by orders (led desk lamp 14, then 3 each by spend: dimmable, usb port, b0c4455667,
    then architect 2)."""
    trend = _json(str(DAILY))["trend"]
    assert trend["recent"] == {"start": "2026-09-17", "end": "2026-09-30"}
    assert trend["prior"] == {"start": "2026-09-03", "end": "2026-09-16"}
    assert trend["reason"] is None
    rows = [(t["term"], t["spend"], t["orders"], t["impressions_prior"], t["impressions_recent"], t["change"],
             t["change_ratio"]) for t in trend["terms"]]  # fmt: skip
    assert rows == [
        (
            "led desk lamp",
            Decimal("68.70"),
            14,
            2500,
            1650,
            -850,
            Decimal("-0.34"),
        ),  # 1000+1200+300 / 600+500+300+250
        ("dimmable desk lamp", Decimal("16.20"), 3, 800, 700, -100, Decimal("-0.125")),
        ("architect desk lamp", Decimal("15.00"), 2, 300, 200, -100, Decimal("-0.333333")),
        ("lamp", Decimal("9.00"), 0, 900, 1000, 100, Decimal("0.111111")),
        ("floor lamp", Decimal("8.80"), 0, 600, 0, -600, Decimal("-1")),
        ("desk lamp with usb port", Decimal("8.50"), 3, 400, 500, 100, Decimal("0.25")),
        ("b0c4455667", Decimal("3.50"), 3, 150, 100, -50, Decimal("-0.333333")),
    ]


def test_min_clicks_makes_more_negatives() -> None:
    summary = _json(str(DAILY), "--min-clicks", "5")["summary"]
    # clamp lamp (6 clicks) joins: every term without orders has 5+ clicks, so savings = wasted spend
    assert (summary["negative_candidates"], summary["savings"], summary["wasted_spend"]) == (
        4,
        Decimal("27.20"),
        Decimal("27.20"),
    )
    refused = flywheel("ads", "terms", str(DAILY), "--min-clicks", "0")
    assert refused.code == 2 and "--min-clicks" in refused.err


def test_period_keeps_rows_inside_and_trend_is_null() -> None:
    """2026-09-01..2026-09-15: spend 41.60 (exact) + 3.00 + 4.00 + 3.50 + 2.40 + 2.00 + 6.40 + 9.00 + 8.80
    + 9.00 + 4.50 (SB) = 94.20; wasted 3.50 + 2.40 + 8.80 + 4.50 = 19.20; floor lamp alone has 10+ clicks
    (5 + 6); sales 529.82, ACoS 0.177796: dimmable desk lamp (09-07: 2 orders, 9.00 / 79.98) and desk lamp
    with usb port (09-08: 2 orders, 4.00 / 39.98) harvest."""
    document = _json(str(DAILY), "--period", "2026-09-01..2026-09-15")
    assert document["summary"] == {
        "spend": Decimal("94.20"),
        "wasted_spend": Decimal("19.20"),
        "negative_candidates": 1,
        "harvest_candidates": 2,
        "savings": Decimal("8.80"),
    }
    trend = document["trend"]
    assert trend["recent"] is None and trend["prior"] is None
    assert "needs daily rows for every day of 2026-08-19..2026-09-15" in trend["reason"]
    assert all(t["impressions_recent"] is None and t["change"] is None for t in trend["terms"])


def test_duplicate_file_counts_once(tmp_path: Path) -> None:
    for name in ("a.csv", "b.csv"):
        shutil.copy(SP, tmp_path / name)
    shutil.copy(SB, tmp_path / "sb.csv")
    result = flywheel("ads", "terms", str(tmp_path), "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out, parse_float=Decimal)
    assert document["summary"]["spend"] == Decimal("145.50")
    assert [i["counted"] for i in document["inputs"]] == [True, False, True]
    assert "the same report as" in result.err


def test_summary_report_left_out_of_a_period_with_the_reason() -> None:
    result = flywheel(
        "ads", "terms", str(DAILY), str(SUMMARY), "--period", "2026-09-01..2026-09-15", "--format", "json"
    )
    assert result.code == 0, result.err
    document = json.loads(result.out, parse_float=Decimal)
    assert document["summary"]["spend"] == Decimal("94.20")  # the daily reports' rows only
    left = [i for i in document["inputs"] if not i["counted"]]
    assert [i["path"] for i in left] == [str(SUMMARY)]
    assert "2026-09-01..2026-09-30 in rows that span past the period's edges" in left[0]["note"]
    assert "left out" in result.err
    alone = flywheel("ads", "terms", str(SUMMARY), "--period", "2026-09-01..2026-09-15")
    assert alone.code == 2
    assert "error: no search-term report can be placed in the period 2026-09-01..2026-09-15" in alone.err
    assert "hint:" in alone.err


def test_summary_report_has_no_trend() -> None:
    """One row per term for the month: arc floor lamp (31 clicks, no orders) is a negative; tall floor
    lamp (3 orders, ACoS 16.80 / 179.97 = 0.093349 under 38.50 / 179.97 = 0.213925) a harvest."""
    document = _json(str(SUMMARY))
    assert document["summary"] == {
        "spend": Decimal("38.50"),
        "wasted_spend": Decimal("21.70"),
        "negative_candidates": 1,
        "harvest_candidates": 1,
        "savings": Decimal("21.70"),
    }
    assert "rows that span 2026-09-01..2026-09-30" in document["trend"]["reason"]
    assert [t["impressions_prior"] for t in document["trend"]["terms"]] == [None, None]


def test_csv_is_bulk_sheet_rows() -> None:
    result = flywheel("ads", "terms", str(DAILY), "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows == [
        ["Product", "Entity", "Operation", "Campaign ID", "Ad Group ID", "Campaign Name", "Ad Group Name", "State",
         "Keyword Text", "Match Type", "Product Targeting Expression"],
        ["Sponsored Brands", "Negative Keyword", "Create", "", "", "LL Brand - Lamps", "Headline", "enabled", "lamp",
         "negativeExact", ""],
        ["Sponsored Products", "Negative Keyword", "Create", "", "", "LL Desk Lamps - Broad", "Broad", "enabled",
         "floor lamp", "negativeExact", ""],
        ["Sponsored Products", "Negative Keyword", "Create", "", "", "LL Desk Lamps - Auto", "Auto", "enabled",
         "lamp shade replacement", "negativeExact", ""],
    ]  # fmt: skip


def test_ndjson_is_one_term_a_line() -> None:
    result = flywheel("ads", "terms", str(DAILY), "--format", "ndjson")
    lines = result.out.splitlines()
    assert result.code == 0 and len(lines) == 11
    assert json.loads(lines[0], parse_float=Decimal)["term"] == "led desk lamp"  # the most spend first


def test_screen_order_and_nothing_cut() -> None:
    plain = flywheel("ads", "terms", str(DAILY), "--format", "plain").out
    order = [
        "Search terms",
        "Negative candidates by ad group",
        "Harvest candidates",
        "Core terms' impressions",
    ]
    assert [plain.index(title) for title in order] == sorted(plain.index(title) for title in order)
    narrow = flywheel("ads", "terms", str(DAILY), "--format", "table", env={"COLUMNS": "40"})
    assert narrow.code == 0, narrow.err
    for whole in (
        "lamp shade replacement",
        "desk lamp with usb port",
        "$24.80",
        "$145.50",
        "LL Desk Lamps - Broad",
    ):
        assert whole in narrow.out, whole


def test_overlapping_downloads_must_agree(tmp_path: Path) -> None:
    revised = SP.read_text(encoding="utf-8").replace(
        '"1,000",20,2.00%,$0.80,$16.00', '"1,000",20,2.00%,$0.85,$17.00'
    )
    (tmp_path / "revised.csv").write_text(revised, encoding="utf-8")
    result = flywheel("ads", "terms", str(SP), str(tmp_path / "revised.csv"))
    assert result.code == 2
    assert "both cover 2026-09-01..2026-09-30 with different rows" in result.err
    assert "hint: keep the newer download" in result.err


def test_bad_inputs_are_located(tmp_path: Path) -> None:
    lines = SP.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(",300,7,", ",300,seven,")
    (tmp_path / "bad.csv").write_text("".join(lines), encoding="utf-8")
    bad = flywheel("ads", "terms", str(tmp_path / "bad.csv"))
    assert bad.code == 2
    assert f"{tmp_path / 'bad.csv'}:6:10: error:" in bad.err and "hint:" in bad.err
    other = flywheel("ads", "terms", str(EXAMPLE / "business-report-2026-10.csv"))
    assert other.code == 2 and "error: no search-term report among the inputs" in other.err
    currencies = flywheel(
        "ads", "terms", str(FIXTURES / "reports" / "ads-sp-search-term" / "multi-marketplace.csv")
    )
    assert currencies.code == 2 and "amounts in CAD, USD" in currencies.err


def test_budget_split_metrics() -> None:
    """SP auto 5.50 + 8.50 + 7.00 + 2.40 + 3.50 = 26.90; manual 63.20 + 6.40 + 15.00 + 8.80 = 93.40; SB
    16.20 + 9.00 = 25.20; the three layers 145.50."""
    result = flywheel("kpis", str(DAILY), "--format", "json")
    assert result.code == 0, result.err
    metrics = json.loads(result.out, parse_float=Decimal)["total"]["metrics"]
    assert metrics["ad_spend_brand"] == Decimal("25.20")
    assert metrics["ad_spend_auto_share"] == Decimal("0.223608")  # 26.90 / 120.30
    assert metrics["ad_spend_auto_layer_share"] == Decimal("0.18488")  # 26.90 / 145.50 = 0.184880
    assert metrics["ad_spend_manual_layer_share"] == Decimal("0.641924")
    assert metrics["ad_spend_brand_share"] == Decimal("0.173196")
    example = json.loads(flywheel("kpis", str(EXAMPLE), "--format", "json").out)
    assert example["total"]["metrics"]["ad_spend_brand_share"] is None
    assert example["unavailable"]["ad_spend_brand_share"] == "needs a Sponsored Brands report (ads-sb-*)"


def test_help_has_examples() -> None:
    for args in (("ads", "--help"), ("ads", "terms", "--help")):
        result = flywheel(*args)
        assert result.code == 0 and "Examples:" in result.out
