"""`ads-sp-advertised-product` and `ads-sp-search-term`: Sponsored Products reports.

Two console generations: the legacy long names (`Spend`, `7 Day Total Sales ` with its trailing space,
`ACoS`/`ACOS`) and the 2025+ short names (`Total cost`, `Purchases`, `Sales`, `="…"` IDs, one
`Date range` cell). Spend and sales are positive money; the attribution window is 7 days (SP).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Day
from decimal import Decimal
from typing import Any

from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.markets import marketplace_code
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases, normalise_header


@dataclass(frozen=True, slots=True)
class AdRow:
    line: int
    date: Day | None
    end_date: Day | None
    currency: str | None
    marketplace: str | None
    portfolio: str | None
    campaign_name: str | None
    ad_group_name: str | None
    sku: str | None
    asin: str | None
    targeting: str | None
    match_type: str | None
    search_term: str | None
    impressions: int | None
    clicks: int | None
    spend: Decimal | None
    sales: Decimal | None
    orders: int | None
    units: int | None


def _f(name: str, parse: str = "text", required: bool = False, **names: str | list[str]) -> Field:
    return Field(name, aliases(**names), parse, required)


FIELDS = [
    _f("date", "date", en=["Date", "Start Date"], de="Datum", fr="Date", ja="日付"),
    _f("end_date", "date", en="End Date"),
    _f("date_range", "daterange", en="Date range"),
    _f("currency", en=["Currency", "Budget currency"], de="Währung"),
    _f("marketplace", en=["Country", "Advertised product marketplace"]),
    _f("portfolio", en="Portfolio name", de="Portfolioname"),
    _f("campaign_name", en="Campaign Name", de=["Kampagnenname", "Kampagnen-Name"]),
    _f("ad_group_name", en="Ad Group Name", de="Anzeigengruppenname"),
    _f("sku", en=["Advertised SKU", "Advertised product SKU"], de="Beworbene SKU", ja="広告対象SKU"),
    _f("asin", en=["Advertised ASIN", "Advertised product ID"], de="Beworbene ASIN", ja="広告対象ASIN"),
    _f("targeting", en="Targeting", de="Ausrichtung", fr="Ciblage", es="Segmentación"),
    _f("match_type", en=["Match Type", "Targeting match type"], de="Übereinstimmungstyp", fr="Type de correspondance",
       it="Tipo di corrispondenza", es="Tipo de concordancia", ja="マッチタイプ"),
    _f("search_term", en=["Customer Search Term", "Search term"], de="Suchbegriff des Kunden",
       fr="Terme de recherche du client", it="Termine di ricerca cliente", es="Término de búsqueda del cliente",
       ja="カスタマーの検索キーワード"),
    _f("impressions", "int", en="Impressions", de="Impressionen", ja="インプレッション", ko="광고 노출 수"),
    _f("clicks", "int", True, en="Clicks", de="Klicks", fr="Clics", ja="クリック", ko="클릭수"),
    _f("spend", "money", True, en=["Spend", "Total cost"], de="Ausgaben", fr="Dépenses", it="Spesa", es=["Gasto", "Coste"],
       ja=["広告費", "費用"], ko="지출"),
    # India writes the currency into the header; SP vendor (and SB/SD) reports attribute over 14 days.
    _f("sales", "money", en=["7 Day Total Sales", "Sales", "7 Day Total Sales (₹)", "14 Day Total Sales",
                             "14 Day Total Sales (₹)"], de=["7 Tage, Umsatz gesamt (€)", "Gesamtumsatz in 7 Tagen"],
       ja="7日間の広告売上高", ko="7일 총 판매"),
    _f("orders", "int", en=["7 Day Total Orders (#)", "Purchases", "14 Day Total Orders (#)"], de="Gesamtzahl der Bestellungen in 7 Tagen (#)",
       ja="7日間の注文数", ko="7일 총 주문(건수)"),
    _f("units", "int", en=["7 Day Total Units (#)", "Units sold", "14 Day Total Units (#)"], de="Gesamtzahl der Einheiten in 7 Tagen (#)"),
]  # fmt: skip

_SUFFIXES = ("", " (promoted)", " (halo)", " (new to brand)")
IGNORED = aliases(
    en=[
        "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Total Advertising Cost of Sales (ACoS)",
        "Total Advertising Cost of Sales (ACOS)", "Total Return on Advertising Spend (RoAS)",
        "Total Return on Advertising Spend (ROAS)", "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)",
        "7 Day Other SKU Units (#)", "7 Day Advertised SKU Sales", "7 Day Other SKU Sales", "Retailer",
        "Top-of-search Impression Share", "Advertiser account ID", "Advertiser account name", "Portfolio ID",
        "Campaign ID", "Ad group ID", "Advertised product name", "Advertised product parent ID",
        "Advertised product brand", "Advertised product category", "Advertised product subcategory",
        "Advertised product group", "CTR", "Target ID", "Target bid", "Detail page views",
        "Cost per detail page view", "Detail page view rate", "Campaign name", "Ad group name",
        *[f"{name}{suffix}" for name in ("Purchases", "Sales", "Units sold", "Cost per purchase", "Purchase rate", "ROAS")
          for suffix in _SUFFIXES if suffix],
        "Cost per purchase", "Purchase rate", "ROAS",
        *[f"{days} Day {name}{sign}" for days in (7, 14) for sign in ("", " (₹)")
          for name in ("Conversion Rate", "Advertised SKU Units (#)", "Other SKU Units (#)", "Advertised SKU Sales",
                       "Other SKU Sales")],
        "Cost Per Click (CPC) (₹)",
    ],
    de=["Klickrate (CTR)", "Kosten pro Klick (CPC)", "Zugeschriebene Umsatzkosten (ACOS) gesamt",
        "Zugeordnete Umsatzkosten (ACOS) gesamt", "Gesamte Rentabilität der Anzeigenkosten (ROAS)", "7-Tage-Konversionsrate"],
)  # fmt: skip


def _layout(match: HeaderMatch, header: Any) -> str:
    spend = match.columns.get("spend")
    modern = spend is not None and normalise_header(header[spend]) == "total cost"
    return "console-2025" if modern else "legacy-console"


class _Ads(Kind):
    RECORD = AdRow
    DATE_FIELDS = ("date", "end_date")
    PERIOD_END_FIELD = "end_date"
    FAMILY = "ads"
    EXPECTED = ("impressions", "clicks", "spend", "sales", "orders", "units")

    def make(self, line: int, row: dict[str, Any]) -> AdRow:
        start, end = row["date"], row["end_date"]
        if row["date_range"] is not None:
            start, end = row["date_range"]
        market = row["marketplace"]
        return AdRow(
            line, start, end, row["currency"], marketplace_code(market) or market, row["portfolio"],
            row["campaign_name"], row["ad_group_name"], row["sku"], row["asin"], row["targeting"], row["match_type"],
            row["search_term"], row["impressions"], row["clicks"], row["spend"], row["sales"], row["orders"], row["units"],
        )  # fmt: skip


# The 2025+ console writes `Campaign name` where the legacy console wrote `Campaign Name`: after
# case-folding they are one name, so both generations share the fields above.
class AdvertisedProduct(_Ads):
    SPEC = KindSpec(
        "ads-sp-advertised-product",
        "Sponsored Products advertised product report",
        FIELDS,
        IGNORED,
        layout=_layout,
        accepts=lambda m: ("sku" in m.columns or "asin" in m.columns) and "search_term" not in m.columns,
    )


class SearchTerm(_Ads):
    SPEC = KindSpec(
        "ads-sp-search-term",
        "Sponsored Products search term report",
        FIELDS,
        IGNORED,
        layout=_layout,
        accepts=lambda m: "search_term" in m.columns,
    )


ADVERTISED_PRODUCT = AdvertisedProduct()
SEARCH_TERM = SearchTerm()
