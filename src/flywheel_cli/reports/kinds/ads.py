"""What every Amazon Ads report kind shares: the record, the fields, and which kind a header is.

Three generations of column names are read: the legacy console's long names (`Spend`,
`7 Day Total Sales ` with its trailing space), the 2025+ console's short names (`Total cost`,
`Purchases`, `Sales`, `="…"` IDs, one `Date range` cell) and the Ads API v3 names (`cost`, `sales7d`,
kinds/ads_api.py). Spend and sales are positive money. The kinds themselves are in kinds/ads_sp.py
and kinds/ads_sb_sd.py; they all share these fields, so a header is told apart by `classify`, never
by which kind scores higher (docs/reports.md, "Amazon Ads reports").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Day
from decimal import Decimal
from typing import Any, ClassVar

from flywheel_cli.reports.kinds import ads_api
from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.markets import HEADER_CURRENCIES, marketplace_code
from flywheel_cli.reports.spec import Field, HeaderMatch, aliases, normalise_header


@dataclass(frozen=True, slots=True)
class AdRow:
    """One row of an Amazon Ads report, of any kind and column-name generation; spend and sales positive."""

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
    placement: str | None = None
    ad_name: str | None = None
    purchased_asin: str | None = None


def _f(name: str, parse: str = "text", required: bool = False, **names: str | list[str]) -> Field:
    extra = ads_api.ALIASES.get(name, ())
    if extra:  # API v3 names are written once, in kinds/ads_api.py
        english = names.get("en", [])
        names["en"] = [*([english] if isinstance(english, str) else english), *extra]
    return Field(name, aliases(**names), parse, required)


def _in(name: str) -> list[str]:
    return [f"{name}({code})" for code in HEADER_CURRENCIES]


FIELDS = [
    _f("date", "date", en=["Date", "Start Date"], de="Datum", fr="Date", ja="日付"),
    _f("end_date", "date", en="End Date"),
    _f("date_range", "daterange", en="Date range"),
    _f("currency", en=["Currency", "Budget currency"], de="Währung"),
    _f("marketplace", en=["Country", "Advertised product marketplace"]),
    _f("portfolio", en="Portfolio name", de="Portfolioname"),
    _f("campaign_name", en="Campaign Name", de=["Kampagnenname", "Kampagnen-Name"]),
    _f("ad_group_name", en="Ad Group Name", de="Anzeigengruppenname"),
    _f("ad_name", en=["Ad Name", "Ad name"]),
    _f("sku", en=["Advertised SKU", "Advertised product SKU"], de="Beworbene SKU", ja="広告対象SKU"),
    _f("asin", en=["Advertised ASIN", "Advertised product ID"], de="Beworbene ASIN", ja="広告対象ASIN"),
    _f("purchased_asin", en=["Purchased ASIN", "Purchased product ID"]),
    _f("targeting", en=["Targeting", "Keyword"], de="Ausrichtung", fr="Ciblage", es="Segmentación"),
    _f("match_type", en=["Match Type", "Targeting match type"], de="Übereinstimmungstyp", fr="Type de correspondance",
       it="Tipo di corrispondenza", es="Tipo de concordancia", ja="マッチタイプ"),
    _f("search_term", en=["Customer Search Term", "Search term"], de="Suchbegriff des Kunden",
       fr="Terme de recherche du client", it="Termine di ricerca cliente", es="Término de búsqueda del cliente",
       ja="カスタマーの検索キーワード"),
    _f("placement", en=["Placement", "Placement classification", "Placement name", "Placement Type"]),
    _f("impressions", "int", en="Impressions", de="Impressionen", ja="インプレッション", ko="광고 노출 수"),
    _f("clicks", "int", en="Clicks", de="Klicks", fr="Clics", ja="クリック", ko="클릭수"),
    _f("spend", "money", True, en=["Spend", "Total cost", *_in("Spend")], de="Ausgaben", fr="Dépenses", it="Spesa",
       es=["Gasto", "Coste"], ja=["広告費", "費用"], ko="지출"),
    # 7-day (SP sellers) and window-less names; the 14-day ones are a field of their own, so that a
    # header says which window it attributes over (`classify`).
    _f("sales", "money", en=["7 Day Total Sales", "Sales", "7 Day Total Sales (₹)", *_in("Sales")],
       de=["7 Tage, Umsatz gesamt (€)", "Gesamtumsatz in 7 Tagen"], ja="7日間の広告売上高", ko="7일 총 판매"),
    _f("sales_14d", "money", en=["14 Day Total Sales", "14 Day Total Sales (₹)"]),
    _f("orders", "int", en=["7 Day Total Orders (#)", "Purchases", "14 Day Total Orders (#)", "Orders"],
       de="Gesamtzahl der Bestellungen in 7 Tagen (#)", ja="7日間の注文数", ko="7일 총 주문(건수)"),
    _f("units", "int", en=["7 Day Total Units (#)", "Units sold", "14 Day Total Units (#)"],
       de="Gesamtzahl der Einheiten in 7 Tagen (#)"),
    # Markers: columns only one ad product writes. Read as text, used only by `classify`.
    _f("sp_split", en=[f"{days} Day {name}{sign}" for days in (7, 14) for sign in ("", " (₹)")
                       for name in ("Advertised SKU Units (#)", "Other SKU Units (#)", "Advertised SKU Sales",
                                    "Other SKU Sales")]),
    _f("brand_marker", en=[
        "Cost type", "Viewable Impressions", "VCPM", "VTR", "vCTR", "Video First Quartile Views", "Video Midpoint Views",
        "Video Third Quartile Views", "Video Complete Views", "Video Unmutes", "5 Second Views", "5 Second View Rate",
        "14 Day Branded Searches", "14 Day Detail Page Views (DPV)", "14 Day New-to-brand Orders (#)",
        "14 Day % of Orders New-to-brand", "14 Day New-to-brand Sales", "14 Day % of Sales New-to-brand",
        "14 Day New-to-brand Units (#)", "14 Day % of Units New-to-brand", "14 Day New-to-brand Order Rate",
        "Branded searches", *[f"VCPM({code})" for code in HEADER_CURRENCIES]]),
    # The Campaign Manager grid export (the campaigns screen, not a report: kinds/ads_grid.py): `Campaigns`
    # and the columns no report writes.
    _f("grid_marker", en=["Campaigns", "Campaign bidding strategy", "Top-of-search IS", "NTB orders",
                          "% of orders NTB", "% of sales NTB", *_in("NTB sales"), "Video first quartile",
                          "Video midpoint", "Video third quartile", "Video complete", "Video unmute"]),
    _f("display_marker", en=[
        "Total Advertising Cost of Sales (ACOS) - (Click)", "Total Return on Advertising Spend (ROAS) - (Click)",
        "Cost per 1,000 viewable impressions (VCPM)", "View-Through Rate (VTR)", "Click-Through Rate for Views (vCTR)",
        "14 Day Total Sales - (Click)", "14 Day Total Orders (#) - (Click)", "14 Day Total Units (#) - (Click)",
        "Bid Optimization", "Tactic", "Sales (clicks)", "Purchases (clicks)", "Units sold (clicks)"]),
]  # fmt: skip

_SUFFIXES = (" (promoted)", " (halo)", " (new to brand)")
IGNORED = aliases(
    en=[
        "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Total Advertising Cost of Sales (ACoS)",
        "Total Advertising Cost of Sales (ACOS)", "Total Return on Advertising Spend (RoAS)",
        "Total Return on Advertising Spend (ROAS)", "7 Day Conversion Rate", "14 Day Conversion Rate", "Retailer",
        "Top-of-search Impression Share", "Top-of-search impression share (IS)", "Top-of-search bid adjustment",
        "Advertiser account ID", "Advertiser account name", "Portfolio ID", "Campaign ID", "Ad group ID",
        "Advertised product name", "Advertised product parent ID", "Advertised product brand",
        "Advertised product category", "Advertised product subcategory", "Advertised product group", "CTR", "CPC",
        "ACOS", "ROAS", "Target ID", "Target bid", "Detail page views", "Cost per detail page view",
        "Detail page view rate", "Program Type", "Status", "State", "Type", "Budget Amount", "Targeting Type",
        "Bidding strategy", "Campaign bid strategy", "Campaign budget amount", "Last Year Impressions",
        "Last Year Clicks", "Last Year Spend", "Last Year Cost Per Click (CPC)", "Ad ID", "Campaign type",
        "CTR(%)", "ACOS(%)", "Conversion rate(%)", *_in("CPC"), *_in("Budget"),
        *[f"{name}{suffix}" for name in ("Purchases", "Sales", "Units sold", "Cost per purchase", "Purchase rate", "ROAS")
          for suffix in _SUFFIXES],
        "Cost per purchase", "Purchase rate", "Cost Per Click (CPC) (₹)", *ads_api.IGNORED,
    ],
    de=["Klickrate (CTR)", "Kosten pro Klick (CPC)", "Zugeschriebene Umsatzkosten (ACOS) gesamt",
        "Zugeordnete Umsatzkosten (ACOS) gesamt", "Gesamte Rentabilität der Anzeigenkosten (ROAS)", "7-Tage-Konversionsrate"],
)  # fmt: skip


def classify(columns: Mapping[str, int]) -> str | None:
    """The kind a header is, by the columns it has: the ad product (SD and SB write columns SP never
    does; a legacy 14-day file without SP's advertised/other-SKU split is SB), then the most granular
    dimension it carries. None: an Ads-like header no kind describes. The Campaign Manager grid export
    is told first: it is no report (kinds/ads_grid.py)."""
    if not {"clicks", "impressions", "campaign_name", "purchased_asin", "grid_marker"} & columns.keys():
        return None
    if "grid_marker" in columns:
        return "campaign-manager-grid"
    if "display_marker" in columns:
        product = "sd"
    elif "brand_marker" in columns or ("sales_14d" in columns and not {"sales", "sp_split"} & columns.keys()):
        product = "sb"
    else:
        product = "sp"
    return _KIND_OF.get((product, _level(columns)))


def _level(columns: Mapping[str, int]) -> str:
    if "purchased_asin" in columns:
        return "purchased-product"
    if "search_term" in columns:
        return "search-term"
    if "ad_name" in columns:
        return "ad"
    if "sku" in columns or "asin" in columns:
        return "advertised-product"
    if "targeting" in columns and ({"match_type", "ad_group_name"} & columns.keys()):
        return "targeting"  # 2025+ campaign reports have a Targeting column (auto/manual) and no ad group
    if "placement" in columns:
        return "placement"
    if "campaign_name" in columns:
        return "campaign"
    return "performance"


_KIND_OF = {
    ("sp", "advertised-product"): "ads-sp-advertised-product", ("sp", "targeting"): "ads-sp-targeting",
    ("sp", "search-term"): "ads-sp-search-term", ("sp", "campaign"): "ads-sp-campaign",
    ("sp", "placement"): "ads-sp-placement", ("sp", "performance"): "ads-sp-performance",
    ("sp", "purchased-product"): "ads-sp-purchased-product",
    ("sb", "ad"): "ads-sb-ad", ("sb", "advertised-product"): "ads-sb-ad", ("sb", "targeting"): "ads-sb-keyword",
    ("sb", "search-term"): "ads-sb-search-term", ("sb", "campaign"): "ads-sb-campaign",
    ("sd", "advertised-product"): "ads-sd-advertised-product", ("sd", "targeting"): "ads-sd-targeting",
    ("sd", "campaign"): "ads-sd-campaign",
}  # fmt: skip


def layout(match: HeaderMatch, header: Sequence[str]) -> str:
    """`console-2025` (`Total cost`), `api-v3` (`cost`), `ad-group-2019` (`Spend(USD)`), else `legacy-console`."""
    index = match.columns.get("spend")
    name = normalise_header(header[index]) if index is not None else ""
    if name == "total cost":
        return "console-2025"
    if name == "cost":
        return "api-v3"
    if name.startswith("spend("):
        return "ad-group-2019"
    return "legacy-console"


class AdsKind(Kind):
    """Every Ads kind: one record, whatever the generation of the header."""

    RECORD = AdRow
    DATE_FIELDS = ("date", "end_date")
    PERIOD_END_FIELD = "end_date"
    FAMILY = "ads"
    # Sales, orders and units are absent from some layouts (the performance summary, a placement
    # download without sales): their parts are then null with the reason (metrics/parts.py).
    EXPECTED: ClassVar[tuple[str, ...]] = ("spend",)

    def make(self, line: int, row: dict[str, Any]) -> AdRow:
        start, end = row["date"], row["end_date"]
        if row["date_range"] is not None:
            start, end = row["date_range"]
        market = row["marketplace"]
        sales = row["sales"] if row["sales"] is not None else row["sales_14d"]
        return AdRow(
            line, start, end, row["currency"], marketplace_code(market) or market, row["portfolio"],
            row["campaign_name"], row["ad_group_name"], row["sku"], row["asin"], row["targeting"], row["match_type"],
            row["search_term"], row["impressions"], row["clicks"], row["spend"], sales, row["orders"], row["units"],
            row["placement"], row["ad_name"], row["purchased_asin"],
        )  # fmt: skip


def accepts(kind: str) -> Any:
    """The `accepts` of kind `kind`: exactly the headers `classify` gives to it."""
    return lambda match: classify(match.columns) == kind
