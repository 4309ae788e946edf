"""Replenishment per SKU (`flywheel restock`): days of supply, reorder point, suggested order quantity,
projected stock-out date, and the excess and aged units with their storage cost.

Definitions (docs/analyses.md, "Restock"), for one SKU with velocity v units a day:

- reorder point = ⌈v × (lead time + safety days)⌉ units;
- suggested quantity = ⌈v × (lead time + cover days) − (available + inbound)⌉, never below 0;
- days of supply = available / v; stock-out date = snapshot date + ⌊available / v⌋ days;
- excess units = ⌊available − 90 × v⌋, never below 0 (all available units when v is 0);
- aged units = units in the inventory report's age bucket over 365 days.

Velocity is a `Fraction` so that ⌈⌉ and ⌊⌋ are exact: 140 units in 30 days × 45 days is 210, where a
Decimal quotient would be 210.000…015 and round up to 211. Nothing is invented: a value the inputs
cannot support is None, with the reason under the name of what is missing (`reasons`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any

from flywheel_cli.analyses.restock_settings import Settings

if TYPE_CHECKING:
    from fractions import Fraction

EXCESS_DAYS = 90  # Amazon's IPI: units above 90 days of supply are excess
CENT, RATE, DAYS, SPEED = Decimal("0.01"), Decimal("0.0001"), Decimal("0.01"), Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Velocity:
    """Units a day over a window: `units` in `days`, read from `basis`; or why it is unknown."""

    units: int | None = None
    days: int | None = None
    basis: str | None = (
        None  # units_shipped_t30 | payments_units_sold | business_units_ordered | orders_units_sold
    )
    reason: str | None = None  # why it is unknown, or why it is 0

    @property
    def per_day(self) -> Fraction | None:
        if self.units is None or not self.days:
            return None
        from fractions import Fraction  # imported when a SKU has a velocity: most reports plan no stock

        return Fraction(self.units, self.days)


@dataclass(frozen=True, slots=True)
class StorageRate:
    """An ASIN's monthly storage fee per unit on hand, in its latest month of charge."""

    month: date
    fee: Decimal  # Σ estimated monthly storage fee of the month's rows
    quantity: Decimal  # Σ average quantity on hand of the same rows
    currency: str | None

    @property
    def per_unit(self) -> Decimal | None:
        return self.fee / self.quantity if self.quantity else None


@dataclass(frozen=True, slots=True)
class StockFacts:
    """What the ledger says of one SKU (analyses/restock_inputs.py)."""

    sku: str
    asin: str | None
    category: str | None
    snapshot_date: date | None
    available: int
    inbound: int | None
    aged_units: int | None
    velocity: Velocity
    storage: StorageRate | None = None
    reasons: dict[str, str] = field(default_factory=dict)  # inbound / aged_units / storage: why absent
    sell_through: Decimal | None = None  # Amazon's IPI figure for the SKU, where the report carries it
    # Its units without an active offer (metrics/stranded_fold.py); None: no Stranded Inventory report
    stranded_units: int | None = None


@dataclass(frozen=True, slots=True)
class RestockRow:
    """One SKU's replenishment: its facts and settings, the figures they give, and why any is None."""

    facts: StockFacts
    settings: Settings
    days_of_supply: Decimal | None
    stockout_date: date | None
    reorder_point: int | None
    reorder_now: bool | None  # available + inbound at or below the reorder point
    suggested_quantity: int | None
    excess_units: int | None
    excess_storage_cost: Decimal | None
    aged_storage_cost: Decimal | None
    reasons: dict[str, str]

    def to_record(self) -> dict[str, Any]:
        facts, velocity, storage = self.facts, self.facts.velocity, self.facts.storage
        speed = velocity.per_day
        per_unit = storage.per_unit if storage else None
        return {
            "sku": facts.sku, "asin": facts.asin, "category": facts.category,
            "snapshot_date": _iso(facts.snapshot_date), "available": facts.available, "inbound": facts.inbound,
            "velocity": _round(speed, SPEED), "velocity_basis": velocity.basis, "velocity_units": velocity.units,
            "velocity_days": velocity.days, "days_of_supply": self.days_of_supply,
            "stockout_date": _iso(self.stockout_date), "lead_time_days": self.settings.lead_time_days,
            "safety_days": self.settings.safety_days, "cover_days": self.settings.cover_days,
            "settings_from": self.settings.source, "reorder_point": self.reorder_point,
            "reorder_now": self.reorder_now, "suggested_quantity": self.suggested_quantity,
            "excess_units": self.excess_units, "sell_through": facts.sell_through, "aged_units": facts.aged_units,
            "stranded_units": facts.stranded_units,
            "storage_month": storage.month.isoformat()[:7] if storage else None,
            "storage_fee_per_unit": per_unit.quantize(RATE, ROUND_HALF_EVEN) if per_unit is not None else None,
            "currency": storage.currency if storage else None,
            "excess_storage_cost": self.excess_storage_cost, "aged_storage_cost": self.aged_storage_cost,
            "reasons": dict(sorted(self.reasons.items())),
        }  # fmt: skip


def plan(facts: StockFacts, settings: Settings) -> RestockRow:
    """One SKU's replenishment (module docstring)."""
    reasons = dict(facts.reasons)
    speed = facts.velocity.per_day
    if speed is None or speed == 0:
        reasons["velocity"] = facts.velocity.reason or "the sales velocity is unknown"
    moving = speed if speed else None  # a rate to divide by: known and not 0
    supply = facts.available / moving if moving is not None else None  # an int over a Fraction: exact
    stockout = None
    if supply is not None:
        stockout = _after(facts.snapshot_date, math.floor(supply))
        if facts.snapshot_date is None:
            reasons["snapshot_date"] = "the inventory report has no snapshot date, so no stock-out date"
        elif stockout is None:
            reasons["snapshot_date"] = "the stock-out date is past the end of the calendar"
    reorder = (
        math.ceil(moving * (settings.lead_time_days + settings.safety_days)) if moving is not None else None
    )
    position = facts.available + facts.inbound if facts.inbound is not None else None
    suggested = None
    if moving is not None and position is not None:
        suggested = max(0, math.ceil(moving * (settings.lead_time_days + settings.cover_days) - position))
    excess = None
    if speed is not None:
        excess = max(0, math.floor(facts.available - EXCESS_DAYS * speed))
    rate = facts.storage.per_unit if facts.storage else None
    if facts.storage is not None and rate is None:
        reasons["storage"] = (
            f"the storage report shows no units on hand for ASIN {facts.asin} in {facts.storage.month:%Y-%m}"
        )
    return RestockRow(
        facts, settings, _round(supply, DAYS), stockout, reorder,
        reorder >= position if reorder is not None and position is not None else None, suggested, excess,
        _cost(excess, rate), _cost(facts.aged_units, rate), reasons,
    )  # fmt: skip


def urgency(row: RestockRow) -> tuple[Any, ...]:
    """Stock-out soonest first; rows without a date after, those that must reorder first among them."""
    return (
        row.stockout_date is None,
        row.stockout_date or date.max,
        row.reorder_now is not True,
        row.facts.sku,
    )


def _after(day: date | None, days: int) -> date | None:
    if day is None:
        return None
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _cost(units: int | None, rate: Decimal | None) -> Decimal | None:
    if units is None or rate is None:
        return None
    return (units * rate).quantize(CENT, ROUND_HALF_EVEN)


def _round(value: Fraction | None, quantum: Decimal) -> Decimal | None:
    """An exact fraction to `quantum` (half to even), for output only."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(quantum, ROUND_HALF_EVEN)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
