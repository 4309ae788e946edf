"""Folding the listings reports (a snapshot, per SKU) and the seller feedback (rows, per day).

- **listings** rows become one bucket per listing, source `listings`, undated, holding 0/1 counts
  (`listings_active`, `listings_title_over_200`, …) and the listing's own facts (`listing_price`,
  `listing_own_stock`, `listing_fba`), which are inputs of the joins below, not metrics.
- **seller-feedback** rows add to a bucket per day, source `feedback`: `feedback_count`,
  `negative_feedback_count` (ratings 1–2), `negative_feedback_unanswered` (1–2 with no response).

`join` runs when a ledger is finished (fold.Ledger.finish), after every input is in: it needs other
reports (an FBA listing's stock is the FBA inventory report's available units; a price is compared
with the Business Report's average selling price) and the inputs' last date (feedback over the last
30/90/365 days). It recomputes its parts from scratch each time, so a ledger finished twice (each
input's, then the combined one) ends with the combined answer.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flywheel_cli.core.errors import InputError

if TYPE_CHECKING:  # fold.py imports this module for `join`; the row types' kinds come when read
    from flywheel_cli.metrics.fold import Ledger, Window
    from flywheel_cli.reports.kinds.feedback import FeedbackRow
    from flywheel_cli.reports.kinds.listings import ListingRow

LISTINGS_SOURCE, FEEDBACK_SOURCE = "listings", "feedback"
TITLE_LIMIT = 200  # characters: Amazon's title policy (docs/metrics.md)
# A listing price further than this share from the Business Report's average selling price is a gap.
PRICE_GAP_SHARE = Decimal("0.2")
FEEDBACK_WINDOWS = (30, 90, 365)  # days before the inputs' last date
# Parts `join` writes (and removes first): never folded from a row.
JOINED = ("listings_active_no_stock", "listings_active_stock_unknown", "listings_inactive_with_stock",
          "listings_inactive_stock_unknown", "listings_price_gap", "listings_price_compared",
          *(f"{name}_{days}d" for days in FEEDBACK_WINDOWS
            for name in ("feedback_count", "negative_feedback_count")))  # fmt: skip
# A count that would leave a listing out is null, with why (rollup.unavailable reads ledger.absent).
_WHY = (
    "an FBA listing's stock is the available units of an FBA Inventory report (fba-inventory) that lists its "
    "SKU; a merchant-fulfilled one's is its quantity cell"
)
_UNKNOWN = {"listings_active_stock_unknown": _WHY, "listings_inactive_stock_unknown": _WHY}
_JOINED_SOURCES = frozenset({LISTINGS_SOURCE, FEEDBACK_SOURCE})
_SNAPSHOTS = frozenset({"inventory", LISTINGS_SOURCE})  # dated by a state's day, not a flow's


def _is_fba(row: ListingRow) -> bool:
    """Amazon holds the stock: an `AMAZON_*` channel, or no channel column and an empty quantity."""
    channel = (row.fulfillment_channel or "").upper()
    return channel.startswith("AMAZON") or (not channel and row.quantity is None)


def fold_listings(ledger: Ledger, records: Iterable[ListingRow], window: Window, market: str | None) -> None:
    """A state, not a flow: the window does not apply (a listing is listed, whatever the period)."""
    for row in records:
        if row.sku and row.asin:
            ledger.sku_asin.setdefault(row.sku, row.asin)
        bucket = ledger.bucket((LISTINGS_SOURCE, market, row.sku, row.asin, None, None))
        title, status, brand = row.item_name or "", (row.status or "").strip().casefold(), row.brand or ""
        parts: dict[str, Any] = {
            "listings": 1,
            "listings_title_over_200": int(len(title) > TITLE_LIMIT),
            "listings_title_missing_brand": int(bool(brand) and brand.casefold() not in title.casefold()),
        }  # fmt: skip
        if status:  # an empty status cell says nothing: neither active nor inactive
            parts["listings_active"] = int(status == "active")
            parts["listings_inactive"] = int(status != "active")
        if _is_fba(row):
            parts["listing_fba"] = 1
        elif row.quantity is not None:
            parts["listing_own_stock"] = row.quantity
        if row.price is not None:
            parts["listing_price"] = row.price
        for name, value in parts.items():
            bucket[name] = bucket.get(name, 0) + value


def fold_feedback(ledger: Ledger, records: Iterable[FeedbackRow], window: Window, market: str | None) -> None:
    for row in records:
        if not window.keeps(row.date, row.date) or row.rating is None or not 1 <= row.rating <= 5:
            continue  # a rating outside 1–5 is no rating
        bucket = ledger.bucket((FEEDBACK_SOURCE, market, None, None, row.date, row.date))
        negative = row.rating <= 2
        for name, value in (("feedback_count", 1), ("negative_feedback_count", int(negative)),
                            ("negative_feedback_unanswered", int(negative and not row.response))):  # fmt: skip
            bucket[name] = bucket.get(name, 0) + value


def join(ledger: Ledger) -> None:
    """Recompute the parts that need other reports or the inputs' last date (module docstring)."""
    stock: dict[str, int] = {}
    sold: dict[str, list[Any]] = {}
    last = None
    for (source, _, sku, _, _, end), parts in ledger.parts.items():
        if source in _JOINED_SOURCES:  # only theirs: a Payments ledger has many buckets, none of these
            for name in JOINED:
                parts.pop(name, None)
        if source == "inventory" and sku and "available_units" in parts:
            stock[sku] = stock.get(sku, 0) + parts["available_units"]
        if (
            source == "business-item"
            and sku
            and "units_ordered" in parts
            and "ordered_product_sales" in parts
        ):
            held = sold.setdefault(sku, [0, Decimal(0)])
            held[0] += parts["units_ordered"]
            held[1] += parts["ordered_product_sales"]
        if end is not None and source not in _SNAPSHOTS and (last is None or end > last):
            last = end
    for name in _UNKNOWN:
        ledger.absent.pop(name, None)
    has_inventory = "inventory" in ledger.sources
    has_business = "business-item" in ledger.sources
    seen: dict[tuple[str | None, str | None], int] = {}
    for (source, market, sku, _, start, _), parts in ledger.parts.items():
        if source == LISTINGS_SOURCE:
            _listed_once(seen, market, sku, parts.get("listings", 0))
            units = _stock(parts, stock.get(sku or "") if has_inventory else None)
            _stock_parts(parts, units)
            if has_business and "listing_price" in parts:
                _price_parts(parts, sold.get(sku or ""))
            for name, why in _UNKNOWN.items():
                if parts.get(name):
                    ledger.absent.setdefault(name, f"the stock of SKU {sku} is unknown: {why}")
        elif source == FEEDBACK_SOURCE and last is not None and start is not None:
            for days in FEEDBACK_WINDOWS:
                inside = start > last - timedelta(days=days)
                parts[f"feedback_count_{days}d"] = parts.get("feedback_count", 0) if inside else 0
                parts[f"negative_feedback_count_{days}d"] = (
                    parts.get("negative_feedback_count", 0) if inside else 0
                )


