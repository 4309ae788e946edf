"""Amazon Ads API v3 column names (`/reporting/reports`), as CSV or as GZIP_JSON.

A v3 report is the same table as a console download under camelCase names, so the API names are more
header names of the same fields (kinds/ads.py adds them): `spSearchTerm` is `ads-sp-search-term`,
`spAdvertisedProduct` is `ads-sp-advertised-product`, and so on. GZIP_JSON, the API's default format,
is a gzipped JSON array of flat row objects whose keys are these names; the reader reads it as a table
(reports/json_table.py), its numbers as exact decimals.

Attribution: Sponsored Products sellers attribute over 7 days (`sales7d`, `purchases7d`,
`unitsSoldClicks7d`); the 1-, 14- and 30-day columns of the same report are other windows of the same
sales, not more sales, and are ignored. Sponsored Display writes window-less `sales`/`purchases`/
`unitsSold`; Sponsored Brands 14-day ones (`attributedSales14d`, `sales14d`).
"""

from __future__ import annotations

# field (kinds/ads.py) → its API v3 names
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "startDate"),
    "end_date": ("endDate",),
    "currency": ("campaignBudgetCurrencyCode",),
    "portfolio": ("portfolioName",),
    "campaign_name": ("campaignName",),
    "ad_group_name": ("adGroupName",),
    "ad_name": ("adName", "adId"),
    "sku": ("advertisedSku", "promotedSku"),
    "asin": ("advertisedAsin", "promotedAsin"),
    "purchased_asin": ("purchasedAsin",),
    "targeting": ("targeting", "keyword", "keywordText", "targetingText"),
    "match_type": ("matchType",),
    "search_term": ("searchTerm",),
    "placement": ("placementClassification",),
    "impressions": ("impressions",),
    "clicks": ("clicks",),
    "spend": ("cost",),
    "sales": ("sales7d", "sales"),
    "sales_14d": ("sales14d", "attributedSales14d"),
    "orders": ("purchases7d", "purchases", "attributedConversions14d"),
    "units": ("unitsSoldClicks7d", "unitsSold", "attributedUnitsOrdered14d"),
    "sp_split": ("purchasesSameSku7d", "attributedSalesSameSku7d", "unitsSoldSameSku7d", "salesOtherSku7d",
                 "unitsSoldOtherSku7d"),
    "brand_marker": ("costType", "viewableImpressions", "brandedSearches", "brandedSearches14d",
                     "newToBrandPurchases14d", "newToBrandSales14d", "video5SecondViews", "videoCompleteViews"),
    # Sponsored Brands v3 has click-only and new-to-brand columns too: only `impressionsViews` is SD's own.
    "display_marker": ("impressionsViews",),
}  # fmt: skip

# Columns of v3 reports that flywheel does not use (other attribution windows, ids, rates, budgets).
IGNORED: tuple[str, ...] = (
    *[f"{name}{days}d" for name in ("purchases", "purchasesSameSku", "unitsSoldClicks", "sales",
                                    "attributedSalesSameSku", "unitsSoldSameSku", "acosClicks", "roasClicks")
      for days in (1, 7, 14, 30)],
    "costPerClick", "clickThroughRate", "kindleEditionNormalizedPagesRead14d",
    "kindleEditionNormalizedPagesRoyalties14d", "keywordId", "portfolioId", "campaignId", "campaignBudgetType",
    "campaignBudgetAmount", "campaignStatus", "keywordBid", "adGroupId", "keywordType", "adKeywordStatus", "adId",
    "campaignBiddingStrategy", "topOfSearchImpressionShare", "campaignRuleBasedBudgetAmount",
    "campaignApplicableBudgetRuleId", "campaignApplicableBudgetRuleName", "advertisedAsinParent", "detailPageViews",
    "addToList", "qualifiedBorrows", "royaltyQualifiedBorrows", "adStatus", "targetId", "targetingId",
    "targetingExpression", "targetingType", "salesClicks", "purchasesClicks", "unitsSoldClicks", "viewabilityRate",
    "newToBrandPurchases", "newToBrandSales", "newToBrandUnitsSold", "newToBrandDetailPageViews",
)  # fmt: skip
