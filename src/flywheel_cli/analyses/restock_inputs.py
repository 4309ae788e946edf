"""What `flywheel restock` knows of each SKU, taken from the ledger `flywheel kpis --by sku` builds:
stock and snapshot date from the FBA Inventory report, velocity from its units shipped in 30 days or
else from the period's sales, and the ASIN's storage fee per unit from the storage-fees report.

The storage-fees report is read here on its own: the ledger keeps its fees but not the units on hand
they were charged for, and leaves the report out altogether when a Payments report counts (one source
per number, docs/decisions.md). A fee per unit is a rate, not a sum, so it can be taken from it all the
same (docs/decisions.md, "Restock").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flywheel_cli.analyses.restock import StockFacts, StorageRate, Velocity
from flywheel_cli.core.results import InputSummary
from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.metrics.fold import Ledger, Window
from flywheel_cli.metrics.rollup import Maps, present
from flywheel_cli.reports.inputs import Inputs
from flywheel_cli.reports.kinds.storage_fees import MONTHLY, StorageFeeRow
from flywheel_cli.reports.reader import open_report
from flywheel_cli.reports.source import regular_file


@dataclass(frozen=True, slots=True)
class SalesSource:
    """Where a SKU's units sold in the period come from, and how many days the period has."""

    basis: str
    part: str  # the ledger part holding the units
    kinds: frozenset[str]
    label: str


# In the order they are preferred when the inventory report has no units shipped in 30 days.
SALES_SOURCES = (
    SalesSource("payments_units_sold", "units_sold", frozenset({"payments", "settlement"}), "the Payments report"),
    SalesSource("business_units_ordered", "units_ordered", frozenset({"business-report"}), "the Business Report"),
    SalesSource("orders_units_sold", "units_sold", frozenset({"orders"}), "the All Orders report"),
)  # fmt: skip
NO_VELOCITY = (
    "needs units shipped in the last 30 days (an FBA Inventory report with units-shipped-t30) or the period's "
    "sales (a Payments report, a Business Report with its span, or an All Orders report)"
)


@dataclass(frozen=True, slots=True)
class SalesPeriod:
    """A sales source that counts, and the days its inputs cover in `--period`, or why they are unknown."""

    source: SalesSource
    days: int | None  # None: the inputs do not say which days they cover
    start: date | None
    end: date | None
    reason: str | None = None


def sales_periods(ledger: Ledger, summaries: list[InputSummary], window: Window) -> list[SalesPeriod]:
    """Each sales source that counts, with the days it covers: the union of its inputs' spans, within
    `--period`."""
    found = []
    for source in SALES_SOURCES:
        inputs = [s for s in summaries if s.counted and s.kind in source.kinds]
        if not inputs or (source.part not in ledger.provided and source.part in ledger.absent):
            continue
        spans = [
            _clip(s.period_start, s.period_end or s.period_start, window) for s in inputs if s.period_start
        ]
        days = _days([span for span in spans if span is not None])
        if len(spans) < len(inputs):
            why = f"{source.label} has no dates, so the days its units cover are unknown; declare its span under spans:"
            found.append(SalesPeriod(source, None, None, None, why))
            continue
        placed = [span for span in spans if span is not None]
        start = min((a for a, _ in placed), default=None)
        end = max((b for _, b in placed), default=None)
        found.append(SalesPeriod(source, days or None, start, end))
    return found


def _clip(start: date, end: date, window: Window) -> tuple[date, date] | None:
    first = max(start, window.start) if window.start else start
    last = min(end, window.end) if window.end else end
    return (first, last) if first <= last else None


def _days(spans: list[tuple[date, date]]) -> int:
    """Days in the union of inclusive spans (two months of Payments with a gap are not one span)."""
    total, reached = 0, None
    for start, end in sorted(spans):
        if reached is not None and start <= reached:
            start = reached + timedelta(days=1)
        if start <= end:
            total += (end - start).days + 1
        reached = end if reached is None else max(reached, end)
    return total


def velocity(parts: Mapping[str, Any], periods: list[SalesPeriod]) -> Velocity:
    """Units shipped in the 30 days before the snapshot; else the first sales source's units / days."""
    shipped = parts.get("units_shipped_t30")
    if shipped is not None:
        why = "no units shipped in the 30 days before the snapshot" if shipped == 0 else None
        return Velocity(int(shipped), 30, "units_shipped_t30", why)
    reasons = []
    for period in periods:
        if period.days is None:
            reasons.append(period.reason or f"{period.source.label} covers no day of the period")
            continue
        units = int(parts.get(period.source.part) or 0)  # the source counts: a SKU it does not list sold 0
        why = f"no units sold in the {period.days} days of {period.source.label}" if units == 0 else None
        return Velocity(units, period.days, period.source.basis, why)
    return Velocity(reason=reasons[0] if reasons else NO_VELOCITY)


