"""The Ads precedence decides per ad product, marketplace and days; the Campaign Manager grid export is
refused; an API v3 JSON null is unknown, never 0 (docs/metrics.md "Sources", docs/reports.md)."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

from flywheel_cli.metrics.ads_fold import campaign_totals
from flywheel_cli.metrics.engine import fold_reports
from flywheel_cli.metrics.fold import Window
from flywheel_cli.reports.reader import open_report
from tests.conftest import FIXTURES, flywheel

D = Decimal
REPORTS = FIXTURES / "reports"
SB_KEYWORD = REPORTS / "ads-sb-keyword" / "legacy-console.csv"  # Oct 12–13, no Country: 57.83
SB_CAMPAIGN = REPORTS / "ads-sb-campaign" / "legacy-console.csv"  # Sep 5–6, US: 115.20
SP_PRODUCT = REPORTS / "ads-sp-advertised-product" / "legacy-start-end.csv"  # Sep 1–30 rows: 295.19
SP_CAMPAIGN_OCT = REPORTS / "ads-sp-campaign" / "console-2025.csv"  # Oct 5–6, US: 74.99
DE_PRODUCT = REPORTS / "ads-sp-advertised-product" / "de-legacy.csv"  # Sep 1–2, EUR 40.50
MULTI_TERM = REPORTS / "ads-sp-search-term" / "multi-marketplace.csv"  # Sep 1–30: US 339.70, CA 45.88
SP_CAMPAIGN = REPORTS / "ads-sp-campaign" / "legacy-console.csv"  # Sep 3–4, US: 61.67


def test_reports_of_one_ad_product_on_different_days_add_up() -> None:
    result = flywheel(
        "kpis", str(SB_KEYWORD), str(SB_CAMPAIGN), "--by", "month", "-m", "ad_spend", "-f", "csv"
    )
    assert (result.code, result.err) == (0, "")
    # September from the campaign report (51.00 + 36.90 + 27.30), October from the keyword report
    # (17.85 + 10.08 + 24.20 + 5.70): neither covers the other's days.
    assert result.out.splitlines() == ["scope.month,metrics.ad_spend", "2026-09,115.20", "2026-10,57.83"]
    total = flywheel("kpis", str(SP_PRODUCT), str(SP_CAMPAIGN_OCT), "-m", "ad_spend", "-f", "csv")
    assert (total.code, total.err) == (0, "")
    assert total.out.splitlines() == ["metrics.ad_spend", "370.18"]  # 295.19 + 74.99
    folded = fold_reports([open_report(str(path)) for path in (SB_KEYWORD, SB_CAMPAIGN)], Window(), None)
    spend = {name: parts["ad_spend"] for name, parts in campaign_totals(folded.ledger).items()}
    assert spend == {
        "FW Brand - Kettle Spotlight": D("52.13"), "FW Brand - Tiffin Headline": D("5.70"),
        "FW Brand - Mugs Video": D("87.90"), "FW Brand - Bottles Headline": D("27.30"),
    }  # fmt: skip


def test_reports_of_one_ad_product_in_different_marketplaces_add_up(tmp_path: Path) -> None:
    shutil.copy(DE_PRODUCT, tmp_path / "de-legacy.csv")
    shutil.copy(MULTI_TERM, tmp_path / "multi.csv")
    (tmp_path / "flywheel.yaml").write_text(
        'currency: USD\nfx: {EUR: 2, CAD: 0.5}\nmarketplaces: {"de-legacy.csv": DE}\n', encoding="utf-8"
    )
    result = flywheel("kpis", "de-legacy.csv", "multi.csv", "--by", "marketplace", "-m", "ad_spend", "-f", "csv",
                      cwd=tmp_path)  # fmt: skip
    assert (result.code, result.err) == (0, "")
    # DE from the advertised-product report (40.50 EUR × 2), US and CA from the search-term report
    # (225.70 + 114.00; 45.88 CAD × 0.5): the precedence never compares two marketplaces.
    assert result.out.splitlines() == [
        "scope.marketplace,metrics.ad_spend", "CA,22.94", "DE,81.00", "US,339.70",
    ]  # fmt: skip


def test_a_row_partly_covered_by_a_more_granular_report_is_left_out_with_a_warning(tmp_path: Path) -> None:
    campaign = tmp_path / "campaign.csv"
    campaign.write_text(
        "Budget currency,Date range,Campaign name,Country,Impressions,Clicks,Total cost,Purchases,Sales,Units sold\n"
        'USD,"Sep 15, 2026 - Oct 15, 2026",FW Mugs - Auto,United States,1000,10,40.00,2,50.00,2\n'
        'USD,"Oct 01, 2026 - Oct 31, 2026",FW Kettle - Auto,United States,500,5,10.00,1,20.00,1\n',
        encoding="utf-8",
    )
    result = flywheel("kpis", str(SP_PRODUCT), str(campaign), "-m", "ad_spend", "-f", "csv")
    assert result.code == 0
    # The September advertised-product rows (295.19) and October's campaign row (10.00); the row of
    # Sep 15 – Oct 15 cannot be split, so its 40.00 is left out, and said.
    assert result.out.splitlines() == ["metrics.ad_spend", "305.19"]
    assert result.err.splitlines() == [
        "warning: ads-sp-campaign rows (US) for 2026-09-15..2026-10-15 span days the more granular "
        "ads-sp-advertised-product report does not cover, and a row cannot be split: left out, so their spend "
        "on those days is not counted (download the ads-sp-campaign report by day, or the "
        "ads-sp-advertised-product report for the same days)"
    ]


def test_reports_of_the_same_days_and_marketplace_still_count_once() -> None:
    result = flywheel("kpis", str(SP_PRODUCT), str(SP_CAMPAIGN), "-m", "ad_spend", "-f", "csv")
    assert (result.code, result.err) == (0, "")
    # The campaign report's Sep 3–4 are covered by the advertised-product report's rows: counted once.
    assert result.out.splitlines() == ["metrics.ad_spend", "295.19"]


# --- the Campaign Manager grid export --------------------------------------------------------------------

GRID = (
    "State,Campaigns,Status,Type,Targeting,Campaign bidding strategy,Start date,End date,Portfolio,Budget(USD),"
    "Top-of-search IS,Cost type,Impressions,Clicks,CTR,Spend(USD),CPC(USD),Orders,Sales(USD),ACOS,ROAS,NTB orders,"
    "% of orders NTB,NTB sales(USD),% of sales NTB,Viewable impressions,VCPM(USD),Video first quartile,"
    "Video midpoint,Video third quartile,Video complete,Video unmute,VTR,vCTR\n"
    'Enabled,SP Mugs Auto,Delivering,Sponsored Products,Automatic,Dynamic bids - down only,"Sep 1, 2026",,'
    "Drinkware,50.00,12%,CPC,22410,301,1.34%,165.55,0.55,44,873.54,18.95%,5.28,-,-,-,-,-,-,-,-,-,-,-,-,-\n"
    'Enabled,SB Brand Video,Delivering,Sponsored Brands,Manual,-,"Sep 1, 2026",,Drinkware,30.00,-,CPC,12000,60,'
    "0.50%,51.00,0.85,12,240.00,21.25%,4.71,7,58%,140.00,58%,9000,5.67,6100,4300,3050,2210,310,75%,0.67%\n"
)
GRID_ERROR = (
    "error: this is the Campaign Manager screen export, not a report: its Start date and End date are each "
    "campaign's, not the days its figures cover, and it lists Sponsored Products and Brands campaigns together, "
    "so flywheel cannot count it"
)
GRID_HINT = (
    "hint: download a report instead: Amazon Ads console › Reports › Create report › Sponsored Products (and "
    "Sponsored Brands) › Campaign report, Time unit Daily, for the days you want"
)


def test_the_campaign_manager_grid_is_refused_by_every_command(tmp_path: Path) -> None:
    grid = tmp_path / "campaigns.csv"
    grid.write_text(GRID, encoding="utf-8")
    for args in (("inspect", str(grid)), ("kpis", str(grid), str(SP_PRODUCT)), ("costs", str(grid))):
        result = flywheel(*args)
        assert (result.code, result.out) == (2, ""), args
        # Located at the header's `Start date`: the campaign's start, not a report date.
        assert result.err.splitlines() == [f"{grid}:1:7: {GRID_ERROR}", GRID_HINT], args


def test_the_campaign_manager_grid_is_skipped_with_the_hint_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "campaigns.csv").write_text(GRID, encoding="utf-8")
    shutil.copy(SP_CAMPAIGN, tmp_path / "sp-campaign.csv")
    result = flywheel("kpis", str(tmp_path), "-m", "ad_spend", "-f", "csv")
    assert result.code == 0
    # The SP campaign report alone: never 61.67 + the grid's 165.55 + 51.00.
    assert result.out.splitlines() == ["metrics.ad_spend", "61.67"]
    assert result.err.splitlines() == [
        f"{tmp_path / 'campaigns.csv'}: warning: skipped: {GRID_ERROR.removeprefix('error: ')}",
        GRID_HINT,
    ]


# --- API v3 JSON: null is unknown ------------------------------------------------------------------------


def test_a_null_or_missing_json_figure_is_unknown_not_zero(tmp_path: Path) -> None:
    row = {"date": "2026-09-03", "campaignName": "FW Mugs - Auto", "advertisedSku": "FW-MUG", "advertisedAsin": "B0C1",
           "impressions": 10, "clicks": 2, "cost": 1.5, "purchases7d": 1, "sales7d": 20, "unitsSoldClicks7d": 1,
           "campaignBudgetCurrencyCode": "USD"}  # fmt: skip
    path = tmp_path / "sp.json"
    without = {key: value for key, value in row.items() if key != "sales7d"}
    for rows in ([row, {**row, "sales7d": None}], [row, without]):
        path.write_text(json.dumps(rows), encoding="utf-8")
        result = flywheel("kpis", str(path), "-m", "ad_spend,ad_sales,acos", "-f", "json")
        assert (result.code, result.err) == (0, "")
        document = json.loads(result.out, parse_float=D)
        metrics = document["total"]["metrics"]
        assert (metrics["ad_spend"], metrics["ad_sales"], metrics["acos"]) == (D("3.0"), None, None)
        assert document["unavailable"]["ad_sales"] == (
            f"{path}: item [1] has 'sales7d' null or missing: an unknown value, not 0, so its rows do not add up "
            "to a total"
        )
