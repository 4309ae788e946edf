"""Amazon Ads inputs: which ledger source each kind folds into, and one source per number.

Within one ad product (Sponsored Products, Brands, Display) every report describes the same spend cut
another way — by advertised SKU, by target, by search term, by campaign, by placement, or summed over
a date range — so for any one marketplace and day exactly one of them counts: the most granular one
given, by `PRECEDENCE`. The precedence decides only between reports of one ad product that cover the
same days of the same marketplace: a September campaign report beside an October keyword report, or a
US search-term report beside a German advertised-product report, add up. A row of a less granular
report whose days the more granular one covers only in part cannot be split: it is left out, with a
warning. Across ad products they add: SP + SB + SD spend is the account's advertising. Written in
docs/metrics.md, "Sources", and docs/decisions.md.

The ledger's key has no campaign, so the folds also keep the Ads parts by campaign in
`Ledger.campaigns` (same sources, same precedence): `campaign_totals` sums them per campaign.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from flywheel_cli.metrics.ads_precedence import AdsSpan, choose
from flywheel_cli.metrics.term_grains import add_figures, add_term

if TYPE_CHECKING:
    from flywheel_cli.core.results import InputSummary
    from flywheel_cli.metrics.fold import Ledger

    # the first and last day two inputs share, None when none (metrics/combine.py shared_days)
    Shared = Callable[[InputSummary, InputSummary], tuple[date, date] | None]

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
_PRODUCT = {source: product for product, order in PRECEDENCE.items() for source in order}
_KIND = {source: kind for kind, source in SOURCE_OF_KIND.items()}


def ads_spans(keys: Iterable[tuple[Any, ...]]) -> set[AdsSpan]:
    """The spans of the Ads buckets among ledger keys (source, marketplace, sku, asin, start, end)."""
    return {(key[0], key[1], key[4], key[5]) for key in keys if key[0] in ADS_SOURCES}


def ads_excluded(spans: Iterable[AdsSpan]) -> set[AdsSpan]:
    """The Ads spans that do not count: those of a less granular report of the same ad product on days
    of the same marketplace that a more granular one covers (metrics/ads_fold.py docstring)."""
    return choose(spans, _PRODUCT, PRECEDENCE, _KIND)[0]


def ads_warnings(spans: Iterable[AdsSpan]) -> list[str]:
    """Why spend that no other report holds was left out: rows that span past what a more granular
    report covers (they cannot be split), or of a marketplace flywheel cannot tell."""
    return choose(spans, _PRODUCT, PRECEDENCE, _KIND)[1]


def unused_inputs(
    keys: Iterable[tuple[Any, ...]], inputs: Iterable[tuple[str, str, Iterable[tuple[Any, ...]]]]
) -> set[str]:
    """Of `inputs` (path, kind, ledger keys), the Ads ones none of whose buckets counts among all `keys`.
    One without rows does not count where a more granular report of its ad product is given."""
    inputs = list(inputs)
    left_out = ads_excluded(ads_spans(keys))
    given = {SOURCE_OF_KIND.get(kind) for _, kind, _ in inputs}
    unused: set[str] = set()
    for path, kind, own in inputs:
        source, spans = SOURCE_OF_KIND.get(kind), ads_spans(own)
        if source is None:
            continue
        order = PRECEDENCE[_PRODUCT[source]]
        if spans <= left_out if spans else given & set(order[: order.index(source)]):
            unused.add(path)
    return unused


def stands_in_for(summary: InputSummary, left_out: Iterable[InputSummary], shared: Shared) -> str | None:
    """The left-out kind (one that covers more than the period) that the input `summary` would wrongly
    stand in for: a less granular report of the same ad product, of a marketplace and days it shares,
    holds only part of its spend… or all of it, and flywheel cannot tell which, so it does not count either."""
    source = SOURCE_OF_KIND.get(summary.kind)
    if source is None:
        return None
    order = PRECEDENCE[_PRODUCT[source]]
    better = set(order[: order.index(source)])
    for other in sorted(left_out, key=lambda other: other.kind):
        days = shared(summary, other) if None not in (summary.period_start, other.period_start) else True
        if SOURCE_OF_KIND.get(other.kind) in better and _same_market(summary, other) and days is not None:
            return other.kind
    return None


def _same_market(a: InputSummary, b: InputSummary) -> bool:
    """Whether two inputs may hold one marketplace's spend (an input without one could hold any)."""
    if not (a.marketplace and b.marketplace):
        return True
    return bool({m.strip() for m in a.marketplace.split(",")} & {m.strip() for m in b.marketplace.split(",")})