def storage_rates(inputs: Inputs) -> tuple[dict[str, StorageRate | None], list[str]]:
    """Each ASIN's monthly storage fee per unit on hand in its latest month of charge, from every
    storage-fees input that can be opened again; and warnings. A rate, not a sum of the period: like
    the fee preview's rates, it is not placed in `--period` (docs/decisions.md, "Restock")."""
    rows: set[tuple[Any, ...]] = set()  # a row read twice (two copies of one download) counts once
    warnings = []
    for item in [found for found in inputs.found if found.kind == "storage-fees"]:
        if item.held is not None or regular_file(item.source) is None:
            warnings.append(
                f"{item.source}: storage fees per unit are not read from standard input or a pipe"
            )
            continue
        report = open_report(item.source, kind=item.kind, encoding=item.encoding)
        try:
            rows.update(_monthly(report.records()))
        finally:
            report.close()
    latest: dict[str, date] = {}
    for asin, month, *_ in rows:
        latest[asin] = max(latest.get(asin, month), month)
    totals: dict[str, tuple[Decimal, Decimal, set[str | None]]] = {}
    for asin, month, _, fee, quantity, currency in rows:
        if month == latest[asin]:
            fees, units, currencies = totals.get(asin, (Decimal(0), Decimal(0), set()))
            totals[asin] = (fees + fee, units + quantity, currencies | {currency})
    rates: dict[str, StorageRate | None] = {}
    for asin, (fee, quantity, currencies) in totals.items():
        # Fees in two currencies (two marketplaces) are never added: no rate, and the row says why.
        rates[asin] = (
            StorageRate(latest[asin], fee, quantity, next(iter(currencies))) if len(currencies) == 1 else None
        )
    return rates, warnings


def _monthly(records: Iterable[StorageFeeRow]) -> Iterable[tuple[Any, ...]]:
    for row in records:
        if row.charge != MONTHLY or not row.asin or row.period_start is None:
            continue
        if row.fee is None or row.average_quantity_on_hand is None:
            continue
        yield (
            row.asin,
            row.period_start,
            row.fulfillment_center,
            row.fee,
            row.average_quantity_on_hand,
            row.currency,
        )


def stock_facts(
    ledger: Ledger, sku_parts: Mapping[str, Mapping[str, Any]], maps: Maps, periods: list[SalesPeriod],
    rates: Mapping[str, StorageRate | None], storage_given: bool,
) -> list[StockFacts]:  # fmt: skip
    """One StockFacts per SKU of the inventory snapshot."""
    snapshots: dict[str, tuple[date | None, str | None]] = {}
    for source, _, sku, asin, start, _ in ledger.parts:
        if source == "inventory" and sku is not None:
            held = snapshots.get(sku)
            if held is None or (start is not None and (held[0] is None or start > held[0])):
                snapshots[sku] = (start, asin or (held[1] if held else None))
    facts = []
    for sku, (snapshot, asin) in sorted(snapshots.items()):
        parts = sku_parts.get(sku, {})
        asin = asin or maps.sku_asin.get(sku)
        reasons = {}
        inbound = parts.get("inbound_units")
        if inbound is None:
            reasons["inbound"] = ledger.absent.get(
                "inbound_units", "the inventory report gives no inbound units"
            )
            reasons["inbound"] += ", so no suggested quantity"
        aged = parts.get("aged_365_plus")
        if aged is None:
            reasons["aged_units"] = ledger.absent.get(
                "aged_365_plus", "the inventory report has no age buckets"
            )
        rate = rates.get(asin) if asin else None
        if rate is None:
            reasons["storage"] = _no_rate(asin, storage_given, asin in rates)
        facts.append(StockFacts(
            sku, asin, maps.category(sku), snapshot, int(parts.get("available_units") or 0),
            int(inbound) if inbound is not None else None, int(aged) if aged is not None else None,
            velocity(parts, periods), rate, reasons, present("ratio", METRICS["sell_through"].value(parts)),
            _count(parts.get("stranded_units")),
        ))  # fmt: skip
    return facts


def _count(value: Any) -> int | None:
    return int(value) if value is not None else None


def _no_rate(asin: str | None, storage_given: bool, mixed: bool) -> str:
    if not storage_given:
        return "needs a monthly storage fees report (storage-fees)"
    if asin is None:
        return "the reports give no ASIN for the SKU, and storage fees are per ASIN"
    if mixed:
        return f"the storage fees of ASIN {asin} are in several currencies, never added"
    return f"the storage-fees report has no monthly fee for ASIN {asin}"
