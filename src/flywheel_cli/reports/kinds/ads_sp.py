"""Sponsored Products reports: advertised product, targeting, search term, campaign, placement, the
"performance over time" summary, and purchased product.

Every one but purchased product describes the same spend cut another way (by SKU, by target, by
search term …): metrics/ads_fold.py uses one of them per ad product. Purchased product is not spend at
all (it lists other SKUs bought after an ad click): it is read and checked, never added (docs/metrics.md,
"Sources").
"""

from __future__ import annotations

from typing import Any

from flywheel_cli.reports.kinds.ads import FIELDS, IGNORED, AdRow, AdsKind, accepts, layout
from flywheel_cli.reports.markets import marketplace_code
from flywheel_cli.reports.spec import Field, KindSpec, aliases

_SALES_COLUMNS = ("impressions", "clicks", "spend", "orders", "units")


def _spec(name: str, title: str) -> KindSpec:
    return KindSpec(name, title, FIELDS, IGNORED, layout=layout, accepts=accepts(name))


class AdvertisedProduct(AdsKind):
    SPEC = _spec("ads-sp-advertised-product", "Sponsored Products advertised product report")
    EXPECTED = _SALES_COLUMNS


class Targeting(AdsKind):
    SPEC = _spec("ads-sp-targeting", "Sponsored Products targeting report")
    EXPECTED = _SALES_COLUMNS


class SearchTerm(AdsKind):
    SPEC = _spec("ads-sp-search-term", "Sponsored Products search term report")
    EXPECTED = _SALES_COLUMNS


class Campaign(AdsKind):
    SPEC = _spec("ads-sp-campaign", "Sponsored Products campaign report")
    EXPECTED = ("impressions", "clicks", "spend", "orders")


class Placement(AdsKind):
    SPEC = _spec("ads-sp-placement", "Sponsored Products placement report")
    EXPECTED = ("impressions", "clicks", "spend")


class Performance(AdsKind):
    """The "performance over time" summary: spend by date range, with no campaign and (2019) no sales."""

    SPEC = _spec("ads-sp-performance", "Sponsored Products performance over time (summary)")
    EXPECTED = ("impressions", "clicks", "spend")


# Purchased product: the other SKUs bought after a click on an advertised one. No spend, no clicks:
# its own fields, the other-SKU money being what it is about.
def _f(name: str, parse: str = "text", required: bool = False, **names: str | list[str]) -> Field:
    return Field(name, aliases(**names), parse, required)


_KEPT = {"date", "end_date", "date_range", "currency", "marketplace", "portfolio", "campaign_name", "ad_group_name",
         "sku", "asin", "targeting", "match_type"}  # fmt: skip
PURCHASED_FIELDS = [
    *[spec_field for spec_field in FIELDS if spec_field.name in _KEPT],
    _f("purchased_asin", required=True, en=["Purchased ASIN", "Purchased product ID", "purchasedAsin"]),
    _f("other_units", "int", en=["7 Day Other SKU Units (#)", "14 Day Other SKU Units (#)", "Units sold (halo)",
                                 "unitsSoldOtherSku7d"]),
    _f("other_orders", "int", en=["7 Day Other SKU Orders (#)", "14 Day Other SKU Orders (#)", "Purchases (halo)",
                                  "purchasesOtherSku7d"]),
    _f("other_sales", "money", en=["7 Day Other SKU Sales", "14 Day Other SKU Sales", "7 Day Other SKU Sales (₹)",
                                   "Sales (halo)", "salesOtherSku7d"]),
]  # fmt: skip


class PurchasedProduct(AdsKind):
    SPEC = KindSpec(
        "ads-sp-purchased-product",
        "Sponsored Products purchased product report (other-SKU sales; read, not added)",
        PURCHASED_FIELDS,
        IGNORED,
        layout=layout,
    )
    # Not the ads family: it gives no spend, clicks or impressions, and must not make them absent for
    # the Ads reports read with it (metrics/combine.py keeps a part only where every input gives it).
    FAMILY = "ads-purchased"
    EXPECTED = ("purchased_asin", "other_sales")

    def make(self, line: int, row: dict[str, Any]) -> AdRow:
        start, end = row["date"], row["end_date"]
        if row["date_range"] is not None:
            start, end = row["date_range"]
        return AdRow(
            line, start, end, row["currency"], marketplace_code(row["marketplace"]) or row["marketplace"], row["portfolio"], row["campaign_name"],
            row["ad_group_name"], row["sku"], row["asin"], row["targeting"], row["match_type"], None, None, None, None,
            row["other_sales"], row["other_orders"], row["other_units"], None, None, row["purchased_asin"],
        )  # fmt: skip


ADVERTISED_PRODUCT = AdvertisedProduct()
TARGETING = Targeting()
SEARCH_TERM = SearchTerm()
CAMPAIGN = Campaign()
PLACEMENT = Placement()
PERFORMANCE = Performance()
PURCHASED_PRODUCT = PurchasedProduct()
KINDS = (ADVERTISED_PRODUCT, TARGETING, SEARCH_TERM, CAMPAIGN, PLACEMENT, PERFORMANCE, PURCHASED_PRODUCT)