# AdRow's figures → the part each feeds
FIGURE_PARTS = {"impressions": "impressions", "clicks": "clicks", "spend": "ad_spend", "sales": "ad_sales",
                "orders": "ad_orders", "units": "ad_units"}  # fmt: skip


def unstated(records: Iterable[Any], found: dict[str, int]) -> Iterator[Any]:
    """The records, noting in `found` (figure → first line) each figure a row leaves without a value. In
    an API v3 JSON report that is a null or a missing key: absent, never 0 (metrics/engine.py)."""
    for record in records:
        for name in FIGURE_PARTS:
            if getattr(record, name) is None:
                found.setdefault(name, record.line)
        yield record


def add_campaign(ledger: Ledger, key: CampaignKey, parts: Iterable[tuple[str, Any]]) -> None:
    add_figures(ledger.campaigns, key, parts)


def absorb_campaigns(target: Ledger, source: Ledger, sign: int = 1) -> None:
    """Add (or, with `sign=-1`, take out) one ledger's campaign parts into another's, and with them
    its parts by search term and by target (metrics/term_grains.py), which hold the same rows."""
    for key, parts in source.campaigns.items():
        add_campaign(target, key, ((name, sign * value) for name, value in parts.items()))
    for term, parts in source.ad_terms.items():
        add_term(target, term, ((name, sign * value) for name, value in parts.items()))


def campaign_totals(ledger: Ledger) -> dict[str | None, dict[str, Any]]:
    """The Ads parts per campaign name (None: rows without a campaign, the performance summary), from
    the sources that count. Amounts are in the reports' currencies, unconverted."""
    excluded = ads_excluded((key[0], key[1], key[3], key[4]) for key in ledger.campaigns)
    totals: dict[str | None, dict[str, Any]] = {}
    for (source, market, campaign, start, end), parts in ledger.campaigns.items():
        if (source, market, start, end) in excluded:
            continue
        row = totals.setdefault(campaign, {})
        for name, value in parts.items():
            if name not in ledger.absent:
                row[name] = row.get(name, 0) + value
    return totals


def campaign_rows(ledger: Ledger) -> dict[str | None, dict[str, Any]]:
    """The Ads parts per campaign row of `--by campaign`: as `campaign_totals`, but a name that
    campaigns of two ad products share is one row per product, named "NAME (SP)", "NAME (SB)" …
    (a name is unique within an ad product, not across them). None: rows without a campaign."""
    excluded = ads_excluded((key[0], key[1], key[3], key[4]) for key in ledger.campaigns)
    by_product: dict[tuple[str, str | None], dict[str, Any]] = {}
    for (source, market, campaign, start, end), parts in ledger.campaigns.items():
        if (source, market, start, end) in excluded:
            continue
        row = by_product.setdefault((_PRODUCT[source] if campaign is not None else "", campaign), {})
        for name, value in parts.items():
            if name not in ledger.absent:
                row[name] = row.get(name, 0) + value
    products: dict[str | None, set[str]] = {}
    for product, campaign in by_product:
        products.setdefault(campaign, set()).add(product)
    return {
        f"{campaign} ({product.upper()})"
        if campaign is not None and len(products[campaign]) > 1
        else campaign: parts
        for (product, campaign), parts in by_product.items()
    }


def product_of(kind: str) -> str | None:
    source = SOURCE_OF_KIND.get(kind)
    return next((product for product, order in PRECEDENCE.items() if source in order), None)


def uncovered(left_out: Iterable[str], counted: Iterable[str]) -> bool:
    """Whether an ad product's only reports were left out (they cover more than the period): then the
    period's advertising spend is unknown, not the other products' spend alone."""
    have = {product_of(kind) for kind in counted}
    return any(product is not None and product not in have for product in map(product_of, left_out))
