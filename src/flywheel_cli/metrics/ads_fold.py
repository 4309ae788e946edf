"""Amazon Ads inputs: which ledger source each kind folds into, and one source per number.

Within one ad product (Sponsored Products, Brands, Display) every report describes the same spend cut
another way — by advertised SKU, by target, by search term, by campaign, by placement, or summed over
a date range — so exactly one of them counts: the most granular one given, by `PRECEDENCE`. Across ad
products they add: SP + SB + SD spend is the account's advertising. Written in docs/metrics.md,
"Sources", and docs/decisions.md.

The ledger's key has no campaign, so the folds also keep the Ads parts by campaign in
`Ledger.campaigns` (same sources, same precedence): `campaign_totals` sums them per campaign.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flywheel_cli.metrics.fold import Ledger

# kind → ledger source. "ads-product" and "ads-term" keep their names (rules and docs use them).
SOURCE_OF_KIND: Mapping[str, str] = {
    "ads-sp-advertised-product": "ads-product", "ads-sp-targeting": "ads-sp-target", "ads-sp-search-term": "ads-term",
    "ads-sp-campaign": "ads-sp-campaign", "ads-sp-placement": "ads-sp-placement",
    "ads-sp-performance": "ads-sp-performance",
    "ads-sb-ad": "ads-sb-ad", "ads-sb-keyword": "ads-sb-keyword", "ads-sb-search-term": "ads-sb-term",
    "ads-sb-campaign": "ads-sb-campaign",
    "ads-sd-advertised-product": "ads-sd-product", "ads-sd-targeting": "ads-sd-targeting",
    "ads-sd-campaign": "ads-sd-campaign",
}  # fmt: skip

# Per ad product, most granular first: the first source present counts, the others never add to it.
# The targeting report precedes the search-term one: a search-term report lists only terms that were
# clicked, so its spend can fall short of the targets'.
PRECEDENCE: Mapping[str, tuple[str, ...]] = {
    "sp": ("ads-product", "ads-sp-target", "ads-term", "ads-sp-campaign", "ads-sp-placement", "ads-sp-performance"),
    "sb": ("ads-sb-ad", "ads-sb-keyword", "ads-sb-term", "ads-sb-campaign"),
    "sd": ("ads-sd-product", "ads-sd-targeting", "ads-sd-campaign"),
}  # fmt: skip
ADS_SOURCES = frozenset(SOURCE_OF_KIND.values())
AD_PARTS = ("impressions", "clicks", "ad_spend", "ad_sales", "ad_orders", "ad_units")
# (source, marketplace, campaign name, first day, last day)
CampaignKey = tuple[str, str | None, str | None, date | None, date | None]


def ads_excluded(sources: Iterable[str]) -> set[str]:
    """The Ads sources that do not count among `sources`: all but the first of each ad product."""
    present = set(sources)
    excluded: set[str] = set()
    for order in PRECEDENCE.values():
        given = [source for source in order if source in present]
        excluded.update(given[1:])
    return excluded


def stands_in_for(kind: str, left_out: Iterable[str]) -> str | None:
    """The left-out kind (one that covers more than the period) that `kind` would wrongly stand in
    for: a less granular report of the same ad product holds only part of its spend… or all of it, and
    flywheel cannot tell which, so it does not count either."""
    source = SOURCE_OF_KIND.get(kind)
    for order in PRECEDENCE.values():
        if source in order:
            better = set(order[: order.index(source)])
            return next((other for other in sorted(left_out) if SOURCE_OF_KIND.get(other) in better), None)
    return None


def add_campaign(ledger: Ledger, key: CampaignKey, parts: Iterable[tuple[str, Any]]) -> None:
    bucket = ledger.campaigns.setdefault(key, {})
    for name, value in parts:
        if value is not None:
            bucket[name] = bucket.get(name, 0) + value


def absorb_campaigns(target: Ledger, source: Ledger, sign: int = 1) -> None:
    """Add (or, with `sign=-1`, take out) one ledger's campaign parts into another's."""
    for key, parts in source.campaigns.items():
        add_campaign(target, key, ((name, sign * value) for name, value in parts.items()))


def campaign_totals(ledger: Ledger) -> dict[str | None, dict[str, Any]]:
    """The Ads parts per campaign name (None: rows without a campaign, the performance summary), from
    the sources that count. Amounts are in the reports' currencies, unconverted."""
    excluded = ads_excluded(key[0] for key in ledger.campaigns)
    totals: dict[str | None, dict[str, Any]] = {}
    for (source, _market, campaign, _start, _end), parts in ledger.campaigns.items():
        if source in excluded:
            continue
        row = totals.setdefault(campaign, {})
        for name, value in parts.items():
            if name not in ledger.absent:
                row[name] = row.get(name, 0) + value
    return totals


def product_of(kind: str) -> str | None:
    source = SOURCE_OF_KIND.get(kind)
    return next((product for product, order in PRECEDENCE.items() if source in order), None)


def uncovered(left_out: Iterable[str], counted: Iterable[str]) -> bool:
    """Whether an ad product's only reports were left out (they cover more than the period): then the
    period's advertising spend is unknown, not the other products' spend alone."""
    have = {product_of(kind) for kind in counted}
    return any(product is not None and product not in have for product in map(product_of, left_out))
