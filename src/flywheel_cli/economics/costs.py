"""Adding the seller's own costs to the folded parts: COGS, fixed monthly costs, allocation.

- **COGS** is units sold × the unit cost in force on each order's date (`cogs.csv`: the row with the
  latest `effective_from` on or before the date; a row without a date applies from the start).
  Freight and prep per unit go to `inbound_freight`. A SKU sold with no cost in force is counted in
  `cogs_missing_units`, which makes every profit metric of its rows null: a profit without all its
  costs would flatter the seller.
- **Fixed monthly costs** (tools, labour, other) are pro-rated to the days the reports cover, month
  by month, in cents.
- **Allocation.** At non-time grains, costs the reports do not tie to a SKU (storage — Payments' or
  a storage-fees report's —, the subscription, advertising charges without an Ads report, Ads spend
  without a SKU, and the fixed costs) are shared out to the SKUs that sold (in Payments, else in All
  Orders) by revenue, units or evenly, to the cent (largest remainder). What cannot be shared (no
  SKU sold) stays in the row without a SKU: the `unallocated` row.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any

from flywheel_cli.metrics.ads_fold import ADS_SOURCES, ads_excluded, ads_spans
from flywheel_cli.metrics.fees_fold import STORAGE_SOURCE
from flywheel_cli.metrics.fold import Ledger, month_span

if TYPE_CHECKING:  # the cost file's kind is imported when one is read
    from flywheel_cli.reports.kinds.cogs import CogsRow

CENT = Decimal("0.01")
ZERO = Decimal(0)
SHARED_PARTS = ("storage_fees", "other_fees", "ad_charges", "tools", "labour", "other_fixed")
# The sources whose costs without a SKU are shared out: the financial reports, the fixed costs, and a
# storage-fees report (counted only when no financial report is: metrics/combine.py).
SHARED_SOURCES = frozenset({"payments", "costs", STORAGE_SOURCE})


@dataclass(frozen=True, slots=True)
class UnitCost:
    """A SKU's cost per unit from `start` (None: from the start), and its freight and prep per unit."""

    start: date | None
    unit_cost: Decimal
    landing: Decimal  # freight + prep per unit


@dataclass
class CostTable:
    """Unit costs by SKU, each SKU's entries sorted by start date."""

    by_sku: dict[str, list[UnitCost]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[CogsRow]) -> CostTable:
        table = cls()
        for row in rows:
            if row.sku is None or row.unit_cost is None:
                continue
            landing = (row.freight_per_unit or ZERO) + (row.prep_per_unit or ZERO)
            table.by_sku.setdefault(row.sku, []).append(UnitCost(row.effective_from, row.unit_cost, landing))
        for entries in table.by_sku.values():
            entries.sort(key=lambda entry: entry.start or date.min)
        return table

    def in_force(self, sku: str, day: date | None) -> UnitCost | None:
        entries = self.by_sku.get(sku)
        if not entries:
            return None
        if day is None:  # an undated sale: the latest cost
            return entries[-1]
        starts = [entry.start or date.min for entry in entries]
        position = bisect.bisect_right(starts, day)
        return entries[position - 1] if position else None


def apply_cogs(ledger: Ledger, table: CostTable) -> list[str]:
    """Add `cogs`, `inbound_freight` (and `cogs_missing_units`) to every Payments bucket with units."""
    missing: set[str] = set()
    for key, parts in ledger.parts.items():
        if key[0] != "payments" or key[2] is None:
            continue
        units = parts.get("units_sold", 0)
        if not units:
            continue
        cost = table.in_force(key[2], key[4])
        if cost is None:
            parts["cogs_missing_units"] = parts.get("cogs_missing_units", 0) + units
            missing.add(key[2])
            continue
        parts["cogs"] = parts.get("cogs", ZERO) + cost.unit_cost * units
        parts["inbound_freight"] = parts.get("inbound_freight", ZERO) + cost.landing * units
    return sorted(missing)


