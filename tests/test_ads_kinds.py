"""Every Amazon Ads report kind (SP, SB, SD; legacy console, 2025+ console, API v3), and one source per
number: within an ad product one report counts, across ad products spend adds up."""

from __future__ import annotations

import gzip
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from flywheel_cli.metrics.ads_fold import campaign_totals
from flywheel_cli.metrics.engine import fold_reports
from flywheel_cli.metrics.fold import Window
from flywheel_cli.reports.reader import open_report
from tests.conftest import EXAMPLE, FIXTURES, flywheel

D = Decimal
REPORTS = FIXTURES / "reports"
SP_PRODUCT = REPORTS / "ads-sp-advertised-product" / "legacy-start-end.csv"
INDIA = REPORTS / "ads-sp-advertised-product" / "in-14day-rupee.csv"
SB_TERM = REPORTS / "ads-sb-search-term" / "legacy-14day.csv"
SB_CAMPAIGN = REPORTS / "ads-sb-campaign" / "legacy-console.csv"
SD_PRODUCT = REPORTS / "ads-sd-advertised-product" / "legacy-console.csv"
SD_CAMPAIGN = REPORTS / "ads-sd-campaign" / "legacy-console.csv"
SP_TARGETING = REPORTS / "ads-sp-targeting" / "legacy-console.csv"
SP_CAMPAIGN = REPORTS / "ads-sp-campaign" / "legacy-console.csv"
SP_PLACEMENT = REPORTS / "ads-sp-placement" / "console-2025.csv"
SP_SUMMARY = REPORTS / "ads-sp-performance" / "summary-2019.csv"
API_TERM = REPORTS / "ads-sp-search-term" / "api-v3-sp-search-term.csv"
API_PRODUCT = REPORTS / "ads-sp-advertised-product" / "api-v3-sp-advertised-product.json.gz"
AD_GROUP_2019 = REPORTS / "ads-sp-search-term" / "ad-group-2019.csv"
PURCHASED = REPORTS / "ads-sp-purchased-product" / "legacy-console.csv"
AD_METRICS = "ad_spend,ad_sales,ad_orders,ad_units,clicks,impressions"