def _listed_once(seen: dict[tuple[str | None, str | None], int], market: str | None, sku: str | None,
                 count: int) -> None:  # fmt: skip
    seen[(market, sku)] = seen.get((market, sku), 0) + count
    if seen[(market, sku)] > 1:
        raise InputError(
            f"SKU {sku} is listed more than once in the listings reports given: flywheel counts a listing once",
            hint="give one listings report per marketplace (the All Listings Report holds active and inactive ones)",
        )


def _stock(parts: MutableMapping[str, Any], fba_units: int | None) -> int | None:
    """The listing's units in stock: its own quantity (merchant-fulfilled), else FBA's available units;
    None when unknown (an FBA listing with no FBA inventory report, or no row in it)."""
    if "listing_own_stock" in parts:
        return int(parts["listing_own_stock"])
    return fba_units if parts.get("listing_fba") else None


def _stock_parts(parts: MutableMapping[str, Any], units: int | None) -> None:
    known = units is not None
    if "listings_active" in parts:
        active = parts["listings_active"] > 0
        parts["listings_active_no_stock"] = int(active and known and units == 0)
        parts["listings_active_stock_unknown"] = int(active and not known)
    if "listings_inactive" in parts:
        inactive = parts["listings_inactive"] > 0
        parts["listings_inactive_with_stock"] = int(inactive and known and (units or 0) > 0)
        parts["listings_inactive_stock_unknown"] = int(inactive and not known)


def _price_parts(parts: MutableMapping[str, Any], sold: list[Any] | None) -> None:
    """Compared only where the SKU sold units in the Business Report (its average selling price)."""
    if not sold or not sold[0]:
        parts["listings_price_compared"] = parts["listings_price_gap"] = 0
        return
    average = Decimal(sold[1]) / Decimal(sold[0])
    parts["listings_price_compared"] = 1
    parts["listings_price_gap"] = int(
        abs(Decimal(parts["listing_price"]) - average) > PRICE_GAP_SHARE * average
    )