def prorate(monthly: Mapping[str, Decimal], start: date, end: date) -> dict[date, dict[str, Decimal]]:
    """Each monthly amount, pro-rated by days covered in each month (in cents), spread over those days."""
    by_day: dict[date, dict[str, Decimal]] = {}
    month_start = start.replace(day=1)
    while month_start <= end:
        month_end = month_span(month_start)[1]
        days_in_month = month_end.day
        first, last = max(start, month_start), min(end, month_end)
        days = [first + timedelta(n) for n in range((last - first).days + 1)]
        for name, amount in monthly.items():
            share = (amount * len(days) / days_in_month).quantize(CENT, ROUND_HALF_EVEN)
            for day, cents in zip(days, split(share, [Decimal(1)] * len(days)), strict=True):
                if cents:
                    by_day.setdefault(day, {})[name] = cents
        if month_end == date.max:  # December 9999: Python has no later day
            break
        month_start = month_end + timedelta(1)
    return by_day


def add_fixed_costs(ledger: Ledger, by_day: Mapping[date, Mapping[str, Decimal]], dated: bool) -> None:
    for day, amounts in by_day.items():
        key = ("costs", None, None, None, day if dated else None, day if dated else None)
        bucket = ledger.bucket(key)
        for name, amount in amounts.items():
            bucket[name] = bucket.get(name, ZERO) + amount


def split(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` in cents over `weights`, summing exactly to `total` (largest remainder)."""
    whole = sum(weights, ZERO)
    if not weights or whole <= 0:
        return [ZERO] * len(weights)
    cents = int((total / CENT).to_integral_value())
    raw = [Decimal(cents) * weight / whole for weight in weights]
    floors = [int(value) if value >= 0 else -int(-value) for value in raw]
    remainder = cents - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]) * (1 if remainder >= 0 else -1), i))
    for index in order[: abs(remainder)]:
        floors[index] += 1 if remainder >= 0 else -1
    return [Decimal(value) * CENT for value in floors]


def allocate(ledger: Ledger, key_name: str) -> dict[str, Decimal]:
    """Share the costs without a SKU out to SKUs by `revenue`, `units` or `even`. Returns what was shared.

    The SKUs' sales come from the source that gives them: Payments (or settlements), else All Orders.
    Each shared amount is taken out where it lies — an offset bucket with its own marketplace and ASIN
    (a storage-fees report's charge per ASIN) — so at every grain the rows add up to the total."""
    sales = "payments" if "payments" in ledger.sources else "orders"
    weights: dict[tuple[Any, str], Decimal] = {}
    for (source, market, sku, *_), parts in ledger.parts.items():
        if source == sales and sku is not None:
            value = (
                parts.get("gross_sales", ZERO)
                if key_name == "revenue"
                else Decimal(parts.get("units_sold", 0))
            )
            weights[(market, sku)] = weights.get((market, sku), ZERO) + value
    weights = {k: (Decimal(1) if key_name == "even" else v) for k, v in weights.items() if v > 0}
    shared: dict[str, Decimal] = {}
    lying: dict[tuple[str, Any, Any], Decimal] = {}  # (part, marketplace, ASIN) → the amount that lies there
    # Ads spend the reports tie to no SKU (Sponsored Brands, a campaign report) is shared like storage;
    # only from the Ads buckets that count for their ad product (metrics/ads_fold.py), never twice.
    ads_left_out = ads_excluded(ads_spans(ledger.parts))
    for (source, market, sku, asin, start, end), parts in ledger.parts.items():
        if sku is not None:
            continue
        counts = source in ADS_SOURCES and (source, market, start, end) not in ads_left_out
        names = SHARED_PARTS if source in SHARED_SOURCES else ("ad_spend",) if counts else ()
        for name in names:
            if parts.get(name):
                shared[name] = shared.get(name, ZERO) + parts[name]
                lying[(name, market, asin)] = lying.get((name, market, asin), ZERO) + parts[name]
    if not weights or not shared:
        return {}
    targets = sorted(weights)
    for name, amount in shared.items():
        for (market, sku), share in zip(targets, split(amount, [weights[t] for t in targets]), strict=True):
            if share:
                bucket = ledger.bucket(("allocation", market, sku, None, None, None))
                bucket[name] = bucket.get(name, ZERO) + share
    for (name, market, asin), amount in lying.items():
        offset = ledger.bucket(("allocation", market, None, asin, None, None))
        offset[name] = offset.get(name, ZERO) - amount
    return shared
