"""Rolling the folded parts up to a grain, and computing every catalogue metric per group."""

from __future__ import annotations

import fnmatch
import functools
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import Any

from flywheel_cli.metrics.ads_fold import ADS_SOURCES, PRECEDENCE, ads_excluded, ads_spans
from flywheel_cli.metrics.b2b import share_reason
from flywheel_cli.metrics.catalogue import (
    FAMILY_PARTS,
    LEVEL_PARTS,
    METRICS,
    MONEY_PARTS,
    PAYMENT_PARTS,
    PROFIT_NEEDS,
    SOURCES,
    WORST_IS_HIGHEST,
    WORST_IS_LOWEST,
)
from flywheel_cli.metrics.compact import SlotSums, slotted
from flywheel_cli.metrics.fees_fold import FINANCIAL_FAMILIES, STORAGE_SOURCE
from flywheel_cli.metrics.fold import Key, Ledger, Span, day_span, month_span, week_span


class Grain(StrEnum):
    ACCOUNT = "account"
    MARKETPLACE = "marketplace"
    SKU = "sku"
    ASIN = "asin"
    PARENT_ASIN = "parent-asin"
    CATEGORY = "category"
    FULFILLMENT = "fulfillment"  # FBA | FBM: each SKU's channel (metrics/channels.py)
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    CAMPAIGN = "campaign"  # Ads metrics only, from Ledger.campaigns (campaign_rows; docs/metrics.md)
    SEARCH_TERM = "search-term"  # Ads metrics only, from Ledger.ad_terms (metrics/term_grains.py)
    TARGETING = "targeting"  # likewise: the targets of the targeting reports


ORDERS_STAND_IN = frozenset({"gross_sales", "units_sold"})
PROFIT_METRICS = frozenset({"net_profit", "net_margin", "roi", "break_even_acos"})
COST_METRICS = PROFIT_METRICS | {"gross_profit", "gross_margin"}  # null when a Payments fee column is absent
TIME_GRAINS = frozenset({Grain.DAY, Grain.WEEK, Grain.MONTH})
SCOPE_FIELD = {grain: grain.value.replace("-", "_") for grain in Grain}
# At --by campaign: the metrics a campaign row has; every other one is null there, for this reason.
CAMPAIGN_METRICS = ("impressions", "clicks", "ad_spend", "ad_sales", "ad_orders", "ad_units",
                    "ctr", "cpc", "acos", "roas", "ad_conversion")  # fmt: skip
CAMPAIGN_REASON = "only the Ads reports carry campaigns"
# The grains of the Ads reports alone: rows with CAMPAIGN_METRICS only; costs and rules refuse them.
ADS_GRAINS = frozenset({Grain.CAMPAIGN, Grain.SEARCH_TERM, Grain.TARGETING})

# Which sources feed each family; used for "needs …" reasons.
FAMILY_SOURCES = {
    "business": {"business-item", "business-date"},
    "ads": set(ADS_SOURCES),
    "targeting": {"ads-targeting"},
    "brand": set(PRECEDENCE["sb"]),  # Sponsored Brands reports: ad_spend_brand
    "payments": {"payments"},
    "returns": {"returns"},
    "inventory": {"inventory"},
    "performance": {"performance"},
    "cogs": {"costs"},
    "orders": {"orders", "orders-detail"},
    "storage": {STORAGE_SOURCE},
    "listings": {"listings"},
    "feedback": {"feedback"},
    "stranded": {"stranded"},
}
# FINANCIAL_FAMILIES (fees_fold.py): the reports of the money paid — the source of `gross_sales` /
# `units_sold` ahead of the All Orders report, and of storage fees ahead of the storage-fees report.