def _kpis(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel("kpis", *args, "--format", "json")
    return result.code, (json.loads(result.out, parse_float=D) if result.out else {}), result.err


def _total(document: dict[str, Any], names: str = AD_METRICS) -> dict[str, Any]:
    return {name: document["total"]["metrics"][name] for name in names.split(",")}


# --- the bug: a Sponsored Brands file read as Sponsored Products --------------------------------------


def test_a_sponsored_brands_search_term_file_is_not_read_as_sponsored_products() -> None:
    result = flywheel("inspect", str(SB_TERM), "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["inputs"][0]["kind"] == "ads-sb-search-term"
    # Its spend and its 14-day sales both count, beside (not instead of) the SP report: 295.19 + 41.19.
    code, document, err = _kpis(str(SP_PRODUCT), str(SB_TERM), "-m", "ad_spend,ad_sales,acos")
    assert code == 0, err
    assert _total(document, "ad_spend,ad_sales,acos") == {
        "ad_spend": D("336.38"), "ad_sales": D("1652.19"), "acos": D("0.203596")
    }  # fmt: skip
    # The SP search-term kind refuses it even when asked for.
    forced = flywheel("kpis", str(SB_TERM), "--kind", "ads-sp-search-term")
    assert forced.code == 2
    first = forced.err.splitlines()[0]
    assert first.startswith(f"{SB_TERM}: error: ") and "ads-sp-search-term report" in first


def test_india_14_day_columns_stay_sponsored_products() -> None:
    report = open_report(str(INDIA))
    assert (report.kind, report.layout) == ("ads-sp-advertised-product", "legacy-console")
    records = list(report.records())
    assert sum((r.sales for r in records), D(0)) == D("24426.00")


# --- detection of every kind --------------------------------------------------------------------------

HEADERS = {
    "ads-sb-keyword": "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Targeting,Match Type,Impressions,Clicks,"
    "Click-Thru Rate (CTR),Cost Per Click (CPC),Spend,Total Advertising Cost of Sales (ACOS) ,"
    "Total Return on Advertising Spend (ROAS),14 Day Total Sales ,14 Day Total Orders (#),14 Day Total Units (#),"
    "14 Day Conversion Rate,Viewable Impressions",
    "ads-sb-ad": "Budget currency,Date range,Campaign name,Ad group name,Ad name,Cost type,Impressions,Clicks,Total cost,"
    "Purchases,Sales,Units sold,Viewable impressions,Branded searches",
    "ads-sb-campaign": "Budget currency,Date,Campaign name,Cost type,Impressions,Clicks,Total cost,Purchases,Sales",
    "ads-sd-campaign": "campaignName,date,impressions,impressionsViews,clicks,cost,purchases,sales,unitsSold",
    "ads-sd-advertised-product": "date,campaignName,adGroupName,promotedSku,promotedAsin,impressions,impressionsViews,"
    "clicks,cost,purchases,sales,unitsSold",
    "ads-sp-campaign": "Campaign name,Country,State,Type,Targeting,Campaign bid strategy,Impressions,Clicks,Total cost,"
    "Sales,Campaign budget amount,Top-of-search impression share (IS),Top-of-search bid adjustment",
    "ads-sp-targeting": "Budget currency,Campaign ID,Ad group ID,Targeting,Targeting match type,Target ID,Target bid,Date,"
    "Impressions,Clicks,Total cost,Purchases,Sales",
    "ads-sp-performance": "Budget currency,Date,Impressions,Clicks,CTR,Total cost,Purchases,Sales,ROAS",
    "ads-sb-search-term": "date,campaignName,adGroupName,keywordText,matchType,searchTerm,impressions,clicks,cost,"
    "attributedSales14d,attributedConversions14d,viewableImpressions",
}


@pytest.mark.parametrize("kind", sorted(HEADERS))
def test_each_kind_is_told_by_its_columns(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(HEADERS[kind] + "\n", encoding="utf-8")
    report = open_report(str(path))
    assert report.kind == kind
    assert report.unknown_columns == []


def test_inspect_names_every_ads_kind_of_the_fixtures() -> None:
    folders = sorted(p for p in REPORTS.iterdir() if p.name.startswith("ads-"))
    result = flywheel("inspect", *map(str, folders), "--format", "json")
    assert result.code == 0, result.err
    kinds = {entry["kind"] for entry in json.loads(result.out)["inputs"]}
    from flywheel_cli.reports.registry import KINDS

    assert len(kinds) == 14
    assert kinds == {name for name in KINDS if name.startswith("ads-")}  # every Ads kind has a real file
    text = flywheel("inspect", str(SD_CAMPAIGN), str(API_PRODUCT))
    assert text.code == 0
    assert "ads-sd-campaign" in text.out and "ads-sp-advertised-product" in text.out and "api-v3" in text.out


# --- across ad products: SP + SB + SD add -------------------------------------------------------------


def test_sp_sb_and_sd_spend_add_up_at_account_sku_and_campaign_level() -> None:
    inputs = [
        str(SP_PRODUCT),
        str(SB_CAMPAIGN),
        str(SD_PRODUCT),
        str(SD_CAMPAIGN),
    ]  # SD twice: product counts
    code, document, err = _kpis(*inputs, "-m", AD_METRICS)
    assert code == 0, err
    # 295.19 + 115.20 + 73.60; 1432.29 + 499.50 + 201.90; …
    assert _total(document) == {
        "ad_spend": D("483.99"), "ad_sales": D("2133.69"), "ad_orders": 102, "ad_units": 105, "clicks": 711,
        "impressions": 133605,
    }  # fmt: skip
    code, by_sku, err = _kpis(*inputs, "--by", "sku", "-m", "ad_spend,ad_sales")
    assert code == 0, err
    rows = {row["scope"].get("sku"): _total({"total": row}, "ad_spend,ad_sales") for row in by_sku["rows"]}
    assert rows == {
        "FW-MUG-12OZ-BLU": {"ad_spend": D("198.55"), "ad_sales": D("987.48")},  # SP 165.55 + SD 14.40 + 18.60
        "FW-MUG-12OZ-GRN": {"ad_spend": D("58.84"), "ad_sales": D("246.87")},
        "FW-BOTTLE-750-BLK": {"ad_spend": D("111.40"), "ad_sales": D("399.84")},
        None: {"ad_spend": D("115.20"), "ad_sales": D("499.50")},  # Sponsored Brands: no SKU, never dropped
    }
    folded = fold_reports([open_report(path) for path in inputs], Window(), None)
    spend = {name: parts["ad_spend"] for name, parts in campaign_totals(folded.ledger).items()}
    assert spend == {
        "FW Mugs - Auto": D("215.99"), "FW Bottles - Exact": D("79.20"), "FW Brand - Mugs Video": D("87.90"),
        "FW Brand - Bottles Headline": D("27.30"), "FW Display - Retarget Mugs": D("41.40"),
        "FW Display - Audiences Bottles": D("32.20"),
    }  # fmt: skip
    assert sum(spend.values(), D(0)) == D("483.99")


# --- within an ad product: one report per number -----------------------------------------------------


def test_reports_of_the_same_sp_spend_count_once_by_precedence() -> None:
    everything = [str(SP_CAMPAIGN), str(SP_PLACEMENT), str(API_TERM), str(SP_TARGETING)]
    code, document, err = _kpis(*everything, "-m", AD_METRICS + ",ad_spend_auto_share")
    assert code == 0, err
    # The targeting report counts (61.67), never added to the campaign's 61.67, the placement's 39.12 or
    # the search terms' 61.67; the campaign report lacks units but does not count, so units stay known.
    assert _total(document, AD_METRICS + ",ad_spend_auto_share") == {
        "ad_spend": D("61.67"), "ad_sales": D("289.86"), "ad_orders": 14, "ad_units": 14, "clicks": 87,
        "impressions": 6650, "ad_spend_auto_share": D("0.365656"),  # 22.55 / 61.67 from the search terms
    }  # fmt: skip
    code, document, err = _kpis(str(SP_PLACEMENT), str(SP_CAMPAIGN), "-m", "ad_spend,ad_units")
    assert code == 0, err
    assert _total(document, "ad_spend,ad_units") == {"ad_spend": D("61.67"), "ad_units": None}
    assert document["unavailable"]["ad_units"] == (
        f"{SP_CAMPAIGN} has no '7 Day Total Units (#)' column (ads-sp-campaign, legacy-console layout)"
    )


def test_a_summary_without_sales_gives_no_ad_sales() -> None:
    code, document, err = _kpis(str(SP_SUMMARY), "-m", "ad_spend,ad_sales,acos,clicks")
    assert code == 0, err
    assert _total(document, "ad_spend,ad_sales,acos,clicks") == {
        "ad_spend": D("20.67"), "ad_sales": None, "acos": None, "clicks": 57
    }  # fmt: skip
    assert document["unavailable"]["ad_sales"] == (
        f"{SP_SUMMARY} has no '7 Day Total Sales' column (ads-sp-performance, legacy-console layout)"
    )


def test_purchased_product_sales_are_not_ad_sales() -> None:
    code, document, err = _kpis(str(SP_PRODUCT), str(PURCHASED), "-m", "ad_spend,ad_sales,ad_units")
    assert code == 0, err
    assert _total(document, "ad_spend,ad_sales,ad_units") == {
        "ad_spend": D("295.19"), "ad_sales": D("1432.29"), "ad_units": 71
    }  # fmt: skip


def test_an_undated_2019_download_needs_its_span_for_a_period() -> None:
    code, document, err = _kpis(str(AD_GROUP_2019), "-m", "ad_spend,ad_sales")
    assert code == 0, err
    assert _total(document, "ad_spend,ad_sales") == {"ad_spend": D("24.26"), "ad_sales": D("173.88")}
    assert document["inputs"][0]["currency"] == "USD"
    period = flywheel("kpis", str(AD_GROUP_2019), "--period", "2019-12-01..2019-12-07")
    assert period.code == 2
    assert "none of the inputs is dated" in period.err


# --- Ads API v3 GZIP_JSON -----------------------------------------------------------------------------


def test_json_numbers_are_exact_decimals() -> None:
    records = list(open_report(str(API_PRODUCT)).records())
    assert [r.spend for r in records] == [D("16.1"), D("0.1"), D("0.2")]
    assert all(type(r.spend) is Decimal for r in records)
    code, document, err = _kpis(str(API_PRODUCT), "-m", "ad_spend,cpc")
    assert code == 0, err
    assert _total(document, "ad_spend,cpc") == {"ad_spend": D("16.4"), "cpc": D("0.5125")}  # 16.4 / 32


def test_a_bad_json_value_is_located_by_its_array_index(tmp_path: Path) -> None:
    rows = json.loads(gzip.decompress(API_PRODUCT.read_bytes()), parse_float=D)
    rows[1]["cost"] = "about ten"
    bad = tmp_path / "sp.json.gz"
    bad.write_bytes(gzip.compress(json.dumps(rows, default=str).encode()))
    result = flywheel("kpis", str(bad))
    assert result.code == 2
    assert result.err.startswith(
        f"{bad}:2:8: error: an amount was expected in column 'cost', found 'about ten'"
    )
    assert "hint:" in result.err
    rows[1]["cost"] = {"amount": 1}
    bad.write_bytes(gzip.compress(json.dumps(rows, default=str).encode()))
    nested = flywheel("kpis", str(bad))
    assert nested.code == 2
    assert nested.err.startswith(f"{bad}:2:8: error: [1].cost is an object")


# --- costs: spend without a SKU is shared like storage -------------------------------------------------


def test_brands_spend_is_allocated_and_costs_by_sku_reconcile(tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(EXAMPLE, store)
    october = SB_CAMPAIGN.read_text(encoding="utf-8").replace("Sep 05, 2026", "Oct 05, 2026")
    (store / "sb-campaign-2026-10.csv").write_text(
        october.replace("Sep 06, 2026", "Oct 06, 2026"), encoding="utf-8"
    )
    result = flywheel("costs", str(store), "--by", "sku", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out, parse_float=D)
    total = document["total"]["lines"]["advertising"]
    assert total == D("8551.13")  # the demo's 8,435.93 of Sponsored Products + 115.20 of Sponsored Brands
    rows = {row["scope"]["sku"]: row["lines"]["advertising"] for row in document["rows"]}
    assert rows[None] == 0  # shared out by revenue, like storage: nothing left unallocated
    assert sum(rows.values(), D(0)) == total


# --- combining inputs: overlaps and periods ------------------------------------------------------------


def test_overlapping_sponsored_brands_downloads_count_shared_rows_once(tmp_path: Path) -> None:
    header, first, second, third = SB_CAMPAIGN.read_text(encoding="utf-8").splitlines(keepends=True)
    early, late = tmp_path / "sb-early.csv", tmp_path / "sb-late.csv"
    early.write_text(header + first + second, encoding="utf-8")  # Sep 05..06
    late.write_text(header + second + third, encoding="utf-8")  # Sep 06: the Mugs row again
    code, document, err = _kpis(str(early), str(late), "-m", "ad_spend,ad_sales")
    assert code == 0, err
    assert _total(document, "ad_spend,ad_sales") == {"ad_spend": D("115.20"), "ad_sales": D("499.50")}
    assert f"1 ads-sb-campaign rows found in more than one of {early}, {late}" in err
    folded = fold_reports([open_report(str(early)), open_report(str(late))], Window(), None)
    spend = {name: parts["ad_spend"] for name, parts in campaign_totals(folded.ledger).items()}
    assert spend == {"FW Brand - Mugs Video": D("87.90"), "FW Brand - Bottles Headline": D("27.30")}


def test_brands_spend_that_cannot_be_placed_in_the_period_makes_the_spend_unknown(tmp_path: Path) -> None:
    month = tmp_path / "sb-2025.csv"
    month.write_text(
        "Budget currency,Date range,Campaign name,Cost type,Impressions,Clicks,Total cost,Purchases,Sales\n"
        'USD,"Sep 01, 2026 - Sep 30, 2026",FW Brand - Mugs Video,CPC,12000,60,51.00,12,240.00\n',
        encoding="utf-8",
    )
    args = (str(SP_TARGETING), str(month), "--period", "2026-09-01..2026-09-07", "-m", "ad_spend,clicks")
    code, document, err = _kpis(*args)
    assert code == 0, err
    assert _total(document, "ad_spend,clicks") == {"ad_spend": None, "clicks": None}
    assert document["unavailable"]["ad_spend"] == (
        f"{month} covers 2026-09-01..2026-09-30 in rows that span past the period's edges"
    )
    # Without the month-long SB row, the week's SP spend is simply the week's.
    code, document, err = _kpis(str(SP_TARGETING), "--period", "2026-09-01..2026-09-07", "-m", "ad_spend")
    assert code == 0, err
    assert _total(document, "ad_spend") == {"ad_spend": D("61.67")}
