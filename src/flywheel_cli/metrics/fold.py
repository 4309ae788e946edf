"""Folding streamed records into additive parts at the finest key.

The finest key is (source, marketplace, sku, asin, start, end). Every report kind adds its numbers
as named parts there; `rollup.py` then sums them to any grain. Memory grows with SKUs × days, never
with rows. Two reports that carry the same money are kept apart by `source` so that the roll-up can
use one of them (Ads spend vs Payments 'Cost of Advertising'; Business Report by item vs by date).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flywheel_cli.metrics.ads_fold import AD_PARTS, PRECEDENCE, SOURCE_OF_KIND, CampaignKey, add_campaign
from flywheel_cli.metrics.buckets import Buckets
from flywheel_cli.metrics.channels import vote
from flywheel_cli.metrics.compact import pack, unpack
from flywheel_cli.metrics.listings_fold import join
from flywheel_cli.metrics.term_grains import TermKey, add_term, term_key
from flywheel_cli.reports.kinds import payments_words

if TYPE_CHECKING:  # row types name the folds' records; their kinds are imported when they are read
    from flywheel_cli.metrics.fees_fold import ExpectedFees
    from flywheel_cli.reports.kinds.ads import AdRow
    from flywheel_cli.reports.kinds.business import BusinessRow
    from flywheel_cli.reports.kinds.business_by_date import BusinessDateRow
    from flywheel_cli.reports.kinds.inventory import InventoryRow
    from flywheel_cli.reports.kinds.performance import PerformanceRow
    from flywheel_cli.reports.kinds.returns import ReturnRow

Key = tuple[str, str | None, str | None, str | None, date | None, date | None]
ZERO = Decimal(0)

# Payments `description` words that mark advertising charges and storage fees, by language: kept with
# the other Payments words (reports/kinds/payments_words.py), named here for the Payments fold.
AD_CHARGE_WORDS, STORAGE_WORDS = payments_words.AD_CHARGE_WORDS, payments_words.STORAGE_WORDS


# Sponsored Products automatic targeting as the search-term report writes it in the Targeting column
# (legacy `*`, then Amazon's auto-targeting groups); everything else is manual targeting.
AUTO_TARGETING = frozenset({"*", "close-match", "loose-match", "substitutes", "complements"})


@dataclass(frozen=True, slots=True)
class Window:
    """`--period START..END` (inclusive). Rows are kept when they lie inside it; a row that spans
    past an edge (a month's Ads row in a week) cannot be split, and is not kept (see `clips`).
    Undated records (snapshots, by-item reports) are judged per input (metrics/combine.py)."""

    start: date | None = None
    end: date | None = None

    @property
    def active(self) -> bool:
        return self.start is not None or self.end is not None

    def keeps(self, start: date | None, end: date | None) -> bool:
        if start is None:
            return True
        last = end or start
        return not ((self.start and start < self.start) or (self.end and last > self.end))

    def touches(self, start: date | None, end: date | None) -> bool:
        """A row or span that shares at least one day with the window (an undated one: unknown, no)."""
        if start is None:
            return False
        last = end or start
        return not ((self.start and last < self.start) or (self.end and start > self.end))

    def clips(self, start: date | None, end: date | None) -> bool:
        """A row that overlaps the window without lying inside it."""
        return start is not None and not self.keeps(start, end) and self.touches(start, end)

    def text(self) -> str:
        return f"{self.start or ''}..{self.end or ''}"


@dataclass
class Ledger:
    """The folded reports: additive parts at the finest key, and what the folds learnt beside them."""

    # A dict a day, not one dict of every key (metrics/buckets.py); a plain dict given is made one.
    parts: Buckets = field(default_factory=Buckets)
    sources: set[str] = field(default_factory=set)
    sku_asin: dict[str, str] = field(default_factory=dict)
    asin_parent: dict[str, str] = field(default_factory=dict)
    sku_group: dict[str, str] = field(default_factory=dict)
    # SKU → fulfilment channel (FBA / FBM) → units seen through it: the votes of metrics/channels.py
    sku_channel: dict[str, dict[str, int]] = field(default_factory=dict)
    # (SKU, currency) → the fee preview's expected fees per unit: rates, kept apart from the parts
    sku_fees: dict[tuple[str, str | None], ExpectedFees] = field(default_factory=dict)
    markets: set[str] = field(default_factory=set)
    # The currency the rows of a bucket name (a settlement row's), for the conversion (metrics/money.py).
    currencies: dict[Key, str] = field(default_factory=dict)
    # Parts the inputs' layouts give (0 is a true zero only for these), and why the others are absent.
    provided: set[str] = field(default_factory=set)
    absent: dict[str, str] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)  # family → why none of its inputs counts
    costed: bool = False
    converted: bool = False  # some amounts were converted at flywheel.yaml fx rates…
    currency: str | None = (
        None  # …into this reporting currency  # a cost file was applied: a row without units sold has a cost of goods of 0
    )
    clipped: int = 0  # rows that span past an edge of the window, left out
    snapshots: dict[tuple[str | None, str | None], tuple[Key, str]] = field(default_factory=dict)
    campaigns: dict[CampaignKey, dict[str, Any]] = field(
        default_factory=dict
    )  # Ads parts by campaign (ads_fold)
    # Ads parts by search term and by target (metrics/term_grains.py): `--by search-term` / `targeting`
    ad_terms: dict[TermKey, dict[str, Any]] = field(default_factory=dict)
    _inventory: dict[tuple[str | None, str | None], tuple[date | None, Key, dict[str, Any]]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        if not isinstance(self.parts, Buckets):
            self.parts = Buckets(self.parts)

    def bucket(self, key: Key) -> dict[str, Any]:
        found = self.parts.get(key)
        if isinstance(found, dict):
            return found
        if found is None:
            self.sources.add(key[0])
        # New, or a Payments fold's compact bucket (metrics/compact.py) that a fold adds to: a dict.
        made = self.parts[key] = dict(found or {})
        return made

    def __getstate__(self) -> dict[str, Any]:
        # Pickled (the parse cache) with its buckets packed flat: metrics/compact.py `pack`.
        return {**vars(self), "parts": pack(self.parts)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state, parts=unpack(state["parts"]))

    def finish(self) -> Ledger:
        for _, key, parts in self._inventory.values():
            self.bucket(key).update(parts)
        self._inventory.clear()
        join(self)  # listings' stock and price, feedback's last 30/90/365 days: need every input
        return self


def _add(bucket: dict[str, Any], name: str, value: Any) -> None:
    if value is not None:
        bucket[name] = bucket.get(name, 0) + value


def fold(
    ledger: Ledger,
    kind: str,
    records: Iterable[Any],
    window: Window,
    default_market: str | None,
) -> None:
    """Fold `records` into `ledger` (Payments reports fold through payments_fold.PaymentsFold)."""
    folder = _FOLDERS.get(kind) or _fold_elsewhere(kind)
    if folder is None:
        for _ in records:  # kinds with no KPIs of their own (cogs) are still read, to validate them
            pass
        return
    folder(ledger, records, window, default_market)


def _fold_business(ledger: Ledger, records: Iterable[BusinessRow | BusinessDateRow], window: Window, market: str | None,
                   source: str) -> None:  # fmt: skip
    from flywheel_cli.reports.kinds.business_by_date import BusinessDateRow  # read, so imported

    for row in records:
        if isinstance(row, BusinessDateRow):
            # A row is a day, or a week or a month (its end_date): a span the period must hold whole.
            start, end = row.date, row.end_date or row.date
            if not window.keeps(start, end):
                ledger.clipped += window.clips(start, end)
                continue
            bucket = ledger.bucket((source, market, None, None, start, end))
        else:
            if row.sku and row.asin:
                ledger.sku_asin.setdefault(row.sku, row.asin)
            if row.asin and row.parent_asin:
                ledger.asin_parent.setdefault(row.asin, row.parent_asin)
            bucket = ledger.bucket((source, market, row.sku, row.asin, None, None))
        _add(bucket, "sessions", row.sessions)
        _add(bucket, "page_views", row.page_views)
        _add(bucket, "units_ordered", row.units_ordered)
        _add(bucket, "order_items", row.order_items)
        _add(bucket, "ordered_product_sales", row.ordered_product_sales)
        # The B2B columns (22-column layouts on; the 13-column one has none: metrics/parts.py).
        _add(bucket, "b2b_sessions", row.sessions_b2b)
        _add(bucket, "b2b_units_ordered", row.units_ordered_b2b)
        _add(bucket, "b2b_ordered_product_sales", row.ordered_product_sales_b2b)
        if row.buy_box_pct is not None and row.page_views is not None:
            _add(bucket, "bb_weighted", row.buy_box_pct * row.page_views)
            _add(bucket, "bb_views", row.page_views)


def _fold_ads(
    ledger: Ledger, records: Iterable[AdRow], window: Window, market: str | None, source: str
) -> None:
    for row in records:
        if not window.keeps(row.date, row.end_date):
            ledger.clipped += window.clips(row.date, row.end_date)
            continue
        if row.sku and row.asin:
            ledger.sku_asin.setdefault(row.sku, row.asin)
        where = row.marketplace or market
        bucket = ledger.bucket((source, where, row.sku, row.asin, row.date, row.end_date or row.date))
        figures = (row.impressions, row.clicks, row.spend, row.sales, row.orders, row.units)
        parts = tuple(zip(AD_PARTS, figures, strict=True))
        for name, value in parts:
            _add(bucket, name, value)
        add_campaign(ledger, (source, where, row.campaign_name, row.date, row.end_date or row.date), parts)
        if (term := term_key(source, where, row, row.date, row.end_date or row.date)) is not None:
            add_term(ledger, term, parts)
        if source in PRECEDENCE["sb"]:
            # In the SB report's own bucket: the one SB report that counts gives it (the 5:3:2 "brand" layer).
            _add(bucket, "ad_spend_brand", row.spend)
        if source == "ads-term" and row.targeting and row.spend is not None:
            # Kept apart from "ads-term", which the roll-up drops when an advertised-product report is given.
            split = ledger.bucket(
                ("ads-targeting", where, row.sku, row.asin, row.date, row.end_date or row.date)
            )
            auto = row.targeting.strip().casefold() in AUTO_TARGETING
            _add(split, "ad_spend_auto" if auto else "ad_spend_manual", row.spend)


def _fold_returns(ledger: Ledger, records: Iterable[ReturnRow], window: Window, market: str | None) -> None:
    for row in records:
        if not window.keeps(row.date, row.date):
            continue
        if row.sku and row.asin:
            ledger.sku_asin.setdefault(row.sku, row.asin)
        _add(
            ledger.bucket(("returns", market, row.sku, row.asin, row.date, row.date)),
            "units_returned",
            row.quantity,
        )


def _fold_inventory(
    ledger: Ledger, records: Iterable[InventoryRow], window: Window, market: str | None
) -> None:
    """Inventory is a state, not a flow: only each SKU's latest snapshot counts."""
    for row in records:
        if row.sku and row.asin:
            ledger.sku_asin.setdefault(row.sku, row.asin)
        if row.sku and row.product_group:
            ledger.sku_group.setdefault(row.sku, row.product_group)
        vote(ledger, row.sku, "amazon", 0)  # Amazon stocks it: an FBA offer, whatever it sold
        where = (row.marketplace or market, row.sku)
        held = ledger._inventory.get(where)
        if (
            held is not None
            and held[0] is not None
            and row.snapshot_date is not None
            and held[0] > row.snapshot_date
        ):
            continue
        buckets = [row.age_0_90, row.age_91_180, row.age_181_270, row.age_271_365, row.age_366_plus]
        parts: dict[str, Any] = {}
        for name, value in (
            ("available_units", row.available), ("inbound_units", row.inbound), ("reserved_units", row.reserved),
            ("unfulfillable_units", row.unfulfillable), ("units_shipped_t30", row.units_shipped_t30),
            ("units_shipped_t90", row.units_shipped_t90),
        ):  # fmt: skip
            _add(parts, name, value)
        if any(b is not None for b in buckets):
            _add(parts, "aged_total", sum(b or 0 for b in buckets))
            _add(parts, "aged_181_plus", sum(b or 0 for b in buckets[2:]))
            _add(parts, "aged_365_plus", row.age_366_plus or 0)
        if row.available is not None and row.units_shipped_t30 is not None:
            # Units beyond 90 days of supply at the last 30 days' pace (90 × t30/30): per SKU row,
            # because a max() of sums is not a sum of max()es (IPI excess, docs/analyses.md).
            _add(parts, "excess_units", max(0, row.available - 3 * row.units_shipped_t30))
        if row.sell_through is not None:
            # Amazon's ratio for the SKU, not a sum: kept with a count of the figures added, so that a
            # group of more than one (the account, a SKU in two marketplaces) gives null (catalogue.py).
            _add(parts, "sell_through", row.sell_through)
            _add(parts, "sell_through_skus", 1)
        key: Key = ("inventory", where[0], row.sku, row.asin, row.snapshot_date, row.snapshot_date)
        if held is not None and held[0] == row.snapshot_date:  # the same SKU twice in one snapshot: add
            for name, value in parts.items():
                _add(held[2], name, value)
            continue
        ledger._inventory[where] = (row.snapshot_date, key, parts)


def _fold_performance(
    ledger: Ledger, records: Iterable[PerformanceRow], window: Window, market: str | None
) -> None:
    for row in records:
        bucket = ledger.bucket(("performance", row.marketplace or market, None, None, None, None))
        for name in ("order_defect_rate", "late_shipment_rate", "pre_fulfillment_cancel_rate", "valid_tracking_rate",
                     "on_time_delivery_rate", "account_health_rating"):  # fmt: skip
            value = getattr(row, name)
            if value is not None:
                bucket[name] = value


_FOLDERS: dict[str, Any] = {
    "business-report": lambda ledger, rows, window, market: _fold_business(
        ledger, rows, window, market, "business-item"
    ),
    "business-report-by-date": lambda ledger, rows, window, market: _fold_business(
        ledger, rows, window, market, "business-date"
    ),
    # Every Ads kind but purchased product (not spend: read, never added), into its own source.
    **{kind: functools.partial(_fold_ads, source=source) for kind, source in SOURCE_OF_KIND.items()},
    "fba-returns": _fold_returns,
    "fba-inventory": _fold_inventory,
    "seller-performance": _fold_performance,
}


Span = Callable[[date], tuple[date, date]]  # a day → the first and last day of the bucket it goes in


# Folds kept in modules of their own, imported when their kind is first folded (start-up: a Payments
# run imports none of them or their kinds).
_ELSEWHERE = {
    "orders": ("orders_fold", "fold_orders"),
    "storage-fees": ("fees_fold", "fold_storage_fees"),
    "fba-fee-preview": ("fees_fold", "fold_fee_preview"),
    "settlement": ("settlement_fold", "fold_settlement"),  # given the Payments span (metrics/engine.py)
    "listings": ("listings_fold", "fold_listings"),
    "seller-feedback": ("listings_fold", "fold_feedback"),
    "stranded-inventory": ("stranded_fold", "fold_stranded"),
}


def _fold_elsewhere(kind: str) -> Any:
    where = _ELSEWHERE.get(kind)
    if where is None:
        return None
    module, name = where
    folder = _FOLDERS[kind] = getattr(importlib.import_module(f"flywheel_cli.metrics.{module}"), name)
    return folder


def day_span(day: date) -> tuple[date, date]:
    return day, day


def week_span(day: date) -> tuple[date, date]:
    """Monday to Sunday (the week of 9999-12-31 ends there: Python has no later day)."""
    monday = day - timedelta(days=day.weekday())  # 0001-01-01 is a Monday: never before it
    return monday, monday + timedelta(days=6) if monday <= date.max - timedelta(days=6) else date.max


def month_span(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    if first.month == 12:  # computed within the year, so that December 9999 has an end too
        return first, first.replace(day=31)
    return first, first.replace(month=first.month + 1) - timedelta(days=1)