@dataclass(frozen=True, slots=True)
class Maps:
    """Joins between identifiers, learnt from the reports and from flywheel.yaml."""

    sku_asin: Mapping[str, str]
    asin_parent: Mapping[str, str]
    sku_group: Mapping[str, str]
    categories: Mapping[str, str]  # glob on SKU → category (flywheel.yaml)
    sku_channel: Mapping[str, str] = field(default_factory=dict)  # SKU → FBA | FBM (metrics/channels.py)

    def category(self, sku: str | None) -> str | None:
        if sku is None:
            return None
        for pattern, category in self.categories.items():
            if fnmatch.fnmatchcase(sku, pattern):
                return category
        return self.sku_group.get(sku)


def payments_span(grain: Grain, daily: bool) -> Span | None:
    """How finely Payments rows are bucketed: by day when costs need the date (the unit cost in force
    on the order date), else by the grain's own period (a year at `--by month` is twelve buckets a
    SKU, not 365), and not at all at a grain that is not time."""
    if daily:
        return day_span
    return {Grain.DAY: day_span, Grain.WEEK: week_span, Grain.MONTH: month_span}.get(grain)


def _period_key(grain: Grain, start: date | None, end: date | None) -> str | None:
    if start is None:
        return None
    end = end or start

    def label(day: date) -> str:
        if grain is Grain.DAY:
            return day.isoformat()
        if grain is Grain.WEEK:
            year, week, _ = day.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{day.year}-{day.month:02d}"

    first = label(start)
    return first if label(end) == first else None  # a row spanning several periods has no single one


def group_key(grain: Grain, key: Key, maps: Maps) -> str | None:
    _, market, sku, asin, start, end = key
    if grain is Grain.ACCOUNT:
        return ""
    if grain is Grain.MARKETPLACE:
        return market
    if grain is Grain.SKU:
        return sku
    if grain is Grain.ASIN:
        return asin or (maps.sku_asin.get(sku) if sku else None)
    if grain is Grain.PARENT_ASIN:
        child = asin or (maps.sku_asin.get(sku) if sku else None)
        return maps.asin_parent.get(child, child) if child else None
    if grain is Grain.CATEGORY:
        return maps.category(sku)
    if grain is Grain.FULFILLMENT:
        return maps.sku_channel.get(sku) if sku else None
    if grain in ADS_GRAINS:
        return None  # the ledger key has none: campaign_rows / term_rows read the Ads parts kept apart
    return _period_key(grain, start, end)


def excluded_sources(grain: Grain, sources: set[str]) -> set[str]:
    """Where two reports carry the same numbers, use one: see docs/metrics.md 'Sources'. The Ads
    reports are decided per marketplace and days, bucket by bucket: `left_out`."""
    excluded: set[str] = set()
    if {"business-item", "business-date"} <= sources:
        excluded.add("business-item" if grain in TIME_GRAINS else "business-date")
    if "orders" in sources and sources & _financial_sources():
        # A financial report counted: its sales and units, never All Orders' too ("orders-detail" stays).
        excluded.add("orders")
    return excluded


def _financial_sources() -> set[str]:
    return set().union(*(FAMILY_SOURCES.get(family, set()) for family in FINANCIAL_FAMILIES))


def left_out(grain: Grain, keys: Iterable[Key]) -> Callable[[Key], bool]:
    """Whether a ledger key (among `keys`) does not count at `grain`: its source is excluded, or it is an
    Ads bucket whose marketplace and days a more granular report of its ad product covers (ads_fold)."""
    keys = list(keys)
    excluded = excluded_sources(grain, {key[0] for key in keys})
    ads = ads_excluded(ads_spans(keys))
    return lambda key: key[0] in excluded or (key[0], key[1], key[4], key[5]) in ads


def add_parts(target: MutableMapping[str, Any], parts: Mapping[str, Any]) -> None:
    """Add `parts` into `target`: sums add; account-health levels keep the worse value."""
    if LEVEL_PARTS.isdisjoint(parts):  # the usual bucket: sums only
        get = target.get
        for name, value in parts.items():
            target[name] = get(name, 0) + value
        return
    for name, value in parts.items():
        if name in WORST_IS_HIGHEST:
            target[name] = max(target.get(name, value), value)
        elif name in WORST_IS_LOWEST:
            target[name] = min(target.get(name, value), value)
        else:
            target[name] = target.get(name, 0) + value


