"""`flywheel trend`: the weekly health check, run as a user runs it, against values worked out by hand.

The fixture folder tests/fixtures/analyses/trend/ is a store's download folder, 2026-09-07..2026-11-01
(ISO weeks 37 to 44), one SKU (FW-LAMP-01):

- two Business Reports by date (Sep 7–Oct 11 and Oct 5–Nov 1; Oct 5–11 in both, identical): every day
  1,000 sessions and 1,500 page views; units ordered 100 a day up to Oct 2 (day d = 0..25 from Sep 7),
  then on day k = 0..29 from Oct 3: 100 + k, plus 3 when k is odd; sales $25 a unit; Buy Box 100%,
  except 80% on Oct 13 and 14.
- two Payments downloads (Sep 8–Oct 10 and Oct 6–Oct 30; the three rows of Oct 6–10 in both, one of them
  Deferred in the first and Released in the second). Orders at $25 a unit, referral $3.75 and FBA $5.00
  a unit; refunds credit back $3.00 a unit of referral fee. Units sold by week: W37 5, W38 6, W39 6,
  W40 5, W41 8, W42 8, W43 10, W44 12; units refunded: W38 1, W40 1, W41 2, W43 1. A $39.99
  subscription on Oct 15 (W42).
- FBA returns: 1 unit on Oct 7 (W41), 2 on Oct 21 (W43).
- a Sponsored Products advertised-product report of ONE row for Oct 1–31: spend $310.00, sales $1,240.00.
  No week can hold it.

Units ordered by week, from the rule above: W37–W39 700 each; W40 5×100 + 100 + 104 = 704; W41
k = 2..8: 735 + 3×3 = 744; W42 k = 9..15: 784 + 4×3 = 796; W43 k = 16..22: 833 + 3×3 = 842; W44
k = 23..29: 882 + 4×3 = 894.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE, FIXTURES, flywheel

D = Decimal
TREND = FIXTURES / "analyses" / "trend"
BR_FIRST = TREND / "BusinessReport-by-date-2026-09-07_2026-10-11.csv"
BR_SECOND = TREND / "BusinessReport-by-date-2026-10-05_2026-11-01.csv"
PAYMENTS = [TREND / "payments-2026-09-08_2026-10-10.csv", TREND / "payments-2026-10-06_2026-10-30.csv"]
KPIS = ["ordered_product_sales", "units_ordered", "sessions", "unit_session_pct", "buy_box_pct", "ad_spend",
        "acos", "tacos", "refund_rate", "return_rate", "net_profit", "net_margin"]  # fmt: skip

# Units ordered per week (module docstring) × $25; conversion = units / 7,000 sessions.
WEEKS = {
    # The returns report's rows are all in October: September's returns are unreported, not none.
    "2026-W37": {"ordered_product_sales": D("17500.00"), "units_ordered": 700, "sessions": 7000,
                 "unit_session_pct": D("0.1"), "buy_box_pct": D("1"), "refund_rate": D("0"), "return_rate": None},
    "2026-W40": {"ordered_product_sales": D("17600.00"), "units_ordered": 704, "sessions": 7000,
                 "unit_session_pct": D("0.100571"), "buy_box_pct": D("1"),
                 "refund_rate": D("0.2"), "return_rate": D("0")},  # 704/7000 = 0.1005714; 1 of 5 refunded
    "2026-W41": {"ordered_product_sales": D("18600.00"), "units_ordered": 744, "sessions": 7000,
                 "unit_session_pct": D("0.106286"), "buy_box_pct": D("1"),
                 "refund_rate": D("0.25"), "return_rate": D("0.125")},  # 2 of 8 refunded, 1 of 8 returned
    # Buy Box: (5 × 1,500 + 2 × 0.8 × 1,500) / 10,500 = 9,900 / 10,500 = 0.9428571
    "2026-W42": {"ordered_product_sales": D("19900.00"), "units_ordered": 796, "sessions": 7000,
                 "unit_session_pct": D("0.113714"), "buy_box_pct": D("0.942857"),
                 "refund_rate": D("0"), "return_rate": D("0")},
    "2026-W44": {"ordered_product_sales": D("22350.00"), "units_ordered": 894, "sessions": 7000,
                 "unit_session_pct": D("0.127714"), "buy_box_pct": D("1"), "refund_rate": D("0"), "return_rate": D("0")},
}  # fmt: skip
BR_HEADER = BR_FIRST.read_text(encoding="utf-8").splitlines()[0]


def _trend(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel("trend", *args, "--format", "json")
    return result.code, (json.loads(result.out, parse_float=D) if result.out else {}), result.err


def _rows(document: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    field = document["grain"]
    return {row["scope"][field]: row for row in document["rows"]}


def _by_date_row(day: date, units: int, sessions: int) -> str:
    """A day of the Business Report by date in its current layout, as Seller Central writes it."""
    sales, percent = f"${units * 25:,}.00", f"{D(units) * 100 / sessions:.2f}%"
    return (f'{day.month}/{day.day}/{day.year % 100},"{sales}",$0.00,{units},0,{units},0,"1,500",0,'
            f'"{sessions:,}",0,100.00%,0.00%,{percent},0.00%,3,1')  # fmt: skip


def test_weekly_rows_hold_the_twelve_kpis_and_count_overlapping_downloads_once() -> None:
    code, document, err = _trend(str(TREND))
    assert code == 0, err
    assert document["schema"] == "flywheel.trend/1" and document["version"]
    assert (document["grain"], document["kpis"], document["currency"]) == ("week", KPIS, "USD")
    assert document["period"] == {"start": "2026-09-07", "end": "2026-11-01"}
    rows = _rows(document)
    assert list(rows) == [f"2026-W{week}" for week in range(37, 45)] + [None]
    for week, expected in WEEKS.items():
        assert {name: rows[week]["metrics"][name] for name in expected} == expected, week
    assert len(document["inputs"]) == 6
    # Oct 5–11 is in both Business Reports and Oct 6–10 in both Payments downloads: counted once.
    assert "7 business-report-by-date rows found in more than one" in err
    assert "3 payments rows found in more than one" in err


def test_change_on_the_week_before_ratios_in_points_money_and_counts_absolute_and_relative() -> None:
    _, document, _ = _trend(str(TREND))
    rows = _rows(document)
    assert all(value is None for value in rows["2026-W37"]["change"].values())  # no W36 in the inputs
    w41 = rows["2026-W41"]["change"]
    assert w41["ordered_product_sales"] == {"absolute": D("1000.00"), "relative": D("0.056818")}  # 1000/17600
    assert w41["units_ordered"] == {"absolute": 40, "relative": D("0.056818")}
    assert w41["sessions"] == {"absolute": 0, "relative": 0}
    assert w41["unit_session_pct"] == {"points": D("0.5714")}  # (744 − 704) / 7000 × 100
    assert w41["buy_box_pct"] == {"points": 0}
    assert w41["refund_rate"] == {"points": 5}  # 25% − 20%
    assert w41["return_rate"] == {"points": D("12.5")}
    assert w41["ad_spend"] is None and w41["net_profit"] is None
    w42 = rows["2026-W42"]["change"]
    assert w42["ordered_product_sales"] == {"absolute": D("1300.00"), "relative": D("0.069892")}  # 1300/18600
    assert w42["unit_session_pct"] == {"points": D("0.7429")}  # 52 / 70
    assert w42["buy_box_pct"] == {"points": D("-5.7143")}  # (0.9428571 − 1) × 100
    assert w42["refund_rate"] == {"points": -25}


def test_a_monthly_ads_report_is_not_split_into_weeks_its_spend_is_in_the_no_week_row() -> None:
    _, document, _ = _trend(str(TREND))
    rows = _rows(document)
    week = rows["2026-W41"]
    assert (week["metrics"]["ad_spend"], week["metrics"]["acos"], week["metrics"]["tacos"]) == (
        None,
        None,
        None,
    )
    assert "span more than one week and cannot be split" in week["unavailable"]["ad_spend"]
    assert "span more than one week and cannot be split" in week["unavailable"]["tacos"]
    assert week["unavailable"]["net_profit"] == "needs a cost file (costs.cogs_file in flywheel.yaml)"
    unplaced = rows[None]
    assert (unplaced["metrics"]["ad_spend"], unplaced["metrics"]["acos"]) == (D("310.00"), D("0.25"))
    assert unplaced["metrics"]["sessions"] is None
    assert all(value is None for value in unplaced["change"].values())


def test_conversion_trend_is_the_least_squares_slope_of_the_last_30_days() -> None:
    # Oct 3..Nov 1, x = 0..29: conversion y = units/1000 × 100 = 10 + 0.1x + 0.3·[x odd] percent.
    # Σ(x − x̄)² = 30(30² − 1)/12 = 2247.5; Σ(x − x̄)·[x odd] = 225 − 14.5 × 15 = 7.5.
    # slope = 0.1 + 0.3 × 7.5 / 2247.5 a day; × 7 = 0.7 + 15.75 / 2247.5 = 0.70700779 pp a week.
    _, document, _ = _trend(str(TREND))
    assert document["conversion_trend"] == {
        "metric": "unit_session_pct", "method": "least_squares", "unit": "percentage_points_per_week",
        "start": "2026-10-03", "end": "2026-11-01", "direction": "up", "slope": D("0.707"), "days": 30,
        "reason": None,
    }  # fmt: skip


def test_by_month_places_the_monthly_ads_report() -> None:
    # Sep: days 0..23 at 100 units; Oct: 200 + Σ(100 + k, k = 0..28) + 14 × 3 = 200 + 3306 + 42 = 3548.
    code, document, err = _trend(str(TREND), "--by", "month")
    assert code == 0, err
    rows = _rows(document)
    assert list(rows) == ["2026-09", "2026-10", "2026-11"]
    october = rows["2026-10"]
    assert {name: october["metrics"][name] for name in ("ordered_product_sales", "units_ordered", "sessions",
            "unit_session_pct", "buy_box_pct", "ad_spend", "acos", "tacos", "refund_rate", "return_rate")} == {
        "ordered_product_sales": D("88700.00"), "units_ordered": 3548, "sessions": 31000,
        "unit_session_pct": D("0.114452"),  # 3548 / 31000 = 0.1144516
        "buy_box_pct": D("0.987097"),  # (29 × 1500 + 2 × 1200) / 46500
        "ad_spend": D("310.00"), "acos": D("0.25"), "tacos": D("0.003495"),  # 310 / 88700
        "refund_rate": D("0.097561"), "return_rate": D("0.073171"),  # 4 / 41 and 3 / 41 units sold
    }  # fmt: skip
    assert october["change"]["ordered_product_sales"] == {
        "absolute": D("28700.00"),
        "relative": D("0.478333"),
    }
    assert october["change"]["unit_session_pct"] == {"points": D("1.4452")}  # (0.1144516 − 0.1) × 100
    assert october["change"]["ad_spend"] is None  # September has no Ads report
    assert rows["2026-09"]["metrics"]["refund_rate"] == D("0.052632")  # 1 of 19 units sold


def test_payments_alone_give_sales_and_units_once_and_no_conversion_trend() -> None:
    code, document, _ = _trend(*(str(path) for path in PAYMENTS))
    assert code == 0
    assert document["kpis"][:2] == ["gross_sales", "units_sold"]
    rows = _rows(document)
    # W41: Oct 6 and Oct 9 orders of 4 units at $25, in both downloads: 200.00 and 8, not 400.00 and 16.
    assert (rows["2026-W41"]["metrics"]["gross_sales"], rows["2026-W41"]["metrics"]["units_sold"]) == (
        D("200.00"),
        8,
    )
    assert (rows["2026-W37"]["metrics"]["gross_sales"], rows["2026-W37"]["metrics"]["units_sold"]) == (
        D("125.00"),
        5,
    )
    assert rows["2026-W41"]["metrics"]["sessions"] is None
    trend = document["conversion_trend"]
    assert (trend["direction"], trend["slope"], trend["days"]) == (None, None, 0)
    assert trend["reason"] == (
        "needs daily rows of a Business Report by date (business-report-by-date) for the 30 days 2026-10-01..2026-10-30"
    )


def test_a_missing_day_makes_the_trend_null_and_a_copied_file_counts_once(tmp_path: Path) -> None:
    for path in TREND.iterdir():
        shutil.copy(path, tmp_path / path.name)
    shutil.copy(BR_FIRST, tmp_path / "BusinessReport (1).csv")  # the same download, saved twice
    second = tmp_path / BR_SECOND.name
    lines = second.read_text(encoding="utf-8").splitlines(keepends=True)
    second.write_text("".join(line for line in lines if not line.startswith("10/20/26,")), encoding="utf-8")
    code, document, _ = _trend(str(tmp_path))
    assert code == 0
    rows = _rows(document)
    assert rows["2026-W37"]["metrics"]["sessions"] == 7000  # not 14,000
    # Oct 20 is day k = 17: 100 + 17 + 3 = 120 units. W43 keeps its six other days.
    assert (rows["2026-W43"]["metrics"]["sessions"], rows["2026-W43"]["metrics"]["units_ordered"]) == (
        6000,
        722,
    )
    trend = document["conversion_trend"]
    assert (trend["direction"], trend["slope"]) == (None, None)
    assert (
        trend["reason"]
        == "the Business Report by date has daily rows for 29 of the 30 days 2026-10-03..2026-11-01"
    )


def test_direction_down_and_flat(tmp_path: Path) -> None:
    first = date(2026, 10, 3)
    days = [first + timedelta(days=k) for k in range(30)]
    down = tmp_path / "down.csv"  # 12.9% − 0.1 pp a day: −0.7 pp a week
    down.write_text(
        "\n".join([BR_HEADER, *(_by_date_row(d, 129 - k, 1000) for k, d in enumerate(days))]) + "\n"
    )
    flat = tmp_path / "flat.csv"  # 1% + 0.01 pp a day: +0.07 pp a week, within ±0.1
    flat.write_text(
        "\n".join([BR_HEADER, *(_by_date_row(d, 100 + k, 10000) for k, d in enumerate(days))]) + "\n"
    )
    for path, direction, slope in ((down, "down", D("-0.7")), (flat, "flat", D("0.07"))):
        code, document, err = _trend(str(path))
        assert code == 0, err
        trend = document["conversion_trend"]
        assert (trend["direction"], trend["slope"], trend["days"]) == (direction, slope, 30), path.name


def test_period_keeps_only_whole_rows_and_says_why_the_trend_is_null() -> None:
    code, document, _ = _trend(str(TREND), "--period", "2026-09-07..2026-10-04")
    assert code == 0
    assert list(_rows(document)) == ["2026-W37", "2026-W38", "2026-W39", "2026-W40"]
    assert _rows(document)["2026-W40"]["metrics"]["units_ordered"] == 704
    # The October Ads row spans past the period's end: not counted, and said so.
    assert document["unavailable"]["ad_spend"] == (
        f"{TREND / 'sp-advertised-product-2026-10.csv'} covers 2026-10-01..2026-10-31 in rows that span past "
        "the period's edges"
    )
    assert document["conversion_trend"]["reason"] == (
        "the Business Report by date has daily rows for 28 of the 30 days 2026-09-05..2026-10-04"
    )


def test_a_cost_file_gives_weekly_net_profit(tmp_path: Path) -> None:
    for path in TREND.iterdir():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "cogs.csv").write_text(
        "sku,unit_cost,effective_from\nFW-LAMP-01,8.00,2026-01-01\n", encoding="utf-8"
    )
    code, document, err = _trend(str(tmp_path))
    assert code == 0, err
    rows = _rows(document)
    # W41: 200.00 − referral 30.00 − FBA 40.00 − COGS 8 × 8.00; refund of 2 units −50.00 + 6.00 credit.
    assert rows["2026-W41"]["metrics"]["net_profit"] == D("22.00")
    # W42: 200.00 − 30.00 − 40.00 − 64.00 − the 39.99 subscription; margin 26.01 / 200.
    assert (rows["2026-W42"]["metrics"]["net_profit"], rows["2026-W42"]["metrics"]["net_margin"]) == (
        D("26.01"),
        D("0.13005"),
    )
    assert rows["2026-W42"]["change"]["net_profit"] == {"absolute": D("4.01"), "relative": D("0.182273")}
    assert rows[None]["metrics"]["net_profit"] == D("-310.00")  # the month's ad spend, which no week holds


def test_table_shows_arrows_and_fits_a_narrow_screen() -> None:
    result = flywheel("trend", str(TREND), "--format", "table", "--quiet", env={"COLUMNS": "60"})
    assert result.code == 0, result.err
    assert all(len(line) <= 60 for line in result.out.splitlines())
    assert "2026-W41" in result.out and "$18,600.00 ▲+5.7%" in result.out
    assert "columns left out to fit 60 columns" in result.out
    wide = flywheel("trend", str(TREND), "--format", "plain", "--quiet")
    assert "94.3% ▼-5.71pp" in wide.out and "▲ up" in wide.out and "+0.71 pp a week" in wide.out
    assert "not shown: net profit, net margin: needs a cost file" in wide.out


def test_csv_ndjson_and_markdown() -> None:
    csv_out = flywheel("trend", str(TREND), "--format", "csv", "--quiet").out.splitlines()
    header = csv_out[0].split(",")
    assert header[:4] == [
        "scope.week",
        "metrics.ordered_product_sales",
        "metrics.units_ordered",
        "metrics.sessions",
    ]
    assert "change.unit_session_pct.points" in header and "change.ordered_product_sales.relative" in header
    w41 = dict(
        zip(header, next(line for line in csv_out if line.startswith("2026-W41")).split(","), strict=True)
    )
    assert (w41["metrics.ordered_product_sales"], w41["change.ordered_product_sales.absolute"]) == (
        "18600.00",
        "1000.00",
    )
    assert (w41["change.unit_session_pct.points"], w41["metrics.ad_spend"]) == ("0.5714", "")
    lines = flywheel("trend", str(TREND), "--format", "ndjson", "--quiet").out.splitlines()
    assert len(lines) == 9 and all(
        set(json.loads(line)) == {"scope", "metrics", "change", "unavailable"} for line in lines
    )
    markdown = flywheel("trend", str(TREND), "--format", "markdown", "--quiet").out
    assert "## Flywheel health check by week" in markdown and "## Conversion trend, last 30 days" in markdown


def test_bad_usage_and_bad_input_exit_2_with_one_located_line(tmp_path: Path) -> None:
    result = flywheel("trend", str(TREND), "--by", "day")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("flywheel: error: Invalid value for '--by'") and "hint:" in result.err
    broken = tmp_path / "br.csv"
    lines = BR_FIRST.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([lines[0], lines[1].replace('"$2,500.00"', '"$2,5O0.00"')]) + "\n")
    result = flywheel("trend", str(broken))
    assert result.code == 2 and result.out == ""
    assert result.err.splitlines()[0] == (
        f"{broken}:2:2: error: an amount was expected in column 'Ordered Product Sales', found '$2,5O0.00'"
    )
    assert result.err.splitlines()[1].startswith("hint: ")


def test_help_has_examples() -> None:
    result = flywheel("trend", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--by" in result.out


def test_sales_by_week_come_from_payments_when_the_business_report_has_no_days() -> None:
    # The demo store's Business Report is by ASIN for October (no days): no week holds its sessions.
    code, document, err = _trend(str(EXAMPLE))
    assert code == 0, err
    assert document["kpis"][:3] == ["gross_sales", "units_sold", "sessions"]
    rows = _rows(document)
    assert list(rows) == ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44", None]
    assert rows["2026-W41"]["metrics"]["sessions"] is None
    assert "span more than one week" in rows["2026-W41"]["unavailable"]["sessions"]
    assert rows[None]["metrics"]["sessions"] is not None
    assert document["conversion_trend"]["reason"] == (
        "needs daily rows of a Business Report by date (business-report-by-date) for the 30 days 2026-10-02..2026-10-31"
    )
