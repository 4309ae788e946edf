"""The result of `flywheel fees audit` (JSON `flywheel.fees-audit/1`, docs/json.md): the SKUs whose
FBA fee charged per unit exceeds the expected fee by more than the tolerance, ready for a
reimbursement case, and the SKUs that could not be checked, with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flywheel_cli.core.results import InputSummary, Skipped

TOLERANCE = Decimal("0.01")  # per unit: a difference of a cent or less is rounding, not an overcharge
PER_UNIT = Decimal("0.0001")  # an average per unit is shown to 4 places; totals are exact


def per_unit(value: Decimal) -> Decimal:
    """An average per unit: to the cent when it is whole cents (12.43), else to 4 places (5.2583)."""
    cents = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return cents if cents == value else value.quantize(PER_UNIT, ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One SKU in one marketplace: what its FBA order rows were charged, what the fee should be."""

    sku: str
    marketplace: str | None
    currency: str | None
    units: int  # FBA units on order rows
    charged: Decimal  # FBA fees of the SKU's rows (order rows, less what refund rows credited back)
    expected_per_unit: Decimal
    expected_from: str  # fee-preview | estimator
    first_order: date | None
    last_order: date | None
    size_tier: str | None

    @property
    def charged_per_unit(self) -> Decimal:
        return per_unit(self.charged / self.units)

    @property
    def overcharge(self) -> Decimal:
        """(charged − expected) per unit × units, computed from the totals: exact to the cent."""
        return self.charged - self.expected_per_unit * self.units

    @property
    def difference(self) -> Decimal:
        return per_unit(self.overcharge / self.units)

    @property
    def over(self) -> bool:
        return self.overcharge > TOLERANCE * self.units

    def to_record(self) -> dict[str, Any]:
        return {
            "scope": {"sku": self.sku}, "marketplace": self.marketplace, "currency": self.currency,
            "units": self.units, "charged": self.charged, "charged_per_unit": self.charged_per_unit,
            "expected_per_unit": self.expected_per_unit, "expected_from": self.expected_from,
            "difference_per_unit": self.difference, "overcharge": self.overcharge,
            "size_tier": self.size_tier,
            "period": {"start": _iso(self.first_order), "end": _iso(self.last_order)},
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Unchecked:
    """A SKU in one marketplace whose fee could not be checked, and why."""

    sku: str
    marketplace: str | None
    units: int
    charged: Decimal | None
    reason: str

    def to_record(self) -> dict[str, Any]:
        return {"scope": {"sku": self.sku}, "marketplace": self.marketplace, "units": self.units,
                "charged": self.charged, "reason": self.reason}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FeeAudit:
    """`flywheel fees audit`: the overcharged SKUs, largest overcharge first, and the SKUs not checked."""

    rows: tuple[AuditRow, ...]  # overcharged SKUs only, largest overcharge first
    checked: int  # SKUs compared (overcharged or not)
    unchecked: tuple[Unchecked, ...]
    inputs: tuple[InputSummary, ...]
    period_start: date | None = None
    period_end: date | None = None
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()

    schema = "flywheel.fees-audit/1"

    def total(self) -> dict[str, Any]:
        """The overcharge of every row; null, with the reason, when the rows are in several currencies."""
        currencies = sorted({row.currency or "" for row in self.rows})
        if len(currencies) > 1:
            by = {
                c: sum((r.overcharge for r in self.rows if (r.currency or "") == c), Decimal(0))
                for c in currencies
            }
            return {"overcharge": None, "currency": None, "overcharge_by_currency": by,
                    "reason": "the overcharged SKUs are in several currencies"}  # fmt: skip
        total = sum((row.overcharge for row in self.rows), Decimal(0))
        return {"overcharge": total, "currency": currencies[0] or None if currencies else None,
                "units": sum(row.units for row in self.rows)}  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        return [row.to_record() for row in self.rows]

    def body(self) -> dict[str, Any]:
        return {
            "inputs": [summary.to_record() for summary in self.inputs],
            "period": {"start": _iso(self.period_start), "end": _iso(self.period_end)},
            "tolerance_per_unit": TOLERANCE, "basis": "net",
            "rows": self.to_records(), "total": self.total(), "checked": self.checked,
            "unchecked": [item.to_record() for item in self.unchecked], "warnings": list(self.warnings),
        }  # fmt: skip


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