def rollup(
    ledger: Ledger, grain: Grain, maps: Maps
) -> tuple[dict[str | None, dict[str, Any]], dict[str, Any]]:
    """Parts per group at `grain`, and the parts of the whole (the `total` row)."""
    excluded = left_out(grain, ledger.parts)
    total_excluded = left_out(Grain.ACCOUNT, ledger.parts)
    groups: dict[str | None, dict[str, Any]] = {}
    total: dict[str, Any] = {}
    days: dict[str | None, list[date]] = {}  # at a time grain: each period's first and last day
    # A row's compact buckets (Payments') are added up as integers and into the row at the end; any
    # other bucket at once (metrics/compact.py SlotSums).
    pending: dict[int, SlotSums] = {}  # id() of the row → its sums

    def add(row: dict[str, Any], held: MutableMapping[str, Any]) -> None:
        if slotted(held) and LEVEL_PARTS.isdisjoint(held):
            sums = pending.get(id(row))
            if sums is None:
                sums = pending[id(row)] = SlotSums(row)
            sums.add(held)
        else:
            add_parts(row, held if isinstance(held, dict) else dict(held.items()))

    for key, held in ledger.parts.items():
        if not total_excluded(key):
            add(total, held)
        if excluded(key):
            continue
        group = group_key(grain, key, maps)
        add(groups.setdefault(group, {}), held)
        if grain in TIME_GRAINS and key[4] is not None:
            seen = days.setdefault(group, [key[4], key[5] or key[4]])
            seen[0], seen[1] = min(seen[0], key[4]), max(seen[1], key[5] or key[4])
    for sums in pending.values():
        sums.finish()
    # The row of what the grain cannot place: at --by sku, costs no SKU carries (it has a profit, 0
    # sales); at a time grain, undated inputs (a listings or performance snapshot): no money, no zeros.
    unplaced = groups.get(None) if grain not in TIME_GRAINS else None
    # A period the returns reports do not reach had its returns unreported, not none (an October
    # returns report says nothing of September's returns): no 0 is implied there. The report does not
    # say what range was downloaded, only when each return was; a month with a return in it is taken
    # as covered (downloads are by month or a range of them).
    returned = _span(ledger, "returns") if days else None
    if returned is not None:
        returned = (month_span(returned[0])[0], month_span(returned[1])[1])
    unreported = {id(groups[g]) for g, (first, last) in days.items()
                  if returned is None or last < returned[0] or first > returned[1]}  # fmt: skip
    _complete([*groups.values(), total], ledger, unplaced, unreported)
    return groups, total


def _span(ledger: Ledger, source: str) -> tuple[date, date] | None:
    """The first and last day of a source's dated rows in the ledger."""
    dated = [(key[4], key[5] or key[4]) for key in ledger.parts if key[0] == source and key[4] is not None]
    return (min(a for a, _ in dated), max(b for _, b in dated)) if dated else None


def _complete(
    rows: list[dict[str, Any]], ledger: Ledger, unplaced: dict[str, Any] | None = None,
    unreported: AbstractSet[int] = frozenset(),  # id() of the rows whose returns are unreported
) -> None:  # fmt: skip
    """Finish each row's parts: Payments' ad charges as the spend when no Ads report was given; the
    zeros a row's present families imply; and, for a row of costs without sales (or the row of what
    the grain cannot place), sales of 0, so that every row has a profit and the rows add up."""
    # Payments' advertising charges stand in for the spend only when no Ads report was given at all.
    use_ad_charges = not (ledger.sources & FAMILY_SOURCES["ads"]) and "ads" not in ledger.excluded
    has_returns = "returns" in ledger.sources
    has_payments = "payments" in ledger.sources
    has_stranded = "stranded" in ledger.sources  # it lists every stranded SKU: one it omits has none
    # Sales from All Orders alone have no cost of goods behind them (a cost file costs financial rows).
    sources = ledger.sources
    orders_sales = "orders" in sources and "orders" not in excluded_sources(Grain.ACCOUNT, sources)
    for parts in rows:
        if use_ad_charges and "ad_charges" in parts:
            # No Ads report: Payments' advertising charges are the spend (never both: same money).
            parts["ad_spend"] = parts["ad_charges"]
        if has_payments and "gross_sales" not in parts and (parts.keys() & MONEY_PARTS or parts is unplaced):
            # A row of costs with no sales (the month's Ads spend at --by week, a day with only fixed
            # costs, a SKU that sold nothing, the account's storage fees at --by sku): the Payments
            # report covers it and sold nothing there, so its profit is minus its costs.
            for name in PAYMENT_PARTS & ledger.provided:
                parts.setdefault(name, 0)
        if "ads" in ledger.excluded and parts.keys() & MONEY_PARTS:
            parts["ad_spend_unknown"] = 1  # Ads reports were given but cannot be placed: no profit
        if ledger.costed and "gross_sales" in parts and "cogs" not in parts and not orders_sales:
            parts["cogs"] = 0  # no units sold in the row (cogs_missing_units is kept apart)
            parts["inbound_freight"] = 0
        _fill_zeros(parts, has_returns and id(parts) not in unreported, ledger.provided)
        if has_stranded and "available_units" in parts:
            parts.setdefault("stranded_units", 0)


def rollup_series(
    ledger: Ledger, grain: Grain, period: Grain, maps: Maps
) -> dict[tuple[str, str], dict[str, Any]]:
    """Parts per (group at `grain`, period at the time grain `period`): the composite grain of a
    rule's `for:` streak (e.g. SKU × day). Rows a period cannot hold (a monthly Ads row at `day`)
    are left out, and a report whose rows all span several periods does not stand in the way of
    one that has them (the daily search-term report when the advertised-product report is monthly)."""
    excluded = left_out(period, [key for key in ledger.parts if group_key(period, key, maps) is not None])
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for key, parts in ledger.parts.items():
        if excluded(key):
            continue
        where, when = group_key(grain, key, maps), group_key(period, key, maps)
        if where is not None and when is not None:
            add_parts(groups.setdefault((where, when), {}), parts)
    _complete(list(groups.values()), ledger)
    return groups


# Each family's parts in their order, and as a set: whether a row holds any of them is one C-level test.
_FAMILIES = tuple((tuple(names), frozenset(names)) for names in FAMILY_PARTS.values())


def _fill_zeros(parts: dict[str, Any], has_returns: bool, provided: set[str]) -> None:
    """Within a row where a family is present, its parts that the inputs' layouts give are 0 when no
    row added to them; a part no layout gives stays absent (metrics/parts.py)."""
    for names, named in _FAMILIES:
        if not named.isdisjoint(parts):
            for name in names:
                if name not in parts and name in provided:
                    parts[name] = 0
    # The FBA returns report lists FBA returns only: a SKU sold through FBA with no row had none.
    if has_returns and parts.get("units_sold_fba") and "units_returned" not in parts:
        parts["units_returned"] = 0


_RATIO = Decimal("0.000001")
_MONEY_RATE = Decimal("0.0001")
_DAYS = Decimal("0.01")


def present(unit: str, value: Any) -> Any:
    """Round derived values for output: ratios to 6 places, per-unit money to 4, days to 2. Sums stay exact."""
    if not isinstance(value, Decimal):
        return value
    if unit == "ratio":
        return value.quantize(_RATIO, ROUND_HALF_EVEN).normalize() if value else Decimal(0)
    if unit in {"days", "per_year"}:
        return value.quantize(_DAYS, ROUND_HALF_EVEN)
    if unit == "money" and value.as_tuple().exponent < -4:  # type: ignore[operator]
        return value.quantize(_MONEY_RATE, ROUND_HALF_EVEN)
    return value


def metrics_of(parts: Mapping[str, Any], names: list[str] | None = None) -> dict[str, Any]:
    # Every row of every screen goes through here (a month's report: 500 SKUs × 100 metrics), so the
    # catalogue's look-ups are taken once per list of names, and the metrics a row's parts can give
    # once per set of parts a row has (rows share a few: most metrics of a Payments-only SKU are null).
    chosen = tuple(names) if names else None
    out = dict.fromkeys(_plan(chosen)[0])  # every metric, null, in the catalogue's (or `names`') order
    for name, unit, compute in _computable(chosen, frozenset(parts)):
        value = compute(parts)
        out[name] = present(unit, value) if type(value) is Decimal else value
    return out


Plan = tuple[tuple[str, ...], tuple[tuple[str, str, frozenset[str], Callable[[Any], Any]], ...]]


@functools.lru_cache(maxsize=64)
def _plan(names: tuple[str, ...] | None) -> Plan:
    chosen = [METRICS[name] for name in (names or METRICS)]
    return tuple(metric.name for metric in chosen), tuple(
        (metric.name, metric.unit, metric.required, metric.compute) for metric in chosen
    )


@functools.lru_cache(maxsize=1024)
def _computable(
    names: tuple[str, ...] | None, have: frozenset[str]
) -> tuple[tuple[str, str, Callable[[Any], Any]], ...]:
    """The chosen metrics whose required parts are all among `have`, in order."""
    return tuple(
        (name, unit, compute) for name, unit, required, compute in _plan(names)[1] if required <= have
    )


def unavailable(ledger: Ledger) -> dict[str, str]:
    """Metrics that are null everywhere, with the reason: a report kind is missing, its inputs do
    not cover the period, or their layout lacks a column a metric needs."""
    sources = ledger.sources
    reasons: dict[str, str] = {}
    have = {family for family, names in FAMILY_SOURCES.items() if sources & names}
    if "ads" not in have and "payments" in have and "ads" not in ledger.excluded:
        have.add("ads-via-payments")
    for metric in METRICS.values():
        if metric.name == "b2b_sales_share":  # two sources, in order (metrics/b2b.py)
            if (why := share_reason(have, ledger.absent, ledger.excluded)) is not None:
                reasons[metric.name] = why
            continue
        families = set(metric.sources)
        if metric.name in {"tacos", "ad_sales_share"}:
            families = {"ads"}
        if metric.name == "return_rate":
            families = {"returns"}
        if (
            metric.name == "storage_fees"
            and not have & FINANCIAL_FAMILIES
            and "storage" in have | ledger.excluded.keys()
        ):
            families = {"storage"}  # the storage-fees report gives them when no financial report counts
        if metric.name in ORDERS_STAND_IN and "orders" in have:
            families -= {"payments"}  # All Orders gives them when no financial report does
        if metric.name in {"ad_spend", "tacos"} and "ads-via-payments" in have:
            continue  # Payments' advertising charges are the spend
        missing = [family for family in sorted(families) if family not in have]
        excluded = [ledger.excluded[family] for family in missing if family in ledger.excluded]
        absent = [ledger.absent[name] for name in metric.required if name in ledger.absent]
        if excluded:
            reasons[metric.name] = excluded[0]
        elif "ads" in ledger.excluded and metric.name in PROFIT_METRICS:
            reasons[metric.name] = f"the period's advertising spend is unknown: {ledger.excluded['ads']}"
        elif missing:
            reasons[metric.name] = "needs " + " and ".join(SOURCES[f] for f in missing)
        elif absent and not (metric.name == "ad_spend" and "ads-via-payments" in have):
            reasons[metric.name] = absent[0]
        elif metric.name in COST_METRICS and (
            lacking := [ledger.absent[n] for n in PROFIT_NEEDS if n in ledger.absent]
        ):
            reasons[metric.name] = lacking[0]
    return reasons


Sorter = Callable[[tuple[str | None, Any]], Any]
